#include "engine/exec/MaterializedViewRunner.h"

#include <algorithm>
#include <functional>

#include "engine/exec/Engine.h"
#include "engine/exec/ExternalStreamSource.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/exec/StreamingScanOperator.h"
#include "engine/storage/LogReader.h"

namespace tideline::engine {

namespace {

constexpr int64_t kHintIntervalMs = 1000;
constexpr int kExternalReplayIdlePolls = 100; // of 100 ms: 10 s without a message

// Pre-order, so saving and restoring the emit state visit operators in the same order.
void forEachOperator(Operator &op, const std::function<void(Operator &)> &fn)
{
    fn(op);
    for (Operator *child : op.children())
        forEachOperator(*child, fn);
}

Recovery classifyTree(const Operator &op, std::string &why)
{
    Recovery r = op.recovery(why);
    for (const Operator *child : op.children()) {
        if (r == Recovery::Inexact)
            break;
        Recovery c = classifyTree(*child, why);
        if (c != Recovery::PerBlock)
            r = c;
    }
    return r;
}

// A setting of the view: in CREATE ... SETTINGS or in the SELECT's SETTINGS (where the parser
// puts a trailing SETTINGS clause).
std::string viewSetting(const StreamInfo &view, const std::string &name)
{
    auto text = [](const sql::Setting &s) { return s.value ? s.value->text : std::string(); };
    for (const auto &s : view.create->settings)
        if (s.name == name)
            return text(s);
    if (auto select = view.select())
        for (const auto &q : select->selects)
            for (const auto &s : q->settings)
                if (s.name == name)
                    return text(s);
    return {};
}

} // namespace

MaterializedViewRunner::MaterializedViewRunner(Engine &engine, std::shared_ptr<StreamInfo> view, std::shared_ptr<StreamInfo> target)
    : m_engine(engine), m_view(std::move(view)), m_target(std::move(target)), m_session(engine.createSession()),
      m_tag(ViewProgress::writerTag(m_view->object.uuid))
{
    m_session->setCurrentDatabase(m_view->database());
}

MaterializedViewRunner::~MaterializedViewRunner()
{
    stop();
}

// A property the catalog keeps for the view (current even when it restarts within one process).
std::optional<std::string> MaterializedViewRunner::storedProperty(const char *name) const
{
    auto object = m_engine.catalog().object(m_view->database(), m_view->name());
    if (!object)
        return std::nullopt;
    auto it = object->properties.find(name);
    return it == object->properties.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// "start_sn", or the position an older version stored after each block ("source_sn", one for
// all sources).
std::optional<std::vector<int64_t>> MaterializedViewRunner::storedStarts() const
{
    auto text = storedProperty("start_sn");
    if (!text)
        text = storedProperty("source_sn");
    if (!text)
        return std::nullopt;
    auto parsed = ViewProgress::decodeList(*text);
    if (!parsed) // an empty list is fine: a view over a random stream reads no log
        fail(ErrorCode::CorruptedData, "Bad stored start position '" + *text + "' of materialized view " + m_view->name());
    return parsed;
}

void MaterializedViewRunner::plan(const std::optional<std::vector<int64_t>> &starts)
{
    QueryPlanner planner(*m_session, m_session->settings());
    if (starts)
        planner.setStreamingStarts(*starts);
    PlannedQuery plan = planner.plan(*m_view->select());
    if (!plan.streaming)
        fail(ErrorCode::IncorrectQuery, "A materialized view needs a streaming query; its SELECT reads no stream");
    m_sources = plan.streamingScans;
    m_externals = plan.externalSources;
    if (starts && starts->size() == 1 && m_sources.size() > 1) // an older single "source_sn"
        for (auto *s : m_sources)
            s->seek(starts->front());
    m_root = plan.root.get();
    m_cursor = std::make_unique<QueryCursor>(std::move(plan.root), plan.names, plan.types, true);
    for (auto &k : plan.keepAlive)
        m_cursor->keepAlive(k);
    m_cursor->setWaker(plan.waker);
    m_starts = positions();
}

Recovery MaterializedViewRunner::classify(std::string &why) const
{
    Recovery r = classifyTree(*m_root, why);
    if (r == Recovery::Replay && m_sources.size() + m_externals.size() > 1) {
        why = "it keeps state over several streams, and how reads of different logs interleave is not recorded, so a replay cannot rebuild that state";
        return Recovery::Inexact;
    }
    if (r == Recovery::Replay && !m_externals.empty()) {
        why = "it keeps state over an external stream, whose messages a replay would not see in the batches the live run saw";
        return Recovery::Inexact;
    }
    return r;
}

Status MaterializedViewRunner::start(bool creating)
{
    bool bestEffort = false;
    try {
        auto starts = storedStarts();
        plan(starts);
        std::string why;
        m_recovery = classify(why);
        bestEffort = viewSetting(*m_view, "recovery_policy") == "best_effort";
        if (m_recovery == Recovery::Inexact && creating && !bestEffort)
            return Status(ErrorCode::NotImplemented, "Materialized view " + m_view->name() + " could not resume exactly after a restart: " + why +
                                                         ". Add SETTINGS recovery_policy='best_effort' to accept an approximate recovery");
        if (!starts)
            if (Status s = m_engine.catalog().setProperty(m_view->database(), m_view->name(), "start_sn", ViewProgress::encodeList(m_starts)); !s)
                return s;
        if (Status s = startExternals(); !s)
            return s;
    } catch (const EngineError &e) {
        return e.status();
    }
    if (Status s = prepareRecovery(bestEffort); !s) {
        if (creating)
            return s;
        std::lock_guard lock(m_mutex);
        m_error = s; // the view stays registered (its error visible) but does not run; the engine opens
        return {};
    }
    m_thread = std::thread([this] { run(); });
    return {};
}

// External sources start where the view's first start found them ("start_offsets"), resolved and
// stored then, so messages that arrive before the first output (or while the view is stopped
// before it) are not skipped by a `latest` that moved on.
Status MaterializedViewRunner::startExternals()
{
    if (m_externals.empty())
        return {};
    if (auto text = storedProperty("start_offsets")) {
        auto stored = ViewProgress::decodeOffsets(*text);
        if (!stored || stored->size() != m_externals.size())
            return Status(ErrorCode::CorruptedData, "Bad stored start offsets '" + *text + "' of materialized view " + m_view->name());
        for (size_t i = 0; i < m_externals.size(); ++i)
            m_externals[i]->resumeAt((*stored)[i]);
        return {};
    }
    std::vector<ExternalOffsets> starts;
    for (auto *e : m_externals) {
        auto at = e->positions();
        if (!at)
            return at.status();
        starts.push_back(std::move(*at));
    }
    return m_engine.catalog().setProperty(m_view->database(), m_view->name(), "start_offsets", ViewProgress::encodeOffsets(starts));
}

// Reads the committed progress and puts the plan where it resumes from: PerBlock plans at the
// committed positions, stateful ones get their replay in run().
Status MaterializedViewRunner::prepareRecovery(bool bestEffort)
{
    try {
        m_committed = committedProgress();
    } catch (const EngineError &e) {
        return Status(e.status().code(), "Materialized view " + m_view->name() + " cannot read its progress: " + e.status().message());
    }
    if (!m_committed)
        return {};
    ViewProgress &p = *m_committed;
    // No offsets: progress a best_effort view wrote before they were recorded; its external
    // sources start from their start offsets.
    if (p.positions.size() != m_sources.size() || (!p.offsets.empty() && p.offsets.size() != m_externals.size()))
        return Status(ErrorCode::CorruptedData, "The committed progress of materialized view " + m_view->name() + " does not match its sources");
    for (size_t i = 0; i < m_sources.size(); ++i) {
        // Past the end only when the source lost records it had acknowledged (no fsync, or a disk
        // that lies about it): those sns are taken by new records now.
        const int64_t end = m_sources[i]->log().nextSn();
        if (p.positions[i] > end && m_recovery != Recovery::PerBlock && !bestEffort)
            return Status(ErrorCode::IncorrectData, "Materialized view " + m_view->name() + " processed records of " + m_sources[i]->name() +
                                                        " its log no longer holds; set recovery_policy='best_effort' to go on");
        p.positions[i] = std::min(p.positions[i], end);
    }
    m_outputSeq = p.outputSeq;
    m_lastPositions = p.positions;
    m_outputsAtPositions = p.outputsAtPositions;
    m_lastOffsets = p.offsets;
    if (m_recovery == Recovery::PerBlock) {
        for (size_t i = 0; i < m_sources.size(); ++i)
            m_sources[i]->seek(p.positions[i]);
        for (size_t i = 0; i < p.offsets.size(); ++i)
            m_externals[i]->resumeAt(p.offsets[i]);
    }
    return recoverable(bestEffort);
}

// The newest progress: the view's last record in the target, or the catalog's hint when that is
// newer (the target lost the view's records).
std::optional<ViewProgress> MaterializedViewRunner::committedProgress() const
{
    std::optional<ViewProgress> committed;
    // An external target (Kafka) keeps no progress beside the output: only the catalog's copy,
    // written with every output for such a target, so a restart may repeat the last outputs
    // (at least once) but loses none.
    for (int64_t before = INT64_MAX; !committed && m_target->log;) {
        const StreamLog &log = *m_target->log;
        int64_t sn = log.lastSnOf(m_tag, before);
        if (sn < 0)
            break;
        LogReader reader(log, sn);
        Block block;
        RecordMeta meta;
        std::string annotation;
        if (!reader.next(block, meta, &annotation) && !reader.status().isOk())
            throw EngineError(reader.status());
        auto p = meta.sn == sn ? ViewProgress::decode(annotation) : std::nullopt; // else retention took it meanwhile
        if (p && p->view == m_view->object.uuid)
            committed = std::move(p);
        before = sn; // another writer with the same tag: look further back
    }
    auto text = storedProperty("progress");
    auto hint = text ? ViewProgress::decode(*text) : std::nullopt;
    if (hint && hint->view == m_view->object.uuid && (!committed || hint->outputSeq > committed->outputSeq))
        committed = std::move(hint);
    return committed;
}

// A replay must start where the view started; retention may have dropped that part.
Status MaterializedViewRunner::recoverable(bool bestEffort) const
{
    if (!m_committed || m_recovery == Recovery::PerBlock || bestEffort)
        return {};
    for (size_t i = 0; i < m_sources.size(); ++i) {
        int64_t first = m_sources[i]->log().firstSn();
        if (first > m_starts[i])
            return Status(ErrorCode::IncorrectData, "Materialized view " + m_view->name() + " cannot rebuild its state: retention (or TRUNCATE) dropped records " +
                                                        std::to_string(m_starts[i]) + ".." + std::to_string(first - 1) + " of its source " +
                                                        m_sources[i]->name() + ", which a replay needs. Recreate the view, or set recovery_policy='best_effort'");
    }
    return {};
}

void MaterializedViewRunner::stop()
{
    m_stop.store(true);
    if (m_cursor)
        m_cursor->cancel();
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<int64_t> MaterializedViewRunner::positions() const
{
    std::vector<int64_t> out;
    out.reserve(m_sources.size());
    for (const auto *s : m_sources)
        out.push_back(s->position());
    return out;
}

Result<std::vector<ExternalOffsets>> MaterializedViewRunner::externalPositions() const
{
    std::vector<ExternalOffsets> out;
    out.reserve(m_externals.size());
    for (auto *e : m_externals) {
        auto at = e->positions(); // the reader has started: no call to the peer
        if (!at)
            return at.status();
        out.push_back(std::move(*at));
    }
    return out;
}

bool MaterializedViewRunner::reached(const ViewProgress &limits) const
{
    for (size_t i = 0; i < m_sources.size(); ++i)
        if (m_sources[i]->position() < limits.positions[i])
            return false;
    for (size_t i = 0; i < limits.offsets.size(); ++i)
        if (!m_externals[i]->reached(limits.offsets[i]))
            return false;
    return true;
}

void MaterializedViewRunner::run()
{
    Status s = m_committed && m_recovery != Recovery::PerBlock ? replay() : Status();
    if (s)
        s = live();
    if (!s && s.code() != static_cast<int>(ErrorCode::QueryWasCancelled)) {
        std::lock_guard lock(m_mutex);
        m_error = s;
    }
    writeHint(true);
    m_progress.notify_all();
}

// Rebuilds the state the plan had right after the last committed output (see the header).
Status MaterializedViewRunner::replay()
{
    const ViewProgress &committed = *m_committed;
    for (size_t i = 0; i < m_sources.size(); ++i)
        m_sources[i]->setLimit(committed.positions[i]);
    forEachOperator(*m_root, [](Operator &op) { op.holdClock(true); });
    Status status;
    try {
        for (size_t i = 0; i < committed.offsets.size(); ++i)
            m_externals[i]->setLimit(committed.offsets[i]);
        status = replayInput(committed);
        if (status && m_stop.load())
            status = Status(ErrorCode::QueryWasCancelled, "Materialized view stopped during its replay");
        if (status) {
            size_t at = 0;
            forEachOperator(*m_root, [&](Operator &op) { op.restoreEmitState(committed.emitState, at); });
            if (at != committed.emitState.size())
                fail(ErrorCode::CorruptedData, "The saved emit state does not match the plan");
        }
    } catch (const EngineError &e) {
        status = Status(e.status().code(), "Materialized view " + m_view->name() + ": " + e.status().message());
    }
    for (auto *s : m_sources)
        s->setLimit(INT64_MAX);
    for (auto *e : m_externals)
        e->clearLimit();
    forEachOperator(*m_root, [](Operator &op) { op.holdClock(false); });
    return status;
}

// Runs the plan over the sources up to the committed positions, discarding what it makes.
Status MaterializedViewRunner::replayInput(const ViewProgress &committed)
{
    uint64_t atCommit = 0; // outputs made at the committed positions, as the live run counted them
    int idle = 0;          // polls in a row without input
    while (!m_stop.load()) {
        Block block;
        auto r = m_cursor->poll(block);
        if (!r)
            return r.status();
        if (*r == Pull::End)
            break;
        const bool atPositions = reached(committed);
        if (*r == Pull::Block) {
            idle = 0;
            if (atPositions && ++atCommit >= committed.outputsAtPositions)
                break; // what the plan makes next was never committed
            continue;
        }
        if (atPositions)
            break; // the remaining committed outputs came from the clock: restoring the emit state redoes them
        // A log always holds what the view committed (prepareRecovery); a topic may not (it was
        // recreated): a best_effort replay of an external stream gives up waiting.
        if (!m_externals.empty() && ++idle > kExternalReplayIdlePolls)
            break;
        m_cursor->waitForData(std::chrono::milliseconds(100));
    }
    return {};
}

Status MaterializedViewRunner::live()
{
    while (!m_stop.load()) {
        Block block;
        auto r = m_cursor->poll(block);
        if (!r)
            return r.status();
        if (*r == Pull::End)
            return {};
        if (*r == Pull::Pending) {
            writeHint(false);
            {
                std::lock_guard lock(m_mutex);
                m_idleAt = positions();
            }
            m_progress.notify_all();
            m_cursor->waitForData(std::chrono::milliseconds(100));
            continue;
        }
        if (Status s = commit(block); !s)
            return s;
    }
    return {};
}

// One output block and the progress it completes, in one log record.
Status MaterializedViewRunner::commit(const Block &block)
{
    ViewProgress p;
    p.view = m_view->object.uuid;
    p.positions = positions();
    auto offsets = externalPositions();
    if (!offsets)
        return offsets.status();
    p.offsets = std::move(*offsets);
    if (p.positions != m_lastPositions || p.offsets != m_lastOffsets) {
        m_lastPositions = p.positions;
        m_lastOffsets = p.offsets;
        m_outputsAtPositions = 0;
    }
    p.outputsAtPositions = ++m_outputsAtPositions;
    p.outputSeq = ++m_outputSeq;
    forEachOperator(*m_root, [&](Operator &op) { op.saveEmitState(p.emitState); });
    RecordAnnotation annotation{m_tag, p.encode()};
    if (Status s = appendRows(*m_session, *m_target, block, &annotation); !s)
        return s;
    m_hint = std::move(annotation.bytes);
    m_hintWritten = false;
    writeHint(!m_target->log);
    return {};
}

// The catalog copy of the progress is only a fallback (see the header), so it is written at most
// once a second and when the view stops, not with every output; a failure is not the view's.
void MaterializedViewRunner::writeHint(bool force)
{
    if (m_hintWritten)
        return;
    const int64_t now = m_engine.clock().nowMillis();
    if (!force && m_hintMs != INT64_MIN && now - m_hintMs < kHintIntervalMs)
        return;
    m_hintMs = now;
    m_hintWritten = true;
    (void)m_engine.catalog().setProperty(m_view->database(), m_view->name(), "progress", m_hint);
}

bool MaterializedViewRunner::waitUntilCaughtUp(int64_t timeoutMs)
{
    // Caught up: idle at positions at or past the ends the sources had when we were called.
    std::vector<int64_t> ends;
    for (const auto *s : m_sources)
        ends.push_back(s->log().nextSn());
    std::unique_lock lock(m_mutex);
    return m_progress.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        if (!m_error.isOk())
            return true;
        if (m_idleAt.size() != ends.size())
            return false;
        for (size_t i = 0; i < ends.size(); ++i)
            if (m_idleAt[i] < ends[i])
                return false;
        return true;
    });
}

Status MaterializedViewRunner::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

} // namespace tideline::engine
