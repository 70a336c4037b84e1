// if, multi_if, case_with_expression, coalesce, if_null, null_if, is_null, is_not_null,
// assume_not_null, to_nullable. All see NULLs themselves; branches are unified to their least
// common supertype (ClickHouse's getLeastSupertype); a NULL condition counts as false.
#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

// 1 where the condition is true and not NULL.
std::vector<uint8_t> conditionMask(const Column &col)
{
    size_t rows = col.size();
    std::vector<uint8_t> mask(rows, 0);
    const Column *values = col.type()->isNullable() ? col.children[0].get() : &col;
    if (values->type()->isNothing())
        return mask;
    dispatchNumeric(values->type()->kind, [&]<typename T>() {
        const T *v = values->data<T>();
        for (size_t i = 0; i < rows; ++i)
            mask[i] = v[i] != T(0);
    });
    if (col.type()->isNullable())
        for (size_t i = 0; i < rows; ++i)
            mask[i] &= !col.nullMap[i];
    return mask;
}

void checkCondition(const std::string &name, const FunctionArg &arg, size_t index)
{
    DataTypePtr inner = arg.type ? removeNullable(arg.type) : nullptr;
    if (!inner || !(isNumberType(*inner) || inner->isNothing()))
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + (arg.type ? arg.type->name() : std::string("lambda")) + " of "
                 + std::to_string(index + 1) + " argument (condition) of function " + name + ". Must be uint8 or bool.");
}

DataTypePtr branchesType(const std::vector<DataTypePtr> &types, const std::string &name)
{
    try {
        return leastSupertype(types);
    } catch (const EngineError &e) {
        fail(NoCommonType, std::string(e.what()) + " (in function " + name + ")");
    }
}

// Generic multi-branch selection: conds[k] decides values[k]; the last value is the default.
ColumnPtr choose(const std::vector<std::vector<uint8_t>> &conds, const std::vector<ColumnPtr> &values, const DataTypePtr &rt, size_t rows)
{
    std::vector<ColumnPtr> cast;
    for (const auto &v : values)
        cast.push_back(castColumn(v, rt));
    std::vector<uint8_t> choice(rows, static_cast<uint8_t>(values.size() - 1));
    for (size_t i = 0; i < rows; ++i)
        for (size_t k = 0; k < conds.size(); ++k)
            if (conds[k][i]) {
                choice[i] = static_cast<uint8_t>(k);
                break;
            }
    return selectRows(cast, choice, rows, rt);
}

BoundFunction resolveIf(const std::vector<FunctionArg> &args)
{
    checkArgCount("if", args, 3, 3);
    checkCondition("if", args[0], 0);
    DataTypePtr rt = branchesType({args[1].type, args[2].type}, "if");
    return {rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) { return choose({conditionMask(*c[0])}, {c[1], c[2]}, rt, rows); }};
}

BoundFunction resolveMultiIf(const std::vector<FunctionArg> &args)
{
    if (args.size() < 3 || args.size() % 2 == 0)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Invalid number of arguments for function multi_if");
    std::vector<DataTypePtr> types;
    for (size_t i = 0; i + 1 < args.size(); i += 2) {
        checkCondition("multi_if", args[i], i);
        types.push_back(args[i + 1].type);
    }
    types.push_back(args.back().type);
    if (types.size() > 255)
        fail(ErrorCode::TooManyArgumentsForFunction, "Too many arguments for function multi_if");
    DataTypePtr rt = branchesType(types, "multi_if");
    return {rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) {
                std::vector<std::vector<uint8_t>> conds;
                std::vector<ColumnPtr> values;
                for (size_t i = 0; i + 1 < c.size(); i += 2) {
                    conds.push_back(conditionMask(*c[i]));
                    values.push_back(c[i + 1]);
                }
                values.push_back(c.back());
                return choose(conds, values, rt, rows);
            }};
}

// CASE x WHEN a THEN b ... ELSE e END: equality of x with each `when` value picks the branch.
BoundFunction resolveCase(const std::vector<FunctionArg> &args, const FunctionContext &ctx)
{
    if (args.size() < 4 || args.size() % 2 != 0)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Invalid number of arguments for function case_with_expression");
    std::vector<DataTypePtr> types;
    std::vector<BoundFunction> equals;
    for (size_t i = 1; i + 1 < args.size(); i += 2) {
        equals.push_back(FunctionRegistry::instance().resolve("equals", {args[0], args[i]}, ctx));
        types.push_back(args[i + 1].type);
    }
    types.push_back(args.back().type);
    DataTypePtr rt = branchesType(types, "case_with_expression");
    return {rt, [rt, equals](const std::vector<ColumnPtr> &c, size_t rows) {
                std::vector<std::vector<uint8_t>> conds;
                std::vector<ColumnPtr> values;
                for (size_t k = 0; k < equals.size(); ++k) {
                    conds.push_back(conditionMask(*equals[k].exec({c[0], c[1 + 2 * k]}, rows)));
                    values.push_back(c[2 + 2 * k]);
                }
                values.push_back(c.back());
                return choose(conds, values, rt, rows);
            }};
}

BoundFunction resolveCoalesce(const std::string &name, const std::vector<FunctionArg> &args)
{
    checkArgCount(name, args, name == "if_null" ? 2 : 1, name == "if_null" ? 2 : SIZE_MAX);
    std::vector<DataTypePtr> inner;
    bool allNullable = true;
    for (const auto &a : args) {
        if (!a.type)
            illegalType(name, a.type);
        if (!a.type->isNothing() && !(a.type->isNullable() && a.type->children[0]->isNothing()))
            inner.push_back(removeNullable(a.type));
        allNullable &= a.type->isNullable() || a.type->isNothing();
    }
    if (inner.empty())
        return {makeNullable(makeType(TypeKind::Nothing)), [](const std::vector<ColumnPtr> &, size_t rows) -> ColumnPtr {
                    auto c = Column::create(makeNullable(makeType(TypeKind::Nothing)));
                    c->pushDefaults(rows);
                    return c;
                }};
    DataTypePtr base = branchesType(inner, name);
    DataTypePtr rt = allNullable ? makeNullable(base) : base;
    return {rt, [rt, base](const std::vector<ColumnPtr> &c, size_t rows) {
                std::vector<std::vector<uint8_t>> conds;
                std::vector<ColumnPtr> values;
                for (const auto &col : c) {
                    std::vector<uint8_t> present(rows, 1);
                    if (col->type()->isNothing())
                        present.assign(rows, 0);
                    else if (col->type()->isNullable())
                        for (size_t i = 0; i < rows; ++i)
                            present[i] = !col->nullMap[i];
                    conds.push_back(std::move(present));
                    values.push_back(col);
                }
                // The default branch is NULL (or the type's default when never reached).
                auto none = Column::create(makeNullable(base));
                none->pushDefaults(rows);
                values.push_back(none);
                return castColumn(choose(conds, values, makeNullable(base), rows), rt);
            }};
}

BoundFunction resolveNullIf(const std::vector<FunctionArg> &args, const FunctionContext &ctx)
{
    checkArgCount("null_if", args, 2, 2);
    BoundFunction eq = FunctionRegistry::instance().resolve("equals", args, ctx);
    DataTypePtr rt = makeNullable(args[0].type);
    return {rt, [rt, eq](const std::vector<ColumnPtr> &c, size_t rows) {
                std::vector<uint8_t> same = conditionMask(*eq.exec(c, rows));
                ColumnPtr x = castColumn(c[0], rt);
                auto out = std::make_shared<Column>(*x);
                for (size_t i = 0; i < rows; ++i)
                    out->nullMap[i] |= same[i];
                return ColumnPtr(out);
            }};
}

void registerNullChecks(FunctionRegistry &r)
{
    for (bool negate : {false, true}) {
        std::string name = negate ? "is_not_null" : "is_null";
        add(r, name, "conditional", name + "(x)", negate ? "1 unless x is NULL" : "1 when x is NULL", [name, negate](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            DataTypePtr rt = makeType(TypeKind::UInt8);
            return BoundFunction{rt, [rt, negate](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     const Column &x = *c[0];
                                     return generate<uint8_t>(rt, rows, [&](size_t i) {
                                         bool isNull = x.type()->isNothing() || x.isNullAt(i);
                                         return static_cast<uint8_t>(isNull != negate);
                                     });
                                 }};
        }, true);
    }
    add(r, "assume_not_null", "conditional", "assume_not_null(x)", "x without the nullable wrapper", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("assume_not_null", args, 1, 1);
        DataTypePtr rt = args[0].type ? removeNullable(args[0].type) : nullptr;
        return BoundFunction{rt, [](const std::vector<ColumnPtr> &c, size_t) -> ColumnPtr {
                                 return c[0]->type()->isNullable() ? ColumnPtr(c[0]->children[0]) : c[0];
                             }};
    }, true);
    add(r, "to_nullable", "conditional", "to_nullable(x)", "x as nullable", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("to_nullable", args, 1, 1);
        DataTypePtr rt = makeNullable(args[0].type);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t) { return castColumn(c[0], rt); }};
    }, true);
}

} // namespace

void registerConditionalFunctions(FunctionRegistry &registry)
{
    add(registry, "if", "conditional", "if(cond, then, else)", "then when cond is true, else otherwise",
        [](const std::vector<FunctionArg> &a, const FunctionContext &) { return resolveIf(a); }, true);
    add(registry, "multi_if", "conditional", "multi_if(c1, v1, c2, v2, ..., else)", "the value of the first true condition",
        [](const std::vector<FunctionArg> &a, const FunctionContext &) { return resolveMultiIf(a); }, true);
    add(registry, "case_with_expression", "conditional", "case_with_expression(x, w1, t1, ..., else)", "CASE x WHEN ...",
        [](const std::vector<FunctionArg> &a, const FunctionContext &ctx) { return resolveCase(a, ctx); }, true);
    for (const char *n : {"coalesce", "if_null"}) {
        std::string name = n;
        add(registry, name, "conditional", name + "(a, b, ...)", "the first non-NULL argument",
            [name](const std::vector<FunctionArg> &a, const FunctionContext &) { return resolveCoalesce(name, a); }, true);
    }
    add(registry, "null_if", "conditional", "null_if(a, b)", "NULL when a = b, else a",
        [](const std::vector<FunctionArg> &a, const FunctionContext &ctx) { return resolveNullIf(a, ctx); }, true);
    registerNullChecks(registry);
}

} // namespace tideline::engine
