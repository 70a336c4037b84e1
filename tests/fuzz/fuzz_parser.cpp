// libFuzzer target: the parser round-trip property of ParserRoundTrip.h. What it finds goes into
// regressions/ (replayed by tst_FuzzRegressions in every build).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ParserRoundTrip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string failure = tideline::fuzz::checkParserRoundTrip({reinterpret_cast<const char *>(data), size});
    if (!failure.empty()) {
        std::fprintf(stderr, "%s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
