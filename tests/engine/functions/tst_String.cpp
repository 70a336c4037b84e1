// String, math and JSON functions.
#include "tst_FunctionTestUtil.h"

using namespace ftest;

TEST(String, BasicFunctions)
{
    EXPECT_FN(run("length", {S({"abc", "", "дом"})}), "uint64", "3", "0", "6");
    EXPECT_FN(run("length_utf8", {S({"дом"})}), "uint64", "3");
    EXPECT_FN(run("lower", {S({"AbC"})}), "string", "abc");
    EXPECT_FN(run("upper", {S({"AbC"})}), "string", "ABC");
    EXPECT_FN(run("concat", {S({"a", "b"}), K(S({"-"})), S({"x", "y"})}), "string", "a-x", "b-y");
    EXPECT_FN(run("concat", {S({"a"}), C("nullable(string)", {"NULL"})}), "nullable(string)", "NULL");
    EXPECT_FN(run("empty", {S({"", "a"})}), "uint8", "1", "0");
    EXPECT_FN(run("not_empty", {arr("int32", {{}, {"1"}})}), "uint8", "0", "1");
    EXPECT_FN(run("length", {arr("int32", {{}, {"1", "2"}})}), "uint64", "0", "2");
    EXPECT_EQ(errorCode([] { run("length", {C("int32", {"1"})}); }), 43);
}

TEST(String, SubstringAndTrim)
{
    auto s = S({"hello"});
    auto sub = [&](const char *off, const char *len) { return run("substring", {s, K(C("int64", {off})), K(C("int64", {len}))}).values[0]; };
    EXPECT_EQ(sub("2", "3"), "ell");
    EXPECT_EQ(sub("-3", "2"), "ll");
    EXPECT_EQ(sub("0", "3"), "");
    EXPECT_EQ(sub("2", "-1"), "ell");
    EXPECT_EQ(sub("10", "2"), "");
    EXPECT_FN(run("substring", {s, K(C("uint8", {"3"}))}), "string", "llo");
    EXPECT_FN(run("substring_utf8", {S({"дома"}), K(C("uint8", {"2"})), K(C("uint8", {"2"}))}), "string", "ом");
    EXPECT_FN(run("left", {s, K(C("uint8", {"2"}))}), "string", "he");
    EXPECT_FN(run("right", {s, K(C("int8", {"-1"}))}), "string", "ello");
    EXPECT_FN(run("trim_both", {S({"  a b  "})}), "string", "a b");
    EXPECT_FN(run("ltrim", {S({"  a "})}), "string", "a ");
    EXPECT_FN(run("rtrim", {S({"  a "})}), "string", "  a");
}

TEST(String, SearchReplaceSplit)
{
    EXPECT_FN(run("starts_with", {S({"hello", "x"}), K(S({"he"}))}), "uint8", "1", "0");
    EXPECT_FN(run("ends_with", {S({"hello"}), K(S({"lo"}))}), "uint8", "1");
    EXPECT_FN(run("position", {S({"hello", "hello"}), K(S({"l"}))}), "uint64", "3", "3");
    EXPECT_FN(run("position", {S({"hello"}), K(S({"z"}))}), "uint64", "0");
    EXPECT_FN(run("position_utf8", {S({"дом"}), K(S({"м"}))}), "uint64", "3");
    EXPECT_FN(run("replace_one", {S({"aaa"}), K(S({"a"})), K(S({"b"}))}), "string", "baa");
    EXPECT_FN(run("replace_all", {S({"aaa"}), K(S({"a"})), K(S({"bc"}))}), "string", "bcbcbc");
    EXPECT_FN(run("repeat", {S({"ab"}), K(C("uint8", {"3"}))}), "string", "ababab");
    EXPECT_FN(run("split_by_char", {K(S({","})), S({"a,b,,c"})}), "array(string)", "[a,b,,c]");
    EXPECT_FN(run("split_by_string", {K(S({"::"})), S({"a::b"})}), "array(string)", "[a,b]");
    EXPECT_FN(run("split_by_regexp", {K(S({"\\d+"})), S({"a12bc23de345f"})}), "array(string)", "[a,bc,de,f]");
    EXPECT_FN(run("array_string_concat", {arr("string", {{"a", "b"}}), K(S({"-"}))}), "string", "a-b");
    EXPECT_EQ(errorCode([] { run("split_by_char", {K(S({",,"})), S({"a"})}); }), 36);
}

TEST(String, FormatPadLikeEncodings)
{
    EXPECT_FN(run("format", {K(S({"{} and {}"})), S({"a"}), S({"b"})}), "string", "a and b");
    EXPECT_FN(run("format", {K(S({"{1}{0}{{}}"})), S({"a"}), S({"b"})}), "string", "ba{}");
    EXPECT_FN(run("pad_left", {S({"7"}), K(C("uint8", {"3"})), K(S({"0"}))}), "string", "007");
    EXPECT_FN(run("rpad", {S({"abc"}), K(C("uint8", {"2"}))}), "string", "ab");
    EXPECT_FN(run("like", {S({"hello", "help", "Hello"}), K(S({"hel%o"}))}), "uint8", "1", "0", "0");
    EXPECT_FN(run("ilike", {S({"Hello"}), K(S({"h_llo"}))}), "uint8", "1");
    EXPECT_FN(run("not_like", {S({"a.c", "abc"}), K(S({"a\\.c"}))}), "uint8", "0", "1");
    EXPECT_FN(run("base64_encode", {S({"hello", "a"})}), "string", "aGVsbG8=", "YQ==");
    EXPECT_FN(run("base64_decode", {S({"aGVsbG8="})}), "string", "hello");
    EXPECT_FN(run("hex", {S({"AB"})}), "string", "4142");
    EXPECT_FN(run("hex", {C("uint32", {"255", "256"})}), "string", "FF", "0100");
    EXPECT_FN(run("unhex", {S({"4142"})}), "string", "AB");
    EXPECT_FN(run("to_valid_utf8", {S({"a\xff\xfe" "b"})}), "string", "a\xEF\xBF\xBD" "b");
}

TEST(String, Url)
{
    auto u = S({"https://user@www.example.com:8080/a/b?x=1&y=two#frag"});
    EXPECT_FN(run("protocol", {u}), "string", "https");
    EXPECT_FN(run("domain", {u}), "string", "www.example.com");
    EXPECT_FN(run("domain_without_www", {u}), "string", "example.com");
    EXPECT_FN(run("path", {u}), "string", "/a/b");
    EXPECT_FN(run("query_string", {u}), "string", "x=1&y=two");
    EXPECT_FN(run("fragment", {u}), "string", "frag");
    EXPECT_FN(run("extract_url_parameter", {u, K(S({"y"}))}), "string", "two");
}

TEST(Math, RoundingAndFunctions)
{
    // ClickHouse rounds floats half to even (the FPU's nearest mode), decimals half away from zero.
    EXPECT_FN(run("round", {C("float64", {"2.5", "-2.5", "3.5", "1.234"})}), "float64", "2", "-2", "4", "1");
    EXPECT_FN(run("round", {C("float64", {"0.125"}), K(C("uint8", {"2"}))}), "float64", "0.12");
    EXPECT_FN(run("round", {C("float64", {"1.2345"}), K(C("uint8", {"2"}))}), "float64", "1.23");
    EXPECT_FN(run("round", {C("int32", {"15", "-15", "14"}), K(C("int8", {"-1"}))}), "int32", "20", "-20", "10");
    EXPECT_FN(run("round_bankers", {C("float64", {"2.5", "3.5"})}), "float64", "2", "4");
    EXPECT_FN(run("floor", {C("float32", {"-1.5"})}), "float32", "-2");
    EXPECT_FN(run("ceil", {C("float64", {"1.01"}), K(C("uint8", {"1"}))}), "float64", "1.1");
    EXPECT_FN(run("trunc", {C("float64", {"-1.9"})}), "float64", "-1");
    EXPECT_FN(run("sqrt", {C("uint8", {"16"})}), "float64", "4");
    EXPECT_FN(run("pow", {C("int32", {"2"}), C("int32", {"10"})}), "float64", "1024");
    EXPECT_FN(run("log", {C("float64", {"1"})}), "float64", "0");
    EXPECT_FN(run("greatest", {C("uint8", {"1", "9"}), C("int16", {"-5", "7"})}), "int16", "1", "9");
    EXPECT_FN(run("least", {S({"b"}), S({"a"})}), "string", "a");
    EXPECT_FN(run("sign", {C("int32", {"-3", "0", "5"})}), "int8", "-1", "0", "1");
    EXPECT_FN(run("gcd", {C("int32", {"12"}), C("int32", {"18"})}), "int64", "6");
    EXPECT_FN(run("lcm", {C("uint8", {"4"}), C("uint8", {"6"})}), "uint16", "12");
    EXPECT_FN(run("pi", {}), "float64", "3.14159265358979");
    EXPECT_EQ(errorCode([] { run("sqrt", {S({"x"})}); }), 43);
}

TEST(Json, Extraction)
{
    auto j = S({R"({"a":10,"b":3.13,"s":"x","o":{"c":1},"t":true,"arr":[1,"two",3]})"});
    EXPECT_FN(run("json_extract_int", {j, K(S({"a"}))}), "int64", "10");
    EXPECT_FN(run("json_extract_float", {j, K(S({"b"}))}), "float64", "3.13");
    EXPECT_FN(run("json_extract_string", {j, K(S({"s"}))}), "string", "x");
    EXPECT_FN(run("json_extract_string", {j, K(S({"o"}))}), "string", "{\"c\":1}");
    EXPECT_FN(run("json_extract_string", {j, K(S({"missing"}))}), "string", "");
    EXPECT_FN(run("json_extract_bool", {j, K(S({"t"}))}), "uint8", "1");
    EXPECT_FN(run("json_extract_int", {j, K(S({"o"})), K(S({"c"}))}), "int64", "1");
    EXPECT_FN(run("json_extract_string", {j, K(S({"arr"})), K(C("int8", {"-2"}))}), "string", "two");
    EXPECT_FN(run("json_extract_raw", {j, K(S({"arr"}))}), "string", "[1,\"two\",3]");
    EXPECT_FN(run("json_extract_array_raw", {j, K(S({"arr"}))}), "array(string)", "[1,\"two\",3]");
    EXPECT_FN(run("json_extract_array", {j, K(S({"arr"}))}), "array(string)", "[1,two,3]");
    EXPECT_FN(run("json_extract_keys", {j, K(S({"o"}))}), "array(string)", "[c]");
    EXPECT_FN(run("json_has", {j, K(S({"o"})), K(S({"z"}))}), "uint8", "0");
    EXPECT_FN(run("is_valid_json", {S({"{}", "{"})}), "uint8", "1", "0");
    EXPECT_FN(run("json_value", {j, K(S({"$.o.c"}))}), "string", "1");
    EXPECT_FN(run("json_query", {j, K(S({"$.arr[*]"}))}), "string", "[1,\"two\",3]");
    EXPECT_FN(run("json_path", {j, K(S({"o.c"}))}), "string", "1");
    EXPECT_FN(run("json_extract_int", {S({"not json"}), K(S({"a"}))}), "int64", "0");
}

TEST(Math, RoundDownAndFloatChecks)
{
    auto bounds = K(arr("uint8", {{"20", "10", "30"}}));
    EXPECT_FN(run("round_down", {C("uint8", {"17", "5", "30", "99"}), bounds}), "uint8", "10", "10", "30", "30");
    EXPECT_FN(run("round_down", {C("float64", {"17.5"}), bounds}), "float64", "10");
    EXPECT_FN(run("round_down", {C("int16", {"-1"}), bounds}), "int16", "10");
    EXPECT_EQ(errorCode([] { run("round_down", {C("uint8", {"1"}), arr("uint8", {{"1"}})}); }), 44); // not a constant
    EXPECT_EQ(errorCode([] { run("round_down", {C("uint8", {"1"}), K(arr("string", {{"a"}}))}); }), 43);
    EXPECT_FN(run("is_nan", {C("float64", {"nan", "1", "inf"})}), "uint8", "1", "0", "0");
    EXPECT_FN(run("is_infinite", {C("float64", {"nan", "-inf", "inf", "0"})}), "uint8", "0", "1", "1", "0");
    EXPECT_FN(run("is_finite", {C("float32", {"nan", "1.5", "inf"})}), "uint8", "0", "1", "0");
    EXPECT_FN(run("is_finite", {C("int32", {"7"})}), "uint8", "1");
    EXPECT_FN(run("is_nan", {C("int32", {"7"})}), "uint8", "0");
}

TEST(Misc, Ipv6StringReinterpretLowCardinality)
{
    EXPECT_FN(run("is_ipv6_string", {S({"::1", "2001:db8::ff00:42:8329", "1.2.3.4", "::ffff:1.2.3.4", "zz::1", ""})}), "uint8", "1", "1", "0", "1", "0", "0");
    EXPECT_FN(run("reinterpret_as_string", {C("uint8", {"65"})}), "string", "A");
    EXPECT_FN(run("reinterpret_as_string", {C("uint32", {"6382179"})}), "string", "cba"); // little-endian, trailing zeros dropped
    EXPECT_FN(run("reinterpret_as_string", {C("int64", {"0"})}), "string", "");
    EXPECT_FN(run("reinterpret_as_string", {S({"xy"})}), "string", "xy");
    EXPECT_EQ(errorCode([] { run("reinterpret_as_string", {arr("uint8", {{"1"}})}); }), 43);
    EXPECT_FN(run("to_low_cardinality", {S({"abc"})}), "low_cardinality(string)", "abc");
    EXPECT_FN(run("to_low_cardinality", {C("nullable(int32)", {"NULL", "5"})}), "low_cardinality(nullable(int32))", "NULL", "5");
}
