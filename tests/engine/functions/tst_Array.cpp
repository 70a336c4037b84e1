// Array, map and tuple functions, including lambdas.
#include "tst_FunctionTestUtil.h"

using namespace ftest;

namespace {

// A lambda whose body is `fn(params..., constants...)`, bound through the registry.
std::shared_ptr<LambdaArg> lambda(size_t params, const std::string &fn, std::vector<ColumnPtr> constants = {})
{
    auto l = std::make_shared<LambdaArg>();
    l->paramCount = params;
    l->bind = [fn, constants](const std::vector<DataTypePtr> &types) {
        std::vector<FunctionArg> args;
        for (const auto &t : types)
            args.push_back(FunctionArg{t, nullptr, nullptr});
        for (const auto &c : constants)
            args.push_back(FunctionArg{c->type(), c, nullptr});
        BoundFunction b = FunctionRegistry::instance().resolve(fn, args, {});
        LambdaArg::Exec exec = [b, constants](const std::vector<ColumnPtr> &p, const std::vector<uint32_t> &outer) {
            std::vector<ColumnPtr> cols = p;
            for (const auto &c : constants)
                cols.push_back(c->broadcast(outer.size()));
            return b.exec(cols, outer.size());
        };
        return std::make_pair(b.returnType, exec);
    };
    return l;
}

} // namespace

TEST(Array, ConstructAndAccess)
{
    EXPECT_FN(run("array", {C("uint8", {"1"}), C("int16", {"-2"})}), "array(int16)", "[1,-2]");
    EXPECT_FN(run("array", {C("uint8", {"1"}), C("nullable(uint8)", {"NULL"})}), "array(nullable(uint8))", "[1,NULL]");
    auto a = arr("int32", {{"10", "20", "30"}, {}});
    EXPECT_FN(run("array_element", {a, K(C("int8", {"2"}))}), "int32", "20", "0");
    EXPECT_FN(run("array_element", {a, K(C("int8", {"-1"}))}), "int32", "30", "0");
    EXPECT_FN(run("array_element", {a, K(C("int8", {"5"}))}), "int32", "0", "0");
    EXPECT_FN(run("has", {a, K(C("uint8", {"20"}))}), "uint8", "1", "0");
    EXPECT_FN(run("index_of", {a, K(C("uint8", {"30"}))}), "uint64", "3", "0");
    EXPECT_FN(run("array_concat", {a, arr("int8", {{"1"}, {"2"}})}), "array(int32)", "[10,20,30,1]", "[2]");
    EXPECT_FN(run("array_slice", {a, K(C("int8", {"2"})), K(C("int8", {"1"}))}), "array(int32)", "[20]", "[]");
    EXPECT_FN(run("array_slice", {a, K(C("int8", {"-2"}))}), "array(int32)", "[20,30]", "[]");
    EXPECT_EQ(errorCode([] { run("array_element", {C("int32", {"1"}), K(C("int8", {"1"}))}); }), 43);
}

TEST(Array, Transformations)
{
    auto a = arr("int32", {{"3", "1", "3", "2"}});
    EXPECT_FN(run("array_sort", {a}), "array(int32)", "[1,2,3,3]");
    EXPECT_FN(run("array_reverse_sort", {a}), "array(int32)", "[3,3,2,1]");
    EXPECT_FN(run("array_distinct", {a}), "array(int32)", "[3,1,2]");
    EXPECT_FN(run("array_uniq", {a}), "uint64", "3");
    EXPECT_FN(run("array_reverse", {a}), "array(int32)", "[2,3,1,3]");
    EXPECT_FN(run("reverse", {a}), "array(int32)", "[2,3,1,3]");
    EXPECT_FN(run("array_compact", {arr("int32", {{"1", "1", "2", "1"}})}), "array(int32)", "[1,2,1]");
    EXPECT_FN(run("array_pop_back", {a}), "array(int32)", "[3,1,3]");
    EXPECT_FN(run("array_pop_front", {a}), "array(int32)", "[1,3,2]");
    EXPECT_FN(run("array_push_back", {a, K(C("int64", {"9"}))}), "array(int64)", "[3,1,3,2,9]");
    EXPECT_FN(run("array_push_front", {a, K(C("uint8", {"9"}))}), "array(int32)", "[9,3,1,3,2]");
    EXPECT_FN(run("array_resize", {a, K(C("int8", {"6"}))}), "array(int32)", "[3,1,3,2,0,0]");
    EXPECT_FN(run("array_resize", {a, K(C("int8", {"2"}))}), "array(int32)", "[3,1]");
    EXPECT_FN(run("array_zip", {arr("int32", {{"1", "2"}}), arr("string", {{"a", "b"}})}), "array(tuple(int32, string))", "[(1,a),(2,b)]");
    EXPECT_FN(run("range", {C("uint8", {"3", "0"})}), "array(uint8)", "[0,1,2]", "[]");
    EXPECT_FN(run("range", {C("int32", {"1"}), C("int32", {"7"}), C("int32", {"2"})}), "array(int32)", "[1,3,5]");
    EXPECT_FN(run("array_difference", {arr("uint8", {{"1", "4", "2"}})}), "array(int16)", "[0,3,-2]");
    EXPECT_FN(run("array_cum_sum", {arr("int8", {{"1", "2", "3"}})}), "array(int64)", "[1,3,6]");
    EXPECT_EQ(errorCode([] { run("array_zip", {arr("int32", {{"1", "2"}}), arr("int32", {{"1"}})}); }), 190);
}

TEST(Array, Reductions)
{
    auto a = arr("int32", {{"1", "2", "3", "4"}, {}});
    EXPECT_FN(run("array_sum", {a}), "int64", "10", "0");
    EXPECT_FN(run("array_avg", {a}), "float64", "2.5", "nan");
    EXPECT_FN(run("array_min", {a}), "int32", "1", "0");
    EXPECT_FN(run("array_max", {a}), "int32", "4", "0");
    EXPECT_FN(run("array_product", {a}), "float64", "24", "1");
    EXPECT_FN(run("array_max", {arr("string", {{"b", "c", "a"}})}), "string", "c");
    EXPECT_FN(run("array_flatten", {run("array", {arr("int32", {{"1", "2"}}), arr("int32", {{"3"}})}).type == "array(array(int32))"
                                              ? In(FunctionRegistry::instance().resolve("array", {FunctionArg{T("array(int32)"), nullptr, nullptr}, FunctionArg{T("array(int32)"), nullptr, nullptr}}, {})
                                                       .exec({arr("int32", {{"1", "2"}}), arr("int32", {{"3"}})}, 1))
                                              : In(a)}),
              "array(int32)", "[1,2,3]");
}

TEST(Array, Lambdas)
{
    auto a = arr("int32", {{"1", "2", "3"}, {"5"}});
    auto two = C("uint8", {"2"});
    EXPECT_FN(run("array_map", {In(lambda(1, "multiply", {two})), a}), "array(int64)", "[2,4,6]", "[10]");
    EXPECT_FN(run("array_filter", {In(lambda(1, "greater", {two})), a}), "array(int32)", "[3]", "[5]");
    EXPECT_FN(run("array_exists", {In(lambda(1, "equals", {two})), a}), "uint8", "1", "0");
    EXPECT_FN(run("array_all", {In(lambda(1, "greater", {C("uint8", {"0"})})), a}), "uint8", "1", "1");
    EXPECT_FN(run("array_count", {In(lambda(1, "greater", {C("uint8", {"1"})})), a}), "uint32", "2", "1");
    EXPECT_FN(run("array_first", {In(lambda(1, "greater", {C("uint8", {"1"})})), a}), "int32", "2", "5");
    EXPECT_FN(run("array_first_index", {In(lambda(1, "greater", {C("uint8", {"1"})})), a}), "uint32", "2", "1");
    EXPECT_FN(run("array_last", {In(lambda(1, "less", {C("uint8", {"3"})})), a}), "int32", "2", "0");
    EXPECT_FN(run("array_last_index", {In(lambda(1, "less", {C("uint8", {"3"})})), a}), "uint32", "2", "0");
    EXPECT_FN(run("array_sort", {In(lambda(1, "negate")), a}), "array(int32)", "[3,2,1]", "[5]");
    EXPECT_FN(run("array_map", {In(lambda(2, "plus")), a, a}), "array(int64)", "[2,4,6]", "[10]");
    EXPECT_FN(run("array_fold", {In(lambda(2, "plus")), a, K(C("int64", {"100"}))}), "int64", "106", "105");
    EXPECT_FN(run("array_sum", {In(lambda(1, "multiply", {two})), a}), "int64", "12", "10");
    EXPECT_FN(run("array_cum_sum", {In(lambda(1, "multiply", {two})), a}), "array(int64)", "[2,6,12]", "[10]");
    EXPECT_EQ(errorCode([&] { run("array_map", {In(lambda(2, "plus")), a}); }), 36);
}

TEST(MapTuple, Functions)
{
    auto m = run("map", {K(S({"a"})), C("int32", {"1", "2"}), K(S({"b"})), C("int32", {"3", "4"})});
    EXPECT_EQ(m.type, "map(string, int32)");
    EXPECT_EQ(m.values, (V{"{a:1,b:3}", "{a:2,b:4}"}));
    BoundFunction mb = bind("map", {K(S({"a"})), C("int32", {"1"}), K(S({"b"})), C("int32", {"3"})});
    ColumnPtr mc = mb.exec({S({"a"}), C("int32", {"1"}), S({"b"}), C("int32", {"3"})}, 1);
    EXPECT_FN(run("array_element", {In(mc), K(S({"b"}))}), "int32", "3");
    EXPECT_FN(run("array_element", {In(mc), K(S({"z"}))}), "int32", "0");
    EXPECT_FN(run("map_keys", {In(mc)}), "array(string)", "[a,b]");
    EXPECT_FN(run("map_values", {In(mc)}), "array(int32)", "[1,3]");
    EXPECT_FN(run("map_contains", {In(mc), K(S({"a"}))}), "uint8", "1");
    EXPECT_FN(run("map_cast", {arr("string", {{"x", "y"}}), arr("uint8", {{"1", "2"}})}), "map(string, uint8)", "{x:1,y:2}");
    auto t = run("tuple", {C("int32", {"1"}), S({"s"})});
    EXPECT_EQ(t.type, "tuple(int32, string)");
    ColumnPtr tc = bind("tuple", {C("int32", {"1"}), S({"s"})}).exec({C("int32", {"1"}), S({"s"})}, 1);
    EXPECT_FN(run("tuple_element", {In(tc), K(C("uint8", {"2"}))}), "string", "s");
    EXPECT_EQ(errorCode([&] { run("tuple_element", {In(tc), K(C("uint8", {"3"}))}); }), 43);
}

TEST(Array, EnumerateAndSetFunctions)
{
    EXPECT_FN(run("array_enumerate", {arr("string", {{"a", "b", "c"}, {}, {"x"}})}), "array(uint32)", "[1,2,3]", "[]", "[1]");
    auto a = arr("uint8", {{"1", "2", "3"}, {"1", "2"}, {}});
    EXPECT_FN(run("has_all", {a, arr("int16", {{"1", "2"}, {"5"}, {}})}), "uint8", "1", "0", "1");
    EXPECT_FN(run("has_any", {a, arr("int16", {{"5", "2"}, {"5"}, {}})}), "uint8", "1", "0", "0");
    EXPECT_FN(run("has_all", {arr("float64", {{"1.5", "2"}}), arr("uint8", {{"2"}})}), "uint8", "1");
    EXPECT_FN(run("has_any", {arr("nullable(uint8)", {{"NULL", "1"}}), arr("nullable(uint8)", {{"NULL"}})}), "uint8", "1");
    EXPECT_EQ(errorCode([] { run("has_all", {arr("uint8", {{"1"}}), arr("string", {{"1"}})}); }), 386);
    EXPECT_FN(run("array_intersect", {arr("uint8", {{"1", "2", "3"}, {"3", "1", "1", "4"}}), arr("uint16", {{"2", "3", "4"}, {"1", "3"}})}),
              "array(uint16)", "[2,3]", "[3,1]");
    EXPECT_FN(run("array_intersect", {arr("uint8", {{"1", "2"}}), arr("uint8", {{"1", "3"}}), arr("uint8", {{"2", "3"}})}), "array(uint8)", "[]");
    EXPECT_FN(run("array_intersect", {arr("string", {{"a", "b"}}), arr("string", {{"b"}})}), "array(string)", "[b]");
}
