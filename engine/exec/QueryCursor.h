#pragma once
// The result of one statement: a header (names and types) and a pull interface over blocks.
// DDL and INSERT give a cursor with no columns and no rows. next() converts anything thrown
// inside the operators into a Status; after an error or the end it keeps returning that.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/Status.h"
#include "engine/exec/Operator.h"
#include "engine/exec/QueryWaker.h"

namespace tideline::engine {

class QueryCursor {
public:
    QueryCursor() = default;
    QueryCursor(OperatorPtr root, std::vector<std::string> names, std::vector<DataTypePtr> types, bool streaming = false);

    const std::vector<std::string> &names() const { return m_names; }
    const std::vector<DataTypePtr> &types() const { return m_types; }
    bool hasResult() const { return m_root != nullptr; }
    bool isStreaming() const { return m_streaming; }

    // Next non-empty block; false at the end. Streaming cursors block until data arrives,
    // the query ends (LIMIT) or cancel() is called (then the status is 394).
    Result<bool> next(Block &out);
    // One attempt without waiting: Block, Pending (a streaming query has nothing now) or End.
    Result<Pull> poll(Block &out);
    // Safe from any thread (and from a signal handler, except for the wake-up, which the
    // cursor's bounded wait makes unnecessary).
    void cancel()
    {
        m_cancelled.store(true);
        if (m_waker)
            m_waker->notify();
    }
    // Async-signal-safe: only sets the flag; the cursor notices within its bounded wait.
    void cancelFromSignal() { m_cancelled.store(true); }
    // Sleeps until a source gets new data, a cancel, or the timeout (for poll() loops).
    void waitForData(std::chrono::milliseconds timeout)
    {
        if (m_waker)
            m_waker->wait(m_waker->generation(), timeout);
    }
    void setWaker(std::shared_ptr<QueryWaker> waker) { m_waker = std::move(waker); }
    bool isCancelled() const { return m_cancelled.load(); }

    uint64_t rowsProduced() const { return m_rows; }
    const Operator *root() const { return m_root.get(); }
    // Keeps objects the plan reads alive as long as the cursor.
    void keepAlive(std::shared_ptr<void> object) { m_keepAlive.push_back(std::move(object)); }

private:
    OperatorPtr m_root;
    std::vector<std::string> m_names;
    std::vector<DataTypePtr> m_types;
    bool m_streaming = false;
    std::atomic<bool> m_cancelled{false};
    Status m_final;
    bool m_done = false;
    uint64_t m_rows = 0;
    std::vector<std::shared_ptr<void>> m_keepAlive;
    std::shared_ptr<QueryWaker> m_waker;
};

} // namespace tideline::engine
