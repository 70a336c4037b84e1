#include "tests/golden/GoldenFile.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "engine/common/Status.h"

namespace tideline::golden {

using tideline::engine::errorCodeFromName;

std::string trim(std::string_view s)
{
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

static std::vector<std::string> splitWords(const std::string &s)
{
    std::istringstream in(s);
    std::vector<std::string> words;
    std::string w;
    while (in >> w)
        words.push_back(w);
    return words;
}

int parseErrorCode(const std::string &text)
{
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::stoi(text);
    return errorCodeFromName(text);
}

ParsedFile parseFile(const std::string &content, const std::string &fileName)
{
    ParsedFile out;
    std::vector<std::string> lines;
    {
        std::string line;
        std::istringstream in(content);
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            lines.push_back(line);
        }
    }
    auto problem = [&](size_t i, const std::string &msg) {
        out.errors.push_back(fileName + ":" + std::to_string(i + 1) + ": " + msg);
    };
    size_t i = 0;
    while (i < lines.size()) {
        std::string header = trim(lines[i]);
        if (header.empty() || header[0] == '#') {
            ++i;
            continue;
        }
        Record r;
        r.line = static_cast<int>(i + 1);
        auto words = splitWords(header);
        if (words[0] == "halt") {
            r.kind = RecordKind::Halt;
            out.records.push_back(r);
            break;
        }
        if (words[0] == "statement" && words.size() == 2 && words[1] == "ok") {
            r.kind = RecordKind::StatementOk;
        } else if (words[0] == "statement" && words.size() == 3 && words[1] == "error") {
            r.kind = RecordKind::StatementError;
            r.errorText = words[2];
        } else if (words[0] == "query" && words.size() == 3 && words[1] == "error") {
            r.kind = RecordKind::QueryError;
            r.errorText = words[2];
        } else if (words[0] == "query" && words.size() <= 2) {
            r.kind = RecordKind::Query;
            if (words.size() == 2)
                r.format = words[1];
        } else {
            problem(i, "unknown record header '" + header + "' (skipif/onlyif are not allowed)");
            // Skip to the next blank line.
            while (i < lines.size() && !trim(lines[i]).empty())
                ++i;
            continue;
        }
        if (r.kind == RecordKind::StatementError || r.kind == RecordKind::QueryError) {
            r.errorCode = parseErrorCode(r.errorText);
            if (r.errorCode <= 0)
                problem(i, "unknown error code '" + r.errorText + "'");
        }
        ++i;
        // SQL: until a blank line (statements) or "----" (queries).
        std::string sql;
        bool sawSeparator = false;
        while (i < lines.size()) {
            const std::string &l = lines[i];
            if (r.kind == RecordKind::Query && trim(l) == "----") {
                sawSeparator = true;
                ++i;
                break;
            }
            if (trim(l).empty())
                break;
            if (!sql.empty())
                sql += '\n';
            sql += l;
            ++i;
        }
        r.sql = sql;
        if (sql.empty())
            problem(static_cast<size_t>(r.line - 1), "record without SQL");
        if (r.kind == RecordKind::Query) {
            if (!sawSeparator) {
                problem(static_cast<size_t>(r.line - 1), "query without '----'");
            } else {
                while (i < lines.size() && !lines[i].empty()) {
                    r.expected.push_back(lines[i]);
                    ++i;
                }
            }
        }
        out.records.push_back(std::move(r));
    }
    return out;
}

} // namespace tideline::golden
