// Miscellaneous: rand, rand64, rand_uniform, random_string, random_printable_ascii,
// random_fixed_string, random_in_type,
// generate_uuid/uuid, ipv4_num_to_string, ipv4_string_to_num, is_ipv4_string, ignore,
// identity, materialize, throw_if, version, sleep. (to_type_name belongs to the conversion family.)
#include <chrono>
#include <optional>
#include <random>
#include <thread>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

std::mt19937_64 &rng()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

BoundFunction nonDeterministic(BoundFunction b)
{
    b.deterministic = false;
    return b;
}

void addRandom(FunctionRegistry &r)
{
    for (bool wide : {false, true}) {
        std::string name = wide ? "rand64" : "rand";
        // The optional argument only keeps separate calls from being merged, as in ClickHouse.
        add(r, name, "random", name + "([x])", "uniform random integer", [name, wide](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 0, 1);
            DataTypePtr rt = makeType(wide ? TypeKind::UInt64 : TypeKind::UInt32);
            return nonDeterministic({rt, [rt, wide](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                                         if (wide)
                                             return generate<uint64_t>(rt, rows, [](size_t) { return rng()(); });
                                         return generate<uint32_t>(rt, rows, [](size_t) { return static_cast<uint32_t>(rng()()); });
                                     }});
        }, true);
    }
    r.addAlias("rand32", "rand");
    add(r, "rand_uniform", "random", "rand_uniform(min, max)", "uniform random float64 in [min, max)", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("rand_uniform", args, 2, 3);
        for (size_t i = 0; i < 2; ++i)
            if (!args[i].type || !isNumberType(*args[i].type))
                illegalType("rand_uniform", args[i].type, i + 1);
        DataTypePtr rt = makeType(TypeKind::Float64);
        return nonDeterministic({rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr lo = castColumn(c[0], rt), hi = castColumn(c[1], rt);
                                     return generate<double>(rt, rows, [&](size_t i) {
                                         std::uniform_real_distribution<double> d(lo->data<double>()[i], hi->data<double>()[i]);
                                         return d(rng());
                                     });
                                 }});
    });
    for (bool printable : {false, true}) {
        std::string name = printable ? "random_printable_ascii" : "random_string";
        add(r, name, "random", name + "(n)", "n random bytes", [name, printable](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 2);
            if (!args[0].type || !isIntegerType(*args[0].type))
                illegalType(name, args[0].type, 1);
            DataTypePtr rt = makeType(TypeKind::String);
            return nonDeterministic({rt, [rt, printable](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                         ColumnPtr n = castColumn(c[0], makeType(TypeKind::Int64));
                                         auto out = Column::create(rt, rows);
                                         std::string buf;
                                         for (size_t i = 0; i < rows; ++i) {
                                             int64_t len = n->data<int64_t>()[i];
                                             if (len < 0 || len > (1 << 30))
                                                 fail(ErrorCode::TooLargeStringSize, "Too large string size in random string function");
                                             buf.resize(static_cast<size_t>(len));
                                             for (char &ch : buf)
                                                 ch = static_cast<char>(printable ? 32 + rng()() % 95 : rng()() & 0xFF);
                                             out->pushString(buf);
                                         }
                                         return out;
                                     }});
        });
    }
    add(r, "generate_uuid", "random", "generate_uuid()", "random version-4 UUID", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("generate_uuid", args, 0, 1);
        DataTypePtr rt = makeType(TypeKind::UUID);
        return nonDeterministic({rt, [rt](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                                     auto out = makeFixedColumn(rt, rows);
                                     auto *halves = reinterpret_cast<uint64_t *>(out->fixed.data());
                                     for (size_t i = 0; i < rows; ++i) {
                                         // halves[1] is the high half (see Column::compareAt): version 4, variant 10.
                                         halves[2 * i + 1] = (rng()() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
                                         halves[2 * i] = (rng()() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
                                     }
                                     return out;
                                 }});
    }, true);
    r.addAlias("uuid", "generate_uuid");
    r.addAlias("generate_uuid_v4", "generate_uuid");
}

bool parseIPv4(std::string_view s, uint32_t &out)
{
    uint32_t value = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
        uint32_t octet = 0;
        size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4)
            octet = octet * 10 + static_cast<uint32_t>(s[i++] - '0'), ++digits;
        if (octet > 255 || digits > 3)
            return false;
        value = value << 8 | octet;
        if (++parts < 4 && (i >= s.size() || s[i++] != '.'))
            return false;
    }
    out = value;
    return i == s.size();
}

// random_fixed_string(n): n random bytes as fixed_string(n); n must be a constant.
void addRandomFixedString(FunctionRegistry &r)
{
    add(r, "random_fixed_string", "random", "random_fixed_string(n)", "n random bytes as fixed_string(n)", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("random_fixed_string", args, 1, 1);
        if (!args[0].type || !isIntegerType(*args[0].type) || !args[0].constant)
            fail(ErrorCode::IllegalTypeOfArgument, "First argument of function random_fixed_string must be a constant unsigned integer");
        int64_t n = constInt("random_fixed_string", args[0]);
        if (n <= 0 || n > (1 << 30))
            fail(ErrorCode::ArgumentOutOfBound, "Length of the fixed string of function random_fixed_string must be positive and at most 1 GiB");
        DataTypePtr rt = makeFixedString(static_cast<uint32_t>(n));
        return nonDeterministic({rt, [rt](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                                     auto out = makeFixedColumn(rt, rows);
                                     for (auto &byte : out->fixed)
                                         byte = static_cast<uint8_t>(rng()() & 0xFF);
                                     return out;
                                 }});
    });
}

// One column of `rows` random values of `t` (a number or date/time type), in [0, max) when
// max is given; dates and times stay within their printable ranges.
ColumnPtr randomColumn(const DataTypePtr &t, std::optional<double> max, size_t rows)
{
    auto out = makeFixedColumn(t, rows);
    uint64_t ticksPerSecond = 1;
    for (uint32_t p = 0; t->kind == TypeKind::DateTime64 && p < t->precision; ++p)
        ticksPerSecond *= 10;
    uint64_t limit = t->kind == TypeKind::Date32 ? 120530 : t->kind == TypeKind::DateTime64 ? (1ULL << 32) * ticksPerSecond : 0;
    if (max)
        limit = static_cast<uint64_t>(std::max(1.0, *max));
    dispatchNumeric(t->kind, [&]<typename T>() {
        T *d = out->data<T>();
        if constexpr (std::is_floating_point_v<T>) {
            std::uniform_real_distribution<double> dist(0.0, max ? *max : 1.0);
            for (size_t i = 0; i < rows; ++i)
                d[i] = static_cast<T>(dist(rng()));
        } else {
            for (size_t i = 0; i < rows; ++i)
                d[i] = static_cast<T>(limit ? rng()() % limit : rng()());
        }
    });
    return out;
}

// random_in_type('type'[, max][, x -> expr]): Proton's typed random generator; the lambda maps
// each generated value.
BoundFunction bindRandomInType(const std::vector<FunctionArg> &args)
{
    const char *name = "random_in_type";
    checkArgCount(name, args, 1, 3);
    auto parsed = parseDataType(constString(name, args[0]));
    if (!parsed)
        throw EngineError(parsed.status());
    DataTypePtr t = *parsed;
    if (!((isNumberType(*t) && t->valueSize() <= 8) || t->isDateOrTime()))
        fail(ErrorCode::IllegalTypeOfArgument, "Function random_in_type does not support type " + t->name());
    std::optional<double> max;
    std::shared_ptr<LambdaArg> lambda;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i].lambda && i + 1 == args.size()) {
            lambda = args[i].lambda;
        } else if (i == 1 && args[i].constant && isNumberType(*args[i].type)) {
            max = numberAt(*args[i].constant, 0);
            if (!(*max > 0))
                fail(ErrorCode::ArgumentOutOfBound, "The maximum of function random_in_type must be positive");
        } else {
            illegalType(name, args[i].type, i + 1);
        }
    }
    if (!lambda)
        return nonDeterministic({t, [t, max](const std::vector<ColumnPtr> &, size_t rows) { return randomColumn(t, max, rows); }});
    if (lambda->paramCount != 1)
        fail(ErrorCode::BadArguments, "The lambda of function random_in_type takes one argument");
    auto bound = lambda->bind({t}); // named members: clang 14 cannot capture structured bindings
    auto &body = bound.first;
    auto &exec = bound.second;
    return nonDeterministic({body, [t, max, exec](const std::vector<ColumnPtr> &, size_t rows) {
                                 std::vector<uint32_t> outer(rows);
                                 for (size_t i = 0; i < rows; ++i)
                                     outer[i] = static_cast<uint32_t>(i);
                                 return exec({randomColumn(t, max, rows)}, outer);
                             }});
}

void addIp(FunctionRegistry &r)
{
    add(r, "ipv4_num_to_string", "ip", "ipv4_num_to_string(n)", "dotted quad of a uint32", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("ipv4_num_to_string", args, 1, 1);
        if (!args[0].type || !(isIntegerType(*args[0].type) || args[0].type->kind == TypeKind::IPv4))
            illegalType("ipv4_num_to_string", args[0].type, 1);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr v = castColumn(c[0], makeType(TypeKind::UInt32));
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     uint32_t x = v->data<uint32_t>()[i];
                                     out->pushString(std::to_string(x >> 24) + "." + std::to_string((x >> 16) & 255) + "." + std::to_string((x >> 8) & 255) + "." + std::to_string(x & 255));
                                 }
                                 return out;
                             }};
    });
    for (bool check : {false, true}) {
        std::string name = check ? "is_ipv4_string" : "ipv4_string_to_num";
        add(r, name, "ip", name + "(s)", check ? "1 for a valid IPv4 address" : "uint32 of a dotted quad (0 if invalid)", [name, check](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            if (!args[0].type || !args[0].type->isStringLike())
                illegalType(name, args[0].type, 1);
            DataTypePtr rt = makeType(check ? TypeKind::UInt8 : TypeKind::UInt32);
            return BoundFunction{rt, [rt, check](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                     auto out = makeFixedColumn(rt, rows);
                                     for (size_t i = 0; i < rows; ++i) {
                                         uint32_t v = 0;
                                         bool ok = parseIPv4(s->stringAt(i), v);
                                         if (check)
                                             out->data<uint8_t>()[i] = ok;
                                         else
                                             out->data<uint32_t>()[i] = ok ? v : 0;
                                     }
                                     return out;
                                 }};
        });
    }
}

void addUtility(FunctionRegistry &r)
{
    add(r, "ignore", "misc", "ignore(x, ...)", "always 0; evaluates nothing", [](const std::vector<FunctionArg> &, const FunctionContext &) {
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr { return makeFixedColumn(rt, rows); }};
    }, true);
    for (const char *n : {"identity", "materialize"}) {
        std::string name = n;
        add(r, name, "misc", name + "(x)", "returns x", [name](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            BoundFunction b{args[0].type, [](const std::vector<ColumnPtr> &c, size_t) { return c[0]; }};
            b.deterministic = name != "materialize"; // materialize() is never folded into a constant
            return b;
        }, true);
    }
    add(r, "throw_if", "misc", "throw_if(cond[, message])", "throws when cond is non-zero", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("throw_if", args, 1, 2);
        if (!args[0].type || !isIntegerType(*args[0].type))
            illegalType("throw_if", args[0].type, 1);
        std::string message = args.size() > 1 ? constString("throw_if", args[1]) : "Value passed to 'throw_if' function is non-zero";
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return nonDeterministic({rt, [rt, message](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     for (size_t i = 0; i < rows; ++i)
                                         if (intAt(*c[0], i) != 0)
                                             fail(static_cast<ErrorCode>(395), message);
                                     return makeFixedColumn(rt, rows);
                                 }});
    });
    add(r, "version", "misc", "version()", "the engine version", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("version", args, 0, 0);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i)
                                     out->pushString("1.6.1"); // the Proton version whose dialect is implemented
                                 return out;
                             }};
    });
    add(r, "sleep", "misc", "sleep(seconds)", "pauses up to 3 seconds; returns 0", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("sleep", args, 1, 1);
        if (!args[0].type || !isNumberType(*args[0].type))
            illegalType("sleep", args[0].type, 1);
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return nonDeterministic({rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     double s = rows ? numberAt(*c[0], 0) : 0;
                                     if (s > 3)
                                         fail(static_cast<ErrorCode>(160), "The maximum sleep time is 3 seconds");
                                     if (s > 0) // once per block, as ClickHouse's sleep()
                                         std::this_thread::sleep_for(std::chrono::duration<double>(s));
                                     return makeFixedColumn(rt, rows);
                                 }});
    });
}

} // namespace

void registerMiscFunctions2(FunctionRegistry &registry);

void registerMiscFunctions(FunctionRegistry &registry)
{
    addRandom(registry);
    addRandomFixedString(registry);
    add(registry, "random_in_type", "random", "random_in_type('type'[, max][, x -> expr])", "a random value of a number or date/time type",
        [](const std::vector<FunctionArg> &args, const FunctionContext &) { return bindRandomInType(args); }, true);
    addIp(registry);
    addUtility(registry);
    registerMiscFunctions2(registry);
}

} // namespace tideline::engine
