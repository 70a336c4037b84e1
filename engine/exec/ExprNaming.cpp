#include "engine/exec/ExprNaming.h"

#include "engine/sql/Formatter.h"

namespace tideline::engine {

namespace {

std::string literalName(const sql::Expr &e)
{
    switch (e.literalKind) {
    case sql::LiteralKind::Null: return "NULL";
    case sql::LiteralKind::Bool: return e.text;
    case sql::LiteralKind::Integer: {
        if (e.text.size() > 2 && e.text[0] == '0' && (e.text[1] == 'x' || e.text[1] == 'X' || e.text[1] == 'b' || e.text[1] == 'B')) {
            unsigned long long v = std::stoull(e.text.substr(2), nullptr, (e.text[1] == 'x' || e.text[1] == 'X') ? 16 : 2);
            return std::to_string(v);
        }
        return e.text;
    }
    case sql::LiteralKind::Float: return e.text;
    case sql::LiteralKind::String: return sql::quoteString(e.text);
    }
    return e.text;
}

std::string joinArgs(const std::vector<sql::ExprPtr> &args)
{
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i)
            out += ", ";
        out += exprColumnName(*args[i]);
    }
    return out;
}

} // namespace

std::string exprColumnName(const sql::Expr &e)
{
    switch (e.kind) {
    case sql::ExprKind::Literal: return literalName(e);
    case sql::ExprKind::Identifier: {
        std::string out;
        for (size_t i = 0; i < e.parts.size(); ++i)
            out += (i ? "." : "") + e.parts[i];
        return out;
    }
    case sql::ExprKind::Asterisk: return "*";
    case sql::ExprKind::Columns: return "COLUMNS('" + e.text + "')";
    case sql::ExprKind::Function: {
        if (e.name == "negate" && e.args.size() == 1 && e.args[0]->kind == sql::ExprKind::Literal
            && (e.args[0]->literalKind == sql::LiteralKind::Integer || e.args[0]->literalKind == sql::LiteralKind::Float))
            return "-" + literalName(*e.args[0]);
        std::string out = e.name;
        if (!e.parameters.empty())
            out += "(" + joinArgs(e.parameters) + ")";
        out += "(" + std::string(e.distinct ? "DISTINCT " : "") + joinArgs(e.args) + ")";
        if (e.over) {
            std::string spec;
            if (!e.over->partitionBy.empty())
                spec += "PARTITION BY " + joinArgs(e.over->partitionBy);
            if (!e.over->orderBy.empty()) {
                spec += spec.empty() ? "ORDER BY " : " ORDER BY ";
                for (size_t i = 0; i < e.over->orderBy.size(); ++i)
                    spec += (i ? ", " : "") + exprColumnName(*e.over->orderBy[i].expr) + (e.over->orderBy[i].descending ? " DESC" : " ASC");
            }
            out += " OVER (" + spec + ")";
        }
        return out;
    }
    case sql::ExprKind::Lambda: {
        std::string params;
        for (size_t i = 0; i < e.params.size(); ++i)
            params += (i ? ", " : "") + e.params[i];
        return "lambda(tuple(" + params + "), " + exprColumnName(*e.args[0]) + ")";
    }
    case sql::ExprKind::Subquery: return "_subquery";
    case sql::ExprKind::Interval: return std::string("to_interval_") + intervalUnitName(e.intervalUnit) + "(" + exprColumnName(*e.args[0]) + ")";
    case sql::ExprKind::QueryParameter: return e.text;
    }
    return {};
}

std::string resultColumnName(const sql::Expr &e)
{
    return e.alias.empty() ? exprColumnName(e) : e.alias;
}

} // namespace tideline::engine
