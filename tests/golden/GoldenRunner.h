#pragma once
// What the golden drivers share besides the file format: discovery of the script files, a
// temporary data folder per file, running one file in a forked child (an engine crash fails
// that file only) and the failure report that travels back to the parent.

#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/common/Status.h"

namespace tideline::golden {

// The source tree: TIDELINE_SOURCE_DIR (set by ctest) or the folder the binary was configured from.
std::filesystem::path sourceDir(const char *configuredDir);
// The *.test files under `root`, relative and sorted.
std::vector<std::string> discoverFiles(const std::filesystem::path &root);
// A GoogleTest parameter name for a relative path ("windows/tumble.test" -> "windows_tumble").
std::string testName(const std::string &relative);

std::vector<std::string> splitLines(const std::string &text);
// Lines indented for a failure message; "(no rows)" when there are none.
std::string joinLines(const std::vector<std::string> &lines);
std::string describeStatus(const tideline::engine::Status &s);
// "line N: expected [..] got [..]" for the first differing line, or "".
std::string firstDifference(const std::vector<std::string> &expected, const std::vector<std::string> &actual);

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct FileReport {
    std::vector<std::string> failures;
    int passed = 0;
    int failed = 0;
};

// Streams one failure message into a report when it goes out of scope.
class FailureSink {
public:
    explicit FailureSink(FileReport &report, const std::string &prefix = {}) : m_report(report) { m_stream << prefix; }
    ~FailureSink() { m_report.failures.push_back(m_stream.str()); }
    template <typename T>
    FailureSink &operator<<(const T &v)
    {
        m_stream << v;
        return *this;
    }

private:
    FileReport &m_report;
    std::ostringstream m_stream;
};

// Runs `run` in a forked child (in-process with TIDELINE_GOLDEN_NO_FORK) and returns its report;
// a child that crashes gives one failure naming `display`.
FileReport runIsolated(const std::function<FileReport()> &run, const std::string &display);

} // namespace tideline::golden
