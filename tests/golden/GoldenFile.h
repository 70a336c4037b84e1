#pragma once
// The .test file format of the golden SQL suite (see README.md): records of statements, queries
// and expected output or error codes, parsed with the line of each record for messages.

#include <string>
#include <string_view>
#include <vector>

namespace tideline::golden {

enum class RecordKind { StatementOk, StatementError, Query, QueryError, Halt };

struct Record {
    RecordKind kind = RecordKind::StatementOk;
    int line = 0;              // 1-based line of the header
    std::string sql;
    std::string format;        // queries: output format ("" = TabSeparated)
    std::string errorText;     // errors: the code as written (number or name)
    int errorCode = 0;
    std::vector<std::string> expected;
};

struct ParsedFile {
    std::vector<Record> records;
    std::vector<std::string> errors; // problems in the file itself
};

std::string trim(std::string_view s);
// A Proton error code given as a number or a name (UNKNOWN_STREAM); -1 when unknown.
int parseErrorCode(const std::string &text);
ParsedFile parseFile(const std::string &content, const std::string &fileName);

} // namespace tideline::golden
