#pragma once
// Runs one materialized view: its streaming SELECT on a thread of its own, every emitted block
// appended to the view's target (its inner stream, or the INTO stream), exactly once across clean
// restarts and crashes.
//
// Commit. Each output block is appended together with the view's progress (ViewProgress: the
// position reached in every source, the output's sequence number, how many outputs were made at
// those positions, and the emit counters of the streaming operators) as the annotation of the
// same log record. The record is durable whole or not at all, so no crash can separate an output
// from the input it accounts for. On start the runner reads its progress back from the newest
// record of the target carrying its writer tag (StreamLog::lastSnOf); a throttled copy in the
// catalog (property "progress") is used only when the target no longer holds any of the view's
// records (TRUNCATE, or retention of a target shared with other writers), and may then be up to
// a second old. The view's first start stores where it began reading ("start_sn").
//
// External sources. A streaming read of an external stream whose reader is resumable (Kafka:
// partitions and offsets) is a source like a log: its next offset per partition travels in the
// same progress record (ViewProgress::offsets), the view's first start resolves and stores where
// it began ("start_offsets"), and a restart resumes each partition at its committed offset, so a
// PerBlock view from Kafka into a stream writes every message exactly once. A replay of such a
// source is not exact (messages arrive in batches that depend on timing, so watermarks and emits
// need not move as in the live run): a stateful view over it is Inexact, and with best_effort
// replays it from its start offsets up to the committed ones (messages past them are held back
// for the live run), so its state holds every message once, approximately as at the crash.
//
// Recovery, by the plan's operators (Operator::recovery):
//   PerBlock (filters, projections, tumble/hop assignment, UNION ALL of such branches, over any
//     number of streams): every input block yields at most one output, so the view simply
//     resumes each source at its committed position.
//   Replay (aggregations, windows, dedup, LIMIT, joins with a bounded side, ...; one stream):
//     deterministic replay. The query is planned from "start_sn" again, the source is read up
//     to the committed position with the output discarded and processing-time emits held, the
//     committed outputs at that position are skipped, and the saved emit state is restored (one
//     silent periodic emit when the live run had emitted after its last row, the emit_version()
//     counters). Replay sees the blocks live processing saw, since one INSERT is one log record
//     and a record is read as one block, so watermarks move identically. State that only
//     depended on the dropped input is rebuilt, so outputs equal those of a run without restart.
//   Inexact: EMIT TIMEOUT, PERIODIC ON UPDATE and ON PROCTIME on windows, dedup() with a ttl,
//     random streams (processing time decides what closes, counts as changed, is forgotten or is
//     generated), and state kept over several streams (stream joins, aggregations over a UNION of
//     streams: how reads of different logs interleaved is not recorded). CREATE refuses such a view (48) unless SETTINGS recovery_policy='best_effort';
//     with it, the same replay runs and only approximates the state at the crash.
//
// Limits. A replay reads the source from the view's start, so a restart costs a pass over the
// retained source. When retention has dropped records the replay needs, the state cannot be
// rebuilt: with recovery_policy='strict' (the default) the view does not run and reports 117,
// with 'best_effort' it replays what is left. Bounded inputs (a joined table, the current state
// of a versioned_kv stream) are read again at the restart, as they are now, and functions of the
// clock (now()) give new values during a replay.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "engine/common/Status.h"
#include "engine/exec/ExternalStream.h"
#include "engine/exec/Operator.h"
#include "engine/exec/ViewProgress.h"

namespace tideline::engine {

class Engine;
class ExternalStreamSource;
class QueryCursor;
class Session;
class StreamingScanOperator;
struct StreamInfo;

class MaterializedViewRunner {
public:
    MaterializedViewRunner(Engine &engine, std::shared_ptr<StreamInfo> view, std::shared_ptr<StreamInfo> target);
    ~MaterializedViewRunner();

    // Plans the SELECT (from the stored start, or from the end of the sources for a new view),
    // reads the committed progress and starts the thread, which replays first when the plan
    // keeps state. `creating`: refuse (48) a view that cannot recover exactly. Planning errors
    // come back here; a recovery that retention made impossible shows in lastError().
    Status start(bool creating);
    void stop();
    // Waits until the view has processed everything its sources held when called (or timeout).
    bool waitUntilCaughtUp(int64_t timeoutMs);
    Status lastError() const;
    const StreamInfo &target() const { return *m_target; }

private:
    void plan(const std::optional<std::vector<int64_t>> &starts);
    std::optional<std::string> storedProperty(const char *name) const;
    std::optional<std::vector<int64_t>> storedStarts() const;
    Recovery classify(std::string &why) const;
    Status prepareRecovery(bool bestEffort);
    std::optional<ViewProgress> committedProgress() const;
    Status recoverable(bool bestEffort) const;
    void run();
    Status replay();
    Status replayInput(const ViewProgress &committed);
    Status live();
    Status commit(const Block &block);
    void writeHint(bool force);
    std::vector<int64_t> positions() const;
    Result<std::vector<ExternalOffsets>> externalPositions() const;
    Status startExternals();
    bool reached(const ViewProgress &limits) const;

    Engine &m_engine;
    std::shared_ptr<StreamInfo> m_view;
    std::shared_ptr<StreamInfo> m_target;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QueryCursor> m_cursor;
    Operator *m_root = nullptr; // owned by m_cursor
    std::vector<StreamingScanOperator *> m_sources;
    std::vector<ExternalStreamSource *> m_externals; // streaming reads of external streams
    std::thread m_thread;
    std::atomic<bool> m_stop{false};

    Recovery m_recovery = Recovery::Replay;
    std::vector<int64_t> m_starts;            // where the view began reading ("start_sn")
    std::optional<ViewProgress> m_committed;  // read at start; drives the replay
    uint32_t m_tag = 0;
    uint64_t m_outputSeq = 0;
    std::vector<int64_t> m_lastPositions;     // source positions at the last output
    std::vector<ExternalOffsets> m_lastOffsets; // and external ones
    uint64_t m_outputsAtPositions = 0;
    std::string m_hint;                       // the last committed progress, for the catalog
    bool m_hintWritten = true;
    int64_t m_hintMs = INT64_MIN;

    mutable std::mutex m_mutex;
    std::condition_variable m_progress;
    std::vector<int64_t> m_idleAt; // source positions at the last time the view had nothing to do
    Status m_error;
};

} // namespace tideline::engine
