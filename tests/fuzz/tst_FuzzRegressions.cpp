// Replays every file of tests/fuzz/corpus/ and tests/fuzz/regressions/ through the parser
// fuzzer's property (ParserRoundTrip.h), one test per file, so inputs the fuzzer found stay fixed
// in builds without clang/libFuzzer.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

class FuzzInput : public testing::TestWithParam<std::string> {};

TEST_P(FuzzInput, ParsesOrFailsAndRoundTrips)
{
    std::ifstream in(fuzzDir() / GetParam(), std::ios::binary);
    ASSERT_TRUE(in) << GetParam();
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string failure = tideline::fuzz::checkParserRoundTrip(buffer.str());
    EXPECT_TRUE(failure.empty()) << GetParam() << ": " << failure;
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzInput, testing::ValuesIn(inputFiles()), [](const testing::TestParamInfo<std::string> &info) {
    std::string name = info.param;
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name;
});

TEST(FuzzInputs, CorpusIsThere)
{
    EXPECT_FALSE(inputFiles().empty()) << "no inputs under " << fuzzDir();
}

} // namespace
