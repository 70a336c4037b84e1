// Regexp, hash and misc functions.
#include "tst_FunctionTestUtil.h"

using namespace ftest;

TEST(Regexp, MatchExtractReplace)
{
    EXPECT_FN(run("match", {S({"abc123", "abc"}), K(S({"\\d+"}))}), "uint8", "1", "0");
    EXPECT_FN(run("extract", {S({"id=42;x", "none"}), K(S({"id=(\\d+)"}))}), "string", "42", "");
    EXPECT_FN(run("extract", {S({"abc123"}), K(S({"\\d+"}))}), "string", "123");
    EXPECT_FN(run("extract_all", {S({"a1b22c333"}), K(S({"\\d+"}))}), "array(string)", "[1,22,333]");
    EXPECT_FN(run("replace_regexp_one", {S({"aaa"}), K(S({"a"})), K(S({"b"}))}), "string", "baa");
    EXPECT_FN(run("replace_regex", {S({"2024-01-02"}), K(S({"(\\d+)-(\\d+)-(\\d+)"})), K(S({"\\3/\\2/\\1"}))}), "string", "02/01/2024");
    EXPECT_FN(run("count_matches", {S({"foo bar foo"}), K(S({"foo"}))}), "uint64", "2");
    EXPECT_FN(run("multi_search_any", {S({"hello world", "x"}), K(arr("string", {{"wor", "zz"}}))}), "uint8", "1", "0");
    EXPECT_FN(run("match", {S({"a"}), S({"a|b"})}), "uint8", "1"); // non-constant pattern
    EXPECT_EQ(errorCode([] { run("match", {S({"a"}), K(S({"("}))}); }), 427);
    EXPECT_EQ(errorCode([] { run("match", {C("int32", {"1"}), K(S({"a"}))}); }), 43);
}

TEST(Hash, KnownValues)
{
    auto hex = [](const char *fn, const char *s) { return run("hex", {In(bind(fn, {S({s})}).exec({S({s})}, 1))}).values[0]; };
    EXPECT_EQ(hex("md5", ""), "D41D8CD98F00B204E9800998ECF8427E");
    EXPECT_EQ(hex("md5", "abc"), "900150983CD24FB0D6963F7D28E17F72");
    EXPECT_EQ(hex("sha1", "abc"), "A9993E364706816ABA3E25717850C26C9CD0D89D");
    EXPECT_EQ(hex("sha256", "abc"), "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
    EXPECT_EQ(run("md5", {S({"abc"})}).type, "fixed_string(16)");
    EXPECT_FN(run("crc32", {S({"abc"})}), "uint32", "891568578");
    EXPECT_FN(run("murmur_hash3_32", {S({""})}), "uint32", "0");
    EXPECT_FN(run("murmur_hash3_64", {S({""})}), "uint64", "0");
    EXPECT_FN(run("city_hash64", {S({""})}), "uint64", "11160318154034397263");
    EXPECT_FN(run("xx_hash64", {S({""})}), "uint64", "17241709254077376921");
    auto a = run("sip_hash64", {S({"abc", "abc", "abd"})}).values;
    EXPECT_EQ(a[0], a[1]);
    EXPECT_NE(a[0], a[2]);
    auto multi = run("city_hash64", {S({"a"}), C("uint32", {"1"})});
    EXPECT_EQ(multi.type, "uint64");
}

TEST(Misc, Functions)
{
    EXPECT_EQ(run("rand", {}).type, "uint32");
    EXPECT_EQ(run("rand64", {}).type, "uint64");
    EXPECT_FALSE(bind("rand", {}).deterministic);
    EXPECT_EQ(run("random_string", {K(C("uint8", {"5"}))}).values[0].size(), 5u);
    auto p = run("random_printable_ascii", {K(C("uint8", {"20"}))}).values[0];
    EXPECT_TRUE(std::all_of(p.begin(), p.end(), [](char c) { return c >= 32 && c < 127; }));
    auto u = run("generate_uuid", {});
    EXPECT_EQ(u.type, "uuid");
    EXPECT_FN(run("ipv4_num_to_string", {C("uint32", {"3232235777"})}), "string", "192.168.1.1");
    EXPECT_FN(run("ipv4_string_to_num", {S({"192.168.1.1", "bad"})}), "uint32", "3232235777", "0");
    EXPECT_FN(run("is_ipv4_string", {S({"10.0.0.1", "10.0.0", "256.1.1.1"})}), "uint8", "1", "0", "0");
    EXPECT_FN(run("ignore", {S({"x"}), C("int32", {"1"})}), "uint8", "0");
    EXPECT_FN(run("identity", {C("nullable(int32)", {"NULL"})}), "nullable(int32)", "NULL");
    EXPECT_FN(run("materialize", {C("int32", {"7"})}), "int32", "7");
    EXPECT_FN(run("throw_if", {C("uint8", {"0"})}), "uint8", "0");
    EXPECT_EQ(errorCode([] { run("throw_if", {C("uint8", {"1"})}); }), 395);
    EXPECT_FN(run("sleep", {K(C("uint8", {"0"}))}), "uint8", "0");
    EXPECT_EQ(run("version", {}).type, "string");
}
