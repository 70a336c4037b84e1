// libFuzzer target: any input must parse or fail with a Status (never crash), and whatever
// parses must survive format -> parse with an equal tree, in both layouts.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"

using namespace tideline::engine::sql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    std::string_view sql(reinterpret_cast<const char *>(data), size);
    splitStatements(sql);
    auto parsed = parseStatements(sql);
    if (!parsed.isOk())
        return 0;
    for (const StatementPtr &st : *parsed) {
        for (bool pretty : {true, false}) {
            FormatOptions options;
            options.pretty = pretty;
            std::string text = formatStatement(*st, options);
            auto again = parseStatement(text);
            if (!again.isOk()) {
                std::fprintf(stderr, "formatted SQL does not parse:\n%s\n%s\n", text.c_str(), again.status().message().c_str());
                std::abort();
            }
            if (!astEquals(*st, **again)) {
                std::fprintf(stderr, "round trip changed the tree:\n%s\n", text.c_str());
                std::abort();
            }
        }
    }
    return 0;
}
