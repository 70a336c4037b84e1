#include "tests/golden/StreamingScript.h"

#include <cctype>
#include <sstream>

#include "engine/formats/DateTimeParser.h"
#include "engine/formats/TimeZones.h"
#include "tests/golden/GoldenFile.h"

namespace tideline::golden {

namespace {

std::vector<std::string> splitWords(const std::string &s)
{
    std::istringstream in(s);
    std::vector<std::string> words;
    std::string w;
    while (in >> w)
        words.push_back(w);
    return words;
}

bool isName(const std::string &s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

// Reads a file line by line; a record's header, body and expected lines are consumed in turn.
class ScriptParser {
public:
    ScriptParser(const std::string &content, const std::string &fileName) : m_fileName(fileName)
    {
        std::string line;
        std::istringstream in(content);
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            m_lines.push_back(line);
        }
    }

    StreamingScript parse()
    {
        while (m_i < m_lines.size()) {
            std::string header = trim(m_lines[m_i]);
            if (header.empty() || header[0] == '#') {
                ++m_i;
                continue;
            }
            Step step;
            step.line = static_cast<int>(m_i + 1);
            ++m_i;
            if (!parseHeader(splitWords(header), step)) {
                problem(step.line, "unknown or malformed record header '" + header + "'");
                skipBlock();
                continue;
            }
            parseBody(step);
            bool halt = step.kind == StepKind::Halt;
            m_out.steps.push_back(std::move(step));
            if (halt)
                break;
        }
        return std::move(m_out);
    }

private:
    void problem(int line, const std::string &msg) { m_out.errors.push_back(m_fileName + ":" + std::to_string(line) + ": " + msg); }

    void skipBlock()
    {
        while (m_i < m_lines.size() && !trim(m_lines[m_i]).empty())
            ++m_i;
    }

    bool setError(Step &step, StepKind kind, const std::string &code)
    {
        step.kind = kind;
        step.errorText = code;
        step.errorCode = parseErrorCode(code);
        if (step.errorCode <= 0)
            problem(step.line, "unknown error code '" + code + "'");
        return true;
    }

    bool parseHeader(const std::vector<std::string> &w, Step &step)
    {
        const std::string &head = w[0];
        if (head == "halt" && w.size() == 1)
            return step.kind = StepKind::Halt, true;
        if (head == "statement" && w.size() == 2 && w[1] == "ok")
            return step.kind = StepKind::StatementOk, true;
        if ((head == "statement" || head == "query") && w.size() == 3 && w[1] == "error")
            return setError(step, head == "statement" ? StepKind::StatementError : StepKind::QueryError, w[2]);
        if (head == "query") {
            step.kind = StepKind::Query;
            return parseFlags(w, 1, step);
        }
        if ((head == "stream" || head == "cancel") && w.size() == 2 && isName(w[1])) {
            step.kind = head == "stream" ? StepKind::Stream : StepKind::Cancel;
            step.name = w[1];
            return true;
        }
        if (head == "check")
            return parseCheckHeader(w, step);
        if (head == "insert" && w.size() >= 2)
            return parseInsertHeader(w, step);
        if (head == "advance" && w.size() == 2) {
            step.kind = StepKind::Advance;
            step.nanos = parseDuration(w[1]);
            return step.nanos > 0;
        }
        if (head == "clock" && w.size() >= 2)
            return parseClockHeader(w, step);
        return false;
    }

    bool parseCheckHeader(const std::vector<std::string> &w, Step &step)
    {
        if (w.size() < 2 || !isName(w[1]))
            return false;
        step.kind = StepKind::Check;
        step.name = w[1];
        if (w.size() == 4 && w[2] == "error")
            return setError(step, StepKind::CheckError, w[3]);
        return parseFlags(w, 2, step);
    }

    // [rowsort] [ended] [Format], in any order (`ended` only for checks).
    bool parseFlags(const std::vector<std::string> &w, size_t from, Step &step)
    {
        for (size_t k = from; k < w.size(); ++k) {
            if (w[k] == "rowsort")
                step.rowsort = true;
            else if (w[k] == "ended" && step.kind == StepKind::Check)
                step.ended = true;
            else if (step.format.empty())
                step.format = w[k];
            else
                return false;
        }
        return true;
    }

    // insert STREAM [(a, b)]: the rows become INSERT INTO STREAM (a, b) FORMAT TabSeparated.
    bool parseInsertHeader(const std::vector<std::string> &w, Step &step)
    {
        step.kind = StepKind::Insert;
        std::string columns;
        for (size_t k = 2; k < w.size(); ++k)
            columns += (k > 2 ? " " : "") + w[k];
        if (!columns.empty() && (columns.front() != '(' || columns.back() != ')'))
            return false;
        step.sql = "INSERT INTO " + w[1] + (columns.empty() ? "" : " " + columns) + " FORMAT TabSeparated\n";
        return true;
    }

    bool parseClockHeader(const std::vector<std::string> &w, Step &step)
    {
        std::string text = w[1];
        for (size_t k = 2; k < w.size(); ++k)
            text += " " + w[k];
        int64_t ms = 0;
        if (!tideline::engine::parseDateTimeBestEffort(text, tideline::engine::TimeZone::get("UTC"), 3, ms))
            return false;
        step.kind = StepKind::Clock;
        step.nanos = ms * 1000000;
        return true;
    }

    // SQL or rows until a blank line; queries and checks then have "----" and expected lines.
    void parseBody(Step &step)
    {
        switch (step.kind) {
        case StepKind::StatementOk:
        case StepKind::StatementError:
        case StepKind::QueryError:
        case StepKind::Stream:
            step.sql = readUntil(false);
            if (step.sql.empty())
                problem(step.line, "record without SQL");
            return;
        case StepKind::Query:
            step.sql = readUntil(true);
            if (step.sql.empty())
                problem(step.line, "record without SQL");
            readExpected(step);
            return;
        case StepKind::Insert: {
            std::string rows = readUntil(false);
            if (rows.empty())
                problem(step.line, "insert without rows");
            step.sql += rows;
            return;
        }
        case StepKind::Check:
            if (m_i < m_lines.size() && trim(m_lines[m_i]) == "----")
                ++m_i;
            else
                problem(step.line, "check without '----' (an empty expectation is '----' and a blank line)");
            readExpected(step);
            return;
        default:
            return;
        }
    }

    // Lines until a blank one; with `separator`, also stops after a "----" line.
    std::string readUntil(bool separator)
    {
        std::string text;
        while (m_i < m_lines.size()) {
            const std::string &l = m_lines[m_i];
            if (trim(l).empty())
                break;
            ++m_i;
            if (separator && trim(l) == "----") {
                m_sawSeparator = true;
                return text;
            }
            text += (text.empty() ? "" : "\n") + l;
        }
        m_sawSeparator = false;
        return text;
    }

    void readExpected(Step &step)
    {
        if (step.kind == StepKind::Query && !m_sawSeparator) {
            problem(step.line, "query without '----'");
            return;
        }
        while (m_i < m_lines.size() && !m_lines[m_i].empty())
            step.expected.push_back(m_lines[m_i++]);
    }

    std::string m_fileName;
    std::vector<std::string> m_lines;
    size_t m_i = 0;
    bool m_sawSeparator = false;
    StreamingScript m_out;
};

} // namespace

int64_t parseDuration(const std::string &text)
{
    size_t unitPos = text.find_first_not_of("0123456789");
    if (unitPos == 0 || unitPos == std::string::npos)
        return -1;
    int64_t amount = std::stoll(text.substr(0, unitPos));
    std::string unit = text.substr(unitPos);
    int64_t scale = unit == "ns" ? 1
        : unit == "us"           ? 1000
        : unit == "ms"           ? 1000000
        : unit == "s"            ? 1000000000LL
        : unit == "m"            ? 60000000000LL
        : unit == "h"            ? 3600000000000LL
        : unit == "d"            ? 86400000000000LL
                                 : -1;
    return scale < 0 ? -1 : amount * scale;
}

StreamingScript parseStreamingScript(const std::string &content, const std::string &fileName)
{
    return ScriptParser(content, fileName).parse();
}

} // namespace tideline::golden
