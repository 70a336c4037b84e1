// Replays every file of tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/ through
// that target's property (FuzzTarget.cpp), one test per file, so inputs the fuzzers found stay
// fixed in builds without clang/libFuzzer.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "FuzzProperties.h"
#include "HttpFuzzHarness.h"
#include "ParserRoundTrip.h"

namespace fs = std::filesystem;

namespace {

fs::path fuzzDir()
{
    if (const char *src = std::getenv("TIDELINE_SOURCE_DIR"))
        return fs::path(src) / "tests" / "fuzz";
    return TIDELINE_FUZZ_DIR;
}

std::vector<std::string> inputFiles()
{
    std::vector<std::string> files;
    for (const char *sub : {"corpus", "regressions"}) {
        fs::path dir = fuzzDir() / sub;
        if (!fs::is_directory(dir))
            continue;
        for (const auto &e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file() && e.path().filename().string()[0] != '.')
                files.push_back(fs::relative(e.path(), fuzzDir()).generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The property of a file's target: the folder below corpus/ or regressions/.
std::function<std::string(std::string_view)> check(const std::string &file)
{
    using namespace tideline::fuzz;
    std::string target = file.substr(file.find('/') + 1);
    target = target.substr(0, target.find('/'));
    if (target == "parser")
        return checkParserRoundTrip;
    if (target == "ingest")
        return checkIngestBody;
    if (target == "sse")
        return checkSseChunking;
    if (target == "json")
        return checkJsonReaders;
    if (target == "protobuf")
        return checkProtobufDecoder;
    if (target == "http")
        return [](std::string_view input) { return HttpFuzzHarness::instance().check(input); };
    return [target](std::string_view) { return "no fuzz target is called " + target; };
}

class FuzzInput : public testing::TestWithParam<std::string> {};

TEST_P(FuzzInput, HoldsItsTargetsProperty)
{
    std::ifstream in(fuzzDir() / GetParam(), std::ios::binary);
    ASSERT_TRUE(in) << GetParam();
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string failure = check(GetParam())(buffer.str());
    EXPECT_TRUE(failure.empty()) << GetParam() << ": " << failure;
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzInput, testing::ValuesIn(inputFiles()), [](const testing::TestParamInfo<std::string> &info) {
    std::string name = info.param;
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name;
});

TEST(FuzzInputs, EveryTargetHasACorpus)
{
    for (const char *target : {"parser", "ingest", "sse", "json", "http", "protobuf"})
        EXPECT_FALSE(fs::is_empty(fuzzDir() / "corpus" / target)) << "no seed inputs for " << target;
}

} // namespace
