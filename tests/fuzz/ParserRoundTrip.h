#pragma once
// The property the parser fuzzer checks, shared with the corpus replay test so that every input
// the fuzzer once found stays fixed in plain (gcc, non-fuzz) builds: any text must parse or fail
// with a Status (never crash), and whatever parses must survive format -> parse with an equal
// tree, in both layouts.

#include <string>
#include <string_view>

#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"

namespace tideline::fuzz {

// Inputs longer than this are skipped (by the fuzzer too): they add run time, not coverage.
constexpr size_t kMaxInputSize = 4096;

// Empty when the property holds, else what broke (with the formatted SQL).
inline std::string checkParserRoundTrip(std::string_view sql)
{
    using namespace tideline::engine::sql;
    if (sql.size() > kMaxInputSize)
        return {};
    splitStatements(sql);
    auto parsed = parseStatements(sql);
    if (!parsed.isOk())
        return {};
    for (const StatementPtr &st : *parsed) {
        for (bool pretty : {true, false}) {
            FormatOptions options;
            options.pretty = pretty;
            std::string text = formatStatement(*st, options);
            auto again = parseStatement(text);
            if (!again.isOk())
                return "formatted SQL does not parse:\n" + text + "\n" + again.status().message();
            if (!astEquals(*st, **again))
                return "round trip changed the tree:\n" + text;
        }
    }
    return {};
}

} // namespace tideline::fuzz
