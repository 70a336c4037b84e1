#include "engine/exec/QueryCursor.h"

#include <thread>

namespace tideline::engine {

QueryCursor::QueryCursor(OperatorPtr root, std::vector<std::string> names, std::vector<DataTypePtr> types, bool streaming)
    : m_root(std::move(root)), m_names(std::move(names)), m_types(std::move(types)), m_streaming(streaming)
{
}

Result<Pull> QueryCursor::poll(Block &out)
{
    if (!m_root || m_done)
        return m_final.isOk() ? Result<Pull>(Pull::End) : Result<Pull>(m_final);
    try {
        for (;;) {
            if (m_cancelled.load()) {
                m_done = true;
                m_final = Status(ErrorCode::QueryWasCancelled, "Query was cancelled");
                return m_final;
            }
            Pull p = m_root->next(out);
            if (p == Pull::End)
                m_done = true;
            if (p == Pull::Block && out.rows() == 0)
                continue;
            if (p == Pull::Block)
                m_rows += out.rows();
            return p;
        }
    } catch (const EngineError &e) {
        m_done = true;
        m_final = e.status();
    } catch (const std::exception &e) {
        m_done = true;
        m_final = Status(ErrorCode::LogicalError, std::string("Internal error: ") + e.what());
    }
    return m_final;
}

Result<bool> QueryCursor::next(Block &out)
{
    if (!m_root || m_done)
        return m_final.isOk() ? Result<bool>(false) : Result<bool>(m_final);
    try {
        for (;;) {
            if (m_cancelled.load()) {
                m_done = true;
                m_final = Status(ErrorCode::QueryWasCancelled, "Query was cancelled");
                return m_final;
            }
            uint64_t seen = m_waker ? m_waker->generation() : 0;
            Pull p = m_root->next(out);
            if (p == Pull::End) {
                m_done = true;
                return false;
            }
            if (p == Pull::Pending) {
                // Sleep until a log we read gets an append (or a cancel); the bounded wait also
                // lets clock-driven operators run.
                if (m_waker)
                    m_waker->wait(seen, std::chrono::milliseconds(100));
                else
                    std::this_thread::yield();
                continue;
            }
            if (out.rows() == 0)
                continue;
            m_rows += out.rows();
            return true;
        }
    } catch (const EngineError &e) {
        m_done = true;
        m_final = e.status();
    } catch (const std::bad_alloc &) {
        m_done = true;
        m_final = Status(ErrorCode::CannotAllocateMemory, "Memory limit exceeded: cannot allocate memory for the query");
    } catch (const std::exception &e) {
        m_done = true;
        m_final = Status(ErrorCode::LogicalError, std::string("Internal error: ") + e.what());
    }
    return m_final;
}

} // namespace tideline::engine
