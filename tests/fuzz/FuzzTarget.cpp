// One libFuzzer target per property: CMake compiles this file once per target with
// TIDELINE_FUZZ_CHECK naming the check (FuzzProperties.h, ParserRoundTrip.h, HttpFuzzHarness.h).
// A failing input aborts with what broke; once fixed it goes into regressions/<target>/, which
// tst_FuzzRegressions replays in every build.
#include <QCoreApplication>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "FuzzProperties.h"
#include "HttpFuzzHarness.h"
#include "ParserRoundTrip.h"

namespace {
// Only fuzz_http's TIDELINE_FUZZ_CHECK names it.
[[maybe_unused]] std::string checkHttp(std::string_view input)
{
    return tideline::fuzz::HttpFuzzHarness::instance().check(input);
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // The HTTP target runs a server on this thread's event loop; the others need none but
    // share the file.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace tideline::fuzz;
    std::string failure = TIDELINE_FUZZ_CHECK(std::string_view(reinterpret_cast<const char *>(data), size));
    if (!failure.empty()) {
        std::fprintf(stderr, "%s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
