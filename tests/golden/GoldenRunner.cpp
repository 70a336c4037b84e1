#include "tests/golden/GoldenRunner.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using tideline::engine::Status;

namespace tideline::golden {

fs::path sourceDir(const char *configuredDir)
{
    if (const char *env = std::getenv("TIDELINE_SOURCE_DIR"); env && *env)
        return env;
    return configuredDir;
}

std::vector<std::string> discoverFiles(const fs::path &root)
{
    std::vector<std::string> files;
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return files;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        if (it->is_regular_file() && it->path().extension() == ".test")
            files.push_back(fs::relative(it->path(), root).generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string testName(const std::string &relative)
{
    std::string name = relative;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".test") == 0)
        name.resize(name.size() - 5);
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name.empty() ? "empty" : name;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string> &lines)
{
    if (lines.empty())
        return "    (no rows)\n";
    std::string s;
    for (const auto &l : lines)
        s += "    " + l + "\n";
    return s;
}

std::string describeStatus(const Status &s)
{
    return "error " + std::to_string(s.code()) + " (" + tideline::engine::errorCodeName(s.code()) + "): " + s.message();
}

std::string firstDifference(const std::vector<std::string> &expected, const std::vector<std::string> &actual)
{
    size_t n = std::max(actual.size(), expected.size());
    for (size_t k = 0; k < n; ++k) {
        const std::string *e = k < expected.size() ? &expected[k] : nullptr;
        const std::string *a = k < actual.size() ? &actual[k] : nullptr;
        if (e && a && *e == *a)
            continue;
        return "    line " + std::to_string(k + 1) + ": expected " + (e ? "[" + *e + "]" : "(none)") + " got " + (a ? "[" + *a + "]" : "(none)") + "\n";
    }
    return {};
}

TempDir::TempDir()
{
    std::random_device rd;
    std::mt19937_64 gen(rd());
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path p = fs::temp_directory_path() / ("tideline-golden-" + std::to_string(gen()));
        std::error_code ec;
        if (fs::create_directory(p, ec)) {
            m_path = p;
            return;
        }
    }
}

TempDir::~TempDir()
{
    std::error_code ec;
    if (!m_path.empty())
        fs::remove_all(m_path, ec);
}

namespace {

// Wire format child -> parent: "passed failed count\n" then count messages as "<size>\n<bytes>".
std::string encodeReport(const FileReport &r)
{
    std::string out = std::to_string(r.passed) + " " + std::to_string(r.failed) + " " + std::to_string(r.failures.size()) + "\n";
    for (const auto &f : r.failures)
        out += std::to_string(f.size()) + "\n" + f;
    return out;
}

bool decodeReport(const std::string &data, FileReport &r)
{
    std::istringstream in(data);
    size_t count = 0;
    if (!(in >> r.passed >> r.failed >> count))
        return false;
    in.get();
    for (size_t i = 0; i < count; ++i) {
        size_t size = 0;
        if (!(in >> size))
            return false;
        in.get();
        std::string msg(size, '\0');
        if (!in.read(msg.data(), static_cast<std::streamsize>(size)))
            return false;
        r.failures.push_back(std::move(msg));
    }
    return true;
}

void writeAll(int fd, const std::string &data)
{
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = write(fd, data.data() + off, data.size() - off);
        if (n <= 0)
            break;
        off += static_cast<size_t>(n);
    }
}

} // namespace

FileReport runIsolated(const std::function<FileReport()> &run, const std::string &display)
{
    if (std::getenv("TIDELINE_GOLDEN_NO_FORK"))
        return run();
    int fds[2];
    if (pipe(fds) != 0)
        return run();
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return run();
    }
    if (pid == 0) {
        close(fds[0]);
        writeAll(fds[1], encodeReport(run()));
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string data;
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        data.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    FileReport report;
    if (!decodeReport(data, report) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        report = FileReport();
        std::string how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                              : "exited with status " + std::to_string(WEXITSTATUS(status));
        report.failures.push_back("the engine process running " + display + " " + how +
                                  " (rerun with TIDELINE_GOLDEN_NO_FORK=1 TIDELINE_GOLDEN_TRACE=1 to find the record)");
        report.failed = 1;
    }
    return report;
}

} // namespace tideline::golden
