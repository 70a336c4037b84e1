#include "engine/exec/ExpressionBinder.h"

#include <cmath>
#include <limits>

#include "engine/exec/ExprNaming.h"
#include "engine/exec/UserFunctionRegistry.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

namespace {

template <typename T>
ColumnPtr constant(DataTypePtr type, T value)
{
    auto c = Column::create(type);
    c->push<T>(value);
    return c;
}

ColumnPtr integerLiteral(const std::string &literal, bool negate, int pos)
{
    // The parser folds a leading minus into the literal ("-1").
    std::string text = literal;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negate = (text[0] == '-') != negate;
        text = text.substr(1);
    }
    int base = 10;
    std::string digits = text;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        base = 16, digits = text.substr(2);
    else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B'))
        base = 2, digits = text.substr(2);
    errno = 0;
    char *end = nullptr;
    unsigned long long v = std::strtoull(digits.c_str(), &end, base);
    if (errno == ERANGE || (end && *end)) {
        double d = std::strtod(text.c_str(), nullptr);
        return constant<double>(makeType(TypeKind::Float64), negate ? -d : d);
    }
    if (!negate) {
        if (v <= 0xFF) return constant<uint8_t>(makeType(TypeKind::UInt8), static_cast<uint8_t>(v));
        if (v <= 0xFFFF) return constant<uint16_t>(makeType(TypeKind::UInt16), static_cast<uint16_t>(v));
        if (v <= 0xFFFFFFFFULL) return constant<uint32_t>(makeType(TypeKind::UInt32), static_cast<uint32_t>(v));
        return constant<uint64_t>(makeType(TypeKind::UInt64), static_cast<uint64_t>(v));
    }
    if (v <= 128) return constant<int8_t>(makeType(TypeKind::Int8), static_cast<int8_t>(-static_cast<int64_t>(v)));
    if (v <= 32768) return constant<int16_t>(makeType(TypeKind::Int16), static_cast<int16_t>(-static_cast<int64_t>(v)));
    if (v <= 2147483648ULL) return constant<int32_t>(makeType(TypeKind::Int32), static_cast<int32_t>(-static_cast<int64_t>(v)));
    if (v <= 9223372036854775808ULL) return constant<int64_t>(makeType(TypeKind::Int64), static_cast<int64_t>(0 - v));
    (void)pos;
    return constant<double>(makeType(TypeKind::Float64), -static_cast<double>(v));
}

bool isNumericLiteral(const sql::Expr &e)
{
    return e.kind == sql::ExprKind::Literal && (e.literalKind == sql::LiteralKind::Integer || e.literalKind == sql::LiteralKind::Float);
}

} // namespace

ExpressionBinder::ExpressionBinder(const Scope &scope, const BindContext &context) : m_scope(scope), m_context(context) {}

ColumnPtr ExpressionBinder::literalColumn(const sql::Expr &e, bool negate)
{
    switch (e.literalKind) {
    case sql::LiteralKind::Null: {
        auto c = Column::create(makeNullable(makeType(TypeKind::Nothing)));
        c->pushDefault();
        return c;
    }
    case sql::LiteralKind::Bool:
        return constant<uint8_t>(makeType(TypeKind::Bool), e.text == "true" || e.text == "TRUE" || e.text == "1");
    case sql::LiteralKind::Integer:
        return integerLiteral(e.text, negate, e.pos);
    case sql::LiteralKind::Float: {
        double d = std::strtod(e.text.c_str(), nullptr);
        return constant<double>(makeType(TypeKind::Float64), negate ? -d : d);
    }
    case sql::LiteralKind::String: {
        auto c = Column::create(makeType(TypeKind::String));
        c->pushString(e.text);
        return c;
    }
    }
    return nullptr;
}

ExpressionPtr ExpressionBinder::bind(const sql::Expr &e)
{
    if (!m_precomputed.empty() && e.kind != sql::ExprKind::Literal) {
        if (auto it = m_precomputed.find(exprColumnName(e)); it != m_precomputed.end())
            return Expression::makeInput(it->second, m_scope.columns[it->second].type);
    }
    switch (e.kind) {
    case sql::ExprKind::Literal: return Expression::makeConstant(literalColumn(e));
    case sql::ExprKind::Identifier: return bindIdentifier(e);
    case sql::ExprKind::Function: return bindFunction(e);
    case sql::ExprKind::Subquery: return bindSubquery(e);
    case sql::ExprKind::Lambda: return bindLambda(e);
    case sql::ExprKind::Interval: return bindInterval(e);
    case sql::ExprKind::Asterisk:
    case sql::ExprKind::Columns:
        fail(ErrorCode::UnexpectedExpression, "Asterisk is not allowed here", e.pos);
    case sql::ExprKind::QueryParameter:
        fail(ErrorCode::BadArguments, "Query parameter " + e.text + " has no value", e.pos);
    }
    fail(ErrorCode::LogicalError, "Unknown expression kind", e.pos);
}

ExpressionPtr ExpressionBinder::bindIdentifier(const sql::Expr &e)
{
    int index = m_scope.find(e.parts);
    if (index >= 0) {
        if (m_aggregated)
            fail(ErrorCode::NotAnAggregate, "Column `" + exprColumnName(e) + "` is not under aggregate function and not in GROUP BY", e.pos);
        return Expression::makeInput(static_cast<size_t>(index), m_scope.columns[static_cast<size_t>(index)].type);
    }
    if (index == -2)
        fail(ErrorCode::AmbiguousIdentifier, "Identifier '" + exprColumnName(e) + "' is ambiguous", e.pos);
    // t.1 / t.name on a tuple column: tuple element access.
    if (e.parts.size() >= 2) {
        std::vector<std::string> head(e.parts.begin(), e.parts.end() - 1);
        int t = m_scope.find(head);
        if (t >= 0 && removeNullable(m_scope.columns[static_cast<size_t>(t)].type)->kind == TypeKind::Tuple) {
            auto tuple = Expression::makeInput(static_cast<size_t>(t), m_scope.columns[static_cast<size_t>(t)].type);
            auto name = Column::create(makeType(TypeKind::String));
            name->pushString(e.parts.back());
            return makeFunction("tuple_element", {tuple, Expression::makeConstant(name)}, e.pos);
        }
    }
    if (m_aggregated && m_context.sourceScope && m_context.sourceScope->find(e.parts) != -1)
        fail(ErrorCode::NotAnAggregate, "Column `" + exprColumnName(e) + "` is not under aggregate function and not in GROUP BY", e.pos);
    fail(ErrorCode::UnknownIdentifier, "Missing columns: '" + exprColumnName(e) + "' while processing query", e.pos);
}

ExpressionPtr ExpressionBinder::makeFunction(const std::string &name, std::vector<ExpressionPtr> args, int pos)
{
    std::vector<FunctionArg> fargs;
    bool allConstant = true;
    for (const auto &a : args) {
        FunctionArg fa;
        fa.type = a->type;
        if (a->isConstant())
            fa.constant = a->constant;
        else
            allConstant = false;
        fa.lambda = a->lambda;
        if (a->kind == Expression::Kind::Lambda)
            allConstant = false;
        fargs.push_back(std::move(fa));
    }
    BoundFunction bound;
    try {
        bound = FunctionRegistry::instance().resolve(name, fargs, m_context.functions);
    } catch (const EngineError &err) {
        if (err.status().position() >= 0)
            throw;
        throw EngineError(Status(err.status().code(), err.status().message(), pos));
    }
    auto e = std::make_shared<Expression>();
    e->kind = Expression::Kind::Function;
    e->type = bound.returnType;
    e->functionName = name;
    e->args = std::move(args);
    bool deterministic = bound.deterministic;
    e->function = std::move(bound);
    if (allConstant && deterministic) {
        Block empty;
        empty.setRowsWithoutColumns(1);
        return Expression::makeConstant(e->evaluate(empty, 1));
    }
    return e;
}

ExpressionPtr ExpressionBinder::bindFunction(const sql::Expr &e)
{
    if (e.over)
        fail(ErrorCode::IllegalAggregation, "Window function " + exprColumnName(e) + " is found in " + m_context.clause + " in query", e.pos);
    if (isAggregateFunctionName(e.name))
        fail(ErrorCode::IllegalAggregation, "Aggregate function " + exprColumnName(e) + " is found in " + m_context.clause + " in query", e.pos);
    if ((e.name == "current_database" || e.name == "database") && e.args.empty()) {
        auto c = Column::create(makeType(TypeKind::String));
        c->pushString(m_context.currentDatabase);
        return Expression::makeConstant(c);
    }
    if (e.name == "negate" && e.args.size() == 1 && isNumericLiteral(*e.args[0]))
        return Expression::makeConstant(literalColumn(*e.args[0], true));
    if ((e.name == "in" || e.name == "not_in" || e.name == "global_in" || e.name == "global_not_in") && e.args.size() == 2)
        return bindIn(e);
    if (e.name == "exists" && e.args.size() == 1 && e.args[0]->kind == sql::ExprKind::Subquery) {
        Block rows = m_context.runSubquery(*e.args[0]->subquery);
        return Expression::makeConstant(constant<uint8_t>(makeType(TypeKind::UInt8), rows.rows() > 0));
    }
    if (ExpressionPtr user = bindUserFunction(e))
        return user;
    std::vector<ExpressionPtr> args;
    for (const auto &a : e.args)
        args.push_back(bind(*a));
    for (const auto &p : e.parameters)
        args.push_back(bind(*p));
    return makeFunction(e.name, std::move(args), e.pos);
}

ExpressionPtr ExpressionBinder::bindUserFunction(const sql::Expr &e)
{
    UserFunctionRegistry *registry = currentUserFunctions();
    if (!registry || FunctionRegistry::instance().find(e.name))
        return nullptr;
    auto entry = registry->find(e.name);
    if (!entry || entry->definition.aggregate)
        return nullptr;
    const UserFunctionDefinition &d = entry->definition;
    if (d.language == UserFunctionLanguage::Sql) {
        // A UDF whose body calls itself (directly or not) would expand forever.
        static thread_local int depth = 0;
        if (depth >= 32)
            fail(ErrorCode::TooDeepRecursion, "User-defined function " + d.name + " is expanded recursively", e.pos);
        ++depth;
        struct Leave { ~Leave() { --depth; } } leave;
        return bind(*expandSqlFunction(*entry, e));
    }
    if (e.args.size() != d.arguments.size())
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Function " + d.name + " takes " + std::to_string(d.arguments.size())
                                                          + " arguments, got " + std::to_string(e.args.size()), e.pos);
    auto call = std::make_shared<Expression>();
    call->kind = Expression::Kind::Function;
    call->functionName = d.name;
    for (size_t i = 0; i < e.args.size(); ++i)
        call->args.push_back(Expression::makeCast(bind(*e.args[i]), d.arguments[i].type, m_context.functions));
    call->function = registry->bindScalar(entry);
    call->type = call->function.returnType;
    return call;
}

ExpressionPtr ExpressionBinder::bindIn(const sql::Expr &e)
{
    auto left = bind(*e.args[0]);
    const sql::Expr &right = *e.args[1];
    ExpressionPtr set;
    if (right.kind == sql::ExprKind::Subquery) {
        Block rows = m_context.runSubquery(*right.subquery);
        if (rows.columnCount() == 0)
            fail(ErrorCode::IncorrectQuery, "Subquery for IN returns no columns", right.pos);
        // One column: array(T) of its values; several: array(tuple(...)).
        MutableColumnPtr arr;
        if (rows.columnCount() == 1) {
            arr = Column::create(makeArray(rows.at(0).type()));
            arr->children[0]->pushRange(*rows.at(0).column, 0, rows.rows());
        } else {
            std::vector<DataTypePtr> types;
            for (const auto &c : rows.columns())
                types.push_back(c.type());
            arr = Column::create(makeArray(makeTuple(types)));
            for (size_t i = 0; i < rows.columnCount(); ++i)
                arr->children[0]->children[i]->pushRange(*rows.at(i).column, 0, rows.rows());
            arr->children[0]->setSize(rows.rows());
        }
        arr->offsets.push_back(rows.rows());
        arr->setSize(1);
        set = Expression::makeConstant(arr);
    } else if (right.kind == sql::ExprKind::Identifier) {
        fail(ErrorCode::NotImplemented, "IN with a stream name is not supported; use IN (SELECT ...)", right.pos);
    } else {
        set = bind(right);
    }
    return makeFunction(e.name == "global_in" ? "in" : e.name == "global_not_in" ? "not_in" : e.name, {left, set}, e.pos);
}

ExpressionPtr ExpressionBinder::bindSubquery(const sql::Expr &e)
{
    Block rows = m_context.runSubquery(*e.subquery);
    if (rows.columnCount() != 1)
        fail(ErrorCode::IncorrectQuery, "Scalar subquery must return exactly one column", e.pos);
    if (rows.rows() > 1)
        fail(static_cast<ErrorCode>(125), "Scalar subquery returned more than one row", e.pos);
    DataTypePtr type = rows.at(0).type();
    if (rows.rows() == 0) {
        auto c = Column::create(type->isNullable() || type->kind == TypeKind::Array || type->kind == TypeKind::Tuple || type->kind == TypeKind::Map ? type : makeNullable(type));
        c->pushDefault();
        return Expression::makeConstant(c);
    }
    return Expression::makeConstant(rows.at(0).column);
}

ExpressionPtr ExpressionBinder::bindInterval(const sql::Expr &e)
{
    auto amount = bind(*e.args[0]);
    if (!amount->isConstant())
        fail(ErrorCode::BadArguments, "Interval amount must be a constant", e.pos);
    const Column &c = *amount->constant;
    int64_t value = 0;
    bool ok = false;
    switch (removeNullable(c.type())->kind) {
    case TypeKind::UInt8: value = c.data<uint8_t>()[0]; ok = true; break;
    case TypeKind::UInt16: value = c.data<uint16_t>()[0]; ok = true; break;
    case TypeKind::UInt32: value = c.data<uint32_t>()[0]; ok = true; break;
    case TypeKind::UInt64: value = static_cast<int64_t>(c.data<uint64_t>()[0]); ok = true; break;
    case TypeKind::Int8: value = c.data<int8_t>()[0]; ok = true; break;
    case TypeKind::Int16: value = c.data<int16_t>()[0]; ok = true; break;
    case TypeKind::Int32: value = c.data<int32_t>()[0]; ok = true; break;
    case TypeKind::Int64: value = c.data<int64_t>()[0]; ok = true; break;
    case TypeKind::Float64: value = static_cast<int64_t>(c.data<double>()[0]); ok = true; break;
    case TypeKind::String: {
        std::string s(c.stringAt(0));
        char *end = nullptr;
        value = std::strtoll(s.c_str(), &end, 10);
        ok = end && *end == 0 && !s.empty();
        break;
    }
    default: break;
    }
    if (!ok)
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + c.type()->name() + " of interval amount", e.pos);
    return Expression::makeConstant(constant<int64_t>(makeInterval(e.intervalUnit), value));
}

ExpressionPtr ExpressionBinder::bindLambda(const sql::Expr &e)
{
    auto lambda = std::make_shared<LambdaArg>();
    lambda->paramCount = e.params.size();
    const Scope outer = m_scope;
    BindContext context = m_context;
    sql::ExprPtr body = e.args[0];
    std::vector<std::string> params = e.params;
    lambda->bind = [outer, context, body, params](const std::vector<DataTypePtr> &types) {
        if (types.size() != params.size())
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Lambda takes " + std::to_string(params.size()) + " arguments, got " + std::to_string(types.size()));
        auto scope = std::make_shared<Scope>(outer);
        for (size_t i = 0; i < params.size(); ++i)
            scope->columns.push_back({params[i], {}, {}, types[i], false});
        ExpressionBinder binder(*scope, context);
        ExpressionPtr compiled = binder.bind(*body);
        size_t outerCount = outer.columns.size();
        LambdaArg::Exec exec = [compiled, outerCount](const std::vector<ColumnPtr> &values, const std::vector<uint32_t> &outerRows) -> ColumnPtr {
            size_t n = values.empty() ? outerRows.size() : values[0]->size();
            Block block;
            const Block *outerBlock = currentLambdaOuterBlock();
            for (size_t i = 0; i < outerCount; ++i) {
                ColumnPtr col = outerBlock && i < outerBlock->columnCount() ? outerBlock->at(i).column : nullptr;
                block.add({}, col ? ColumnPtr(col->gather(outerRows)) : ColumnPtr());
            }
            for (const auto &v : values)
                block.add({}, v);
            block.setRowsWithoutColumns(n);
            return compiled->evaluate(block, n);
        };
        return std::make_pair(compiled->type, exec);
    };
    auto out = std::make_shared<Expression>();
    out->kind = Expression::Kind::Lambda;
    out->lambda = lambda;
    return out;
}

sql::ExprPtr substituteAliases(const sql::ExprPtr &expr, const std::map<std::string, sql::ExprPtr> &aliases, std::set<std::string> *expanding)
{
    if (!expr || aliases.empty())
        return expr;
    std::set<std::string> local;
    if (!expanding)
        expanding = &local;
    if (expr->kind == sql::ExprKind::Identifier && expr->parts.size() == 1) {
        auto it = aliases.find(expr->parts[0]);
        if (it == aliases.end() || expanding->count(expr->parts[0]))
            return expr;
        const sql::ExprPtr &target = it->second;
        if (target->kind == sql::ExprKind::Identifier && target->parts == expr->parts)
            return expr;
        expanding->insert(expr->parts[0]);
        auto copy = std::make_shared<sql::Expr>(*substituteAliases(target, aliases, expanding));
        expanding->erase(expr->parts[0]);
        copy->alias = expr->alias;
        return copy;
    }
    if (expr->kind == sql::ExprKind::Subquery)
        return expr;
    if (expr->kind == sql::ExprKind::Lambda) {
        std::map<std::string, sql::ExprPtr> inner = aliases;
        for (const auto &p : expr->params)
            inner.erase(p);
        auto copy = std::make_shared<sql::Expr>(*expr);
        copy->args[0] = substituteAliases(expr->args[0], inner, expanding);
        return copy;
    }
    if (expr->args.empty() && expr->parameters.empty() && !expr->over)
        return expr;
    auto copy = std::make_shared<sql::Expr>(*expr);
    for (auto &a : copy->args)
        a = substituteAliases(a, aliases, expanding);
    for (auto &p : copy->parameters)
        p = substituteAliases(p, aliases, expanding);
    if (expr->over) {
        auto over = std::make_shared<sql::WindowSpec>(*expr->over);
        for (auto &p : over->partitionBy)
            p = substituteAliases(p, aliases, expanding);
        for (auto &o : over->orderBy)
            o.expr = substituteAliases(o.expr, aliases, expanding);
        copy->over = over;
    }
    return copy;
}

namespace {
bool isAggregateCall(const sql::Expr &e)
{
    return e.kind == sql::ExprKind::Function && !e.over && isAggregateFunctionName(e.name);
}
} // namespace

bool containsAggregate(const sql::Expr &e)
{
    if (isAggregateCall(e))
        return true;
    if (e.kind == sql::ExprKind::Subquery || e.kind == sql::ExprKind::Lambda)
        return false;
    for (const auto &a : e.args)
        if (containsAggregate(*a))
            return true;
    return false;
}

void collectAggregates(const sql::ExprPtr &e, std::vector<sql::ExprPtr> &out, bool windows)
{
    if (!e || e->kind == sql::ExprKind::Subquery || e->kind == sql::ExprKind::Lambda)
        return;
    if (e->kind == sql::ExprKind::Function && e->over) {
        if (windows)
            out.push_back(e);
        return;
    }
    if (!windows && isAggregateCall(*e)) {
        out.push_back(e);
        return;
    }
    for (const auto &a : e->args)
        collectAggregates(a, out, windows);
}

} // namespace tideline::engine
