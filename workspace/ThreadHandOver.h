#pragma once
// Data handed to another thread through Qt (QThreadPool::start, QThread::create and wait) is
// safely published by Qt's own locks, but Qt is not built with ThreadSanitizer, which then sees
// no ordering and reports the hand-over as a race. These mark it for ThreadSanitizer: release
// on the giving side, acquire on the taking side, on the same token. No-ops in other builds.
#include <QRunnable>
#include <QThreadPool>
#include <utility>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TIDELINE_THREAD_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define TIDELINE_THREAD_SANITIZER 1
#endif

#ifdef TIDELINE_THREAD_SANITIZER
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace tideline::workspace {

inline void handOverRelease([[maybe_unused]] const void *token)
{
#ifdef TIDELINE_THREAD_SANITIZER
    __tsan_release(const_cast<void *>(token));
#endif
}

inline void handOverAcquire([[maybe_unused]] const void *token)
{
#ifdef TIDELINE_THREAD_SANITIZER
    __tsan_acquire(const_cast<void *>(token));
#endif
}

// QThreadPool::start(work), with the hand-over of `work` (and all it captured) marked.
template <class Work>
void startOnPool(QThreadPool &pool, Work work)
{
    class Task final : public QRunnable {
    public:
        explicit Task(Work w) : m_work(std::move(w)) { setAutoDelete(true); }
        void run() override
        {
            handOverAcquire(this);
            m_work();
        }

    private:
        Work m_work;
    };
    auto *task = new Task(std::move(work));
    handOverRelease(task);
    pool.start(task);
}

} // namespace tideline::workspace
