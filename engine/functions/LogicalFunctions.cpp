// and / or / xor / not with ClickHouse's three-valued NULL logic: and(0, NULL) = 0,
// or(1, NULL) = 1, otherwise NULL wins. Any number is a truth value (non-zero = true).
// Results are bool (Proton), nullable(bool) when an argument can be NULL.
#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

enum class Logic { And, Or, Xor, Not };

constexpr uint8_t kFalse = 0, kTrue = 1, kNull = 2;

// Ternary truth values of one argument column.
void truthValues(const Column &col, std::vector<uint8_t> &out)
{
    size_t rows = col.size();
    const Column *values = &col;
    if (col.type()->isNullable())
        values = col.children[0].get();
    if (values->type()->isNothing()) {
        out.assign(rows, kNull);
        return;
    }
    dispatchNumeric(values->type()->kind, [&]<typename T>() {
        const T *v = values->data<T>();
        for (size_t i = 0; i < rows; ++i)
            out[i] = v[i] != T(0) ? kTrue : kFalse;
    });
    if (col.type()->isNullable())
        for (size_t i = 0; i < rows; ++i)
            if (col.nullMap[i])
                out[i] = kNull;
}

uint8_t combine(Logic op, uint8_t acc, uint8_t v)
{
    switch (op) {
    case Logic::And: return (acc == kFalse || v == kFalse) ? kFalse : (acc == kNull || v == kNull) ? kNull : kTrue;
    case Logic::Or: return (acc == kTrue || v == kTrue) ? kTrue : (acc == kNull || v == kNull) ? kNull : kFalse;
    default: return (acc == kNull || v == kNull) ? kNull : static_cast<uint8_t>(acc ^ v);
    }
}

const char *logicName(Logic op)
{
    static const char *n[] = {"and", "or", "xor", "not"};
    return n[static_cast<int>(op)];
}

BoundFunction resolveLogic(Logic op, const std::vector<FunctionArg> &args)
{
    const char *name = logicName(op);
    checkArgCount(name, args, op == Logic::Not ? 1 : 2, op == Logic::Not ? 1 : SIZE_MAX);
    bool nullable = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const DataTypePtr &t = args[i].type;
        if (!t)
            illegalType(name, t, i + 1);
        DataTypePtr inner = removeNullable(t);
        nullable |= t->isNullable() || t->isNothing();
        if (!(isNumberType(*inner) || inner->isNothing()))
            fail(ErrorCode::IllegalTypeOfArgument, "Illegal type (" + t->name() + ") of " + std::to_string(i + 1) + " argument of function " + name);
    }
    DataTypePtr boolType = makeType(TypeKind::Bool);
    DataTypePtr rt = nullable ? makeNullable(boolType) : boolType;
    return {rt, [op, rt, boolType, nullable](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                std::vector<uint8_t> acc(rows), cur(rows);
                truthValues(*c[0], acc);
                if (op == Logic::Not) {
                    for (auto &v : acc)
                        v = v == kNull ? kNull : static_cast<uint8_t>(v ^ 1);
                }
                for (size_t a = 1; a < c.size(); ++a) {
                    truthValues(*c[a], cur);
                    for (size_t i = 0; i < rows; ++i)
                        acc[i] = combine(op, acc[i], cur[i]);
                }
                auto values = makeFixedColumn(boolType, rows);
                std::vector<uint8_t> nulls(nullable ? rows : 0);
                for (size_t i = 0; i < rows; ++i) {
                    values->data<uint8_t>()[i] = acc[i] == kTrue;
                    if (nullable)
                        nulls[i] = acc[i] == kNull;
                }
                return nullable ? wrapNullable(values, std::move(nulls)) : ColumnPtr(values);
            }};
}

} // namespace

void registerLogicalFunctions(FunctionRegistry &registry)
{
    for (Logic op : {Logic::And, Logic::Or, Logic::Xor, Logic::Not}) {
        std::string name = logicName(op);
        add(registry, name, "logical", op == Logic::Not ? "not(x)" : name + "(a, b, ...)", "three-valued logic",
            [op](const std::vector<FunctionArg> &args, const FunctionContext &) { return resolveLogic(op, args); }, true);
    }
}

} // namespace tideline::engine
