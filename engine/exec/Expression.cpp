#include "engine/exec/Expression.h"

namespace tideline::engine {

namespace {
thread_local const Block *t_lambdaOuterBlock = nullptr;
} // namespace

const Block *currentLambdaOuterBlock()
{
    return t_lambdaOuterBlock;
}

LambdaOuterBlockScope::LambdaOuterBlockScope(const Block *block) : m_previous(t_lambdaOuterBlock)
{
    t_lambdaOuterBlock = block;
}

LambdaOuterBlockScope::~LambdaOuterBlockScope()
{
    t_lambdaOuterBlock = m_previous;
}

ExpressionPtr Expression::makeInput(size_t index, DataTypePtr type)
{
    auto e = std::make_shared<Expression>();
    e->kind = Kind::Input;
    e->inputIndex = index;
    e->type = std::move(type);
    return e;
}

ExpressionPtr Expression::makeConstant(ColumnPtr value)
{
    auto e = std::make_shared<Expression>();
    e->kind = Kind::Constant;
    e->type = value->type();
    e->constant = std::move(value);
    return e;
}

ExpressionPtr Expression::makeCall(const std::string &name, std::vector<ExpressionPtr> args, const FunctionContext &context)
{
    std::vector<FunctionArg> fargs;
    for (const auto &a : args)
        fargs.push_back({a->type, a->isConstant() ? a->constant : nullptr, a->lambda});
    auto e = std::make_shared<Expression>();
    e->kind = Kind::Function;
    e->function = FunctionRegistry::instance().resolve(name, fargs, context);
    e->type = e->function.returnType;
    e->functionName = name;
    e->args = std::move(args);
    return e;
}

ExpressionPtr Expression::makeCast(ExpressionPtr e, const DataTypePtr &type, const FunctionContext &context)
{
    if (e->type->equals(*type))
        return e;
    auto target = Column::create(makeType(TypeKind::String));
    target->pushString(type->name());
    return makeCall("cast", {std::move(e), makeConstant(target)}, context);
}

ColumnPtr Expression::evaluate(const Block &input, size_t rows) const
{
    switch (kind) {
    case Kind::Input:
        return input.at(inputIndex).column;
    case Kind::Constant:
        return rows == 1 ? constant : constant->broadcast(rows);
    case Kind::Lambda:
        return nullptr;
    case Kind::Function: {
        std::vector<ColumnPtr> values;
        values.reserve(args.size());
        bool hasLambda = false;
        for (const auto &a : args) {
            hasLambda |= a->kind == Kind::Lambda;
            values.push_back(a->evaluate(input, rows));
        }
        if (hasLambda) {
            LambdaOuterBlockScope scope(&input);
            return function.exec(values, rows);
        }
        ColumnPtr out = function.exec(values, rows);
        if (!out || out->size() != rows)
            fail(ErrorCode::LogicalError, "Function " + functionName + " returned " + std::to_string(out ? out->size() : 0) + " rows for " + std::to_string(rows));
        return out;
    }
    }
    return nullptr;
}

} // namespace tideline::engine
