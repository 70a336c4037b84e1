#include "engine/sql/Keywords.h"

#include <algorithm>
#include <array>

namespace tideline::engine::sql {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

std::string toUpper(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 32);
    return out;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    return out;
}

namespace {

// Sorted, upper case.
constexpr std::array kClauseKeywords = {
    "AFTER", "ALL", "AND", "ANTI", "ANY", "ARRAY", "AS", "ASC", "ASCENDING", "ASOF", "BETWEEN", "BY", "COMMENT", "CROSS",
    "DESC", "DESCENDING", "DISTINCT", "ELSE", "EMIT", "END", "EXCEPT", "FINAL", "FORMAT", "FROM", "FULL", "GLOBAL",
    "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "INTO", "IS", "JOIN", "LATEST", "LEFT", "LIKE", "LIMIT",
    "NOT", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PREWHERE", "QUALIFY", "RIGHT",
    "SAMPLE", "SEMI", "SETTINGS", "THEN", "UNION", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
};

constexpr std::array kOtherKeywords = {
    "ABORT", "ADD", "AGGREGATE", "ALIAS", "ALTER", "AUTH_HEADER", "AUTH_KEY", "AUTH_METHOD", "CASE", "CAST",
    "CHANGELOG", "CLOSE", "CODEC", "COLLATE", "COLUMN", "COLUMNS", "COMMENT", "CREATE", "CURRENT", "DATABASE", "DATABASES",
    "DAY", "DEFAULT", "DELAY", "DESCRIBE", "DROP", "EXECUTION_TIMEOUT", "EXISTS", "EXPLAIN", "EXTERNAL", "FALSE",
    "FIRST", "FLUSH", "FOLLOWING", "FUNCTION", "FUNCTIONS", "HOUR", "IF", "INDEX", "INSERT", "INTERVAL", "KEY",
    "KILL", "LANGUAGE", "LAST", "LOGS", "MATERIALIZED", "MICROSECOND", "MILLISECOND", "MINUTE", "MODIFY", "MONTH",
    "NANOSECOND", "NULL", "OPTIMIZE", "PAUSE", "PERIODIC", "PRECEDING", "PRIMARY", "PROCTIME", "QUARTER", "QUERY",
    "RANDOM", "RANGE", "RECOVER", "REMOTE", "RENAME", "REPEAT", "REPLACE", "RETURNS", "ROW", "ROWS", "SCHEMA",
    "SECOND", "SELECT", "SET", "SETTING", "SHOW", "STREAM", "STREAMS", "SUBSCRIBE", "SYNC", "SYSTEM", "TABLE",
    "TEMPORARY", "TIES", "TIMEOUT", "TO", "TOTALS", "TRUE", "TRUNCATE", "TTL", "TYPE", "UNBOUNDED", "UNPAUSE",
    "UNSUBSCRIBE", "UPDATE", "URL", "USE", "VIEW", "WATERMARK", "WEEK", "YEAR",
};

bool inList(const auto &list, std::string_view word)
{
    std::string upper = toUpper(word);
    return std::any_of(list.begin(), list.end(), [&](const char *k) { return upper == k; });
}

} // namespace

bool isClauseKeyword(std::string_view word)
{
    return inList(kClauseKeywords, word);
}

bool isKeyword(std::string_view word)
{
    return isClauseKeyword(word) || inList(kOtherKeywords, word);
}

} // namespace tideline::engine::sql
