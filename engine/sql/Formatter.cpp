// Expressions back to SQL. Canonical function names print as the operators they came from
// (plus -> +, multi_if -> CASE, array -> [..]) when their shape matches what the parser builds;
// anything else prints as a plain call, which re-parses to the same node.

#include "engine/sql/Formatter.h"

#include "engine/sql/Keywords.h"
#include "engine/sql/Lexer.h"
#include "engine/sql/SqlFormatter.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

std::string backQuote(const std::string &name);
std::string quoteFunctionName(const std::string &name);
bool isBareWord(std::string_view name);

namespace {
constexpr int kPrimary = 12;
constexpr int kPostfix = 11;
constexpr int kUnary = 10;

struct OperatorInfo {
    const char *name;
    const char *symbol;
    int precedence;
};
constexpr OperatorInfo kBinary[] = {
    {"or", "OR", 1}, {"and", "AND", 2},
    {"equals", "=", 6}, {"not_equals", "!=", 6}, {"less", "<", 6}, {"less_or_equals", "<=", 6}, {"greater", ">", 6},
    {"greater_or_equals", ">=", 6}, {"like", "LIKE", 6}, {"not_like", "NOT LIKE", 6}, {"ilike", "ILIKE", 6},
    {"not_ilike", "NOT ILIKE", 6}, {"in", "IN", 6}, {"not_in", "NOT IN", 6}, {"global_in", "GLOBAL IN", 6},
    {"global_not_in", "GLOBAL NOT IN", 6}, {"concat", "||", 7}, {"plus", "+", 8}, {"minus", "-", 8},
    {"multiply", "*", 9}, {"divide", "/", 9}, {"modulo", "%", 9}, {"int_div", "DIV", 9},
};

const OperatorInfo *binaryOperator(const Expr &e)
{
    if (e.kind != ExprKind::Function || e.distinct || e.over || !e.parameters.empty() || e.args.size() < 2)
        return nullptr;
    for (const OperatorInfo &op : kBinary) {
        if (e.name == op.name) {
            if (e.args.size() > 2 && op.precedence > 2)
                return nullptr;
            return &op;
        }
    }
    return nullptr;
}

bool plainCall(const Expr &e, size_t arity)
{
    return e.kind == ExprKind::Function && !e.distinct && !e.over && e.parameters.empty() && e.args.size() == arity;
}

bool isIntervalShortcutAmount(const Expr &a)
{
    if (a.kind != ExprKind::Literal || a.literalKind != LiteralKind::Integer || !a.alias.empty())
        return false;
    std::string_view t = a.text;
    if (!t.empty() && t[0] == '-')
        t.remove_prefix(1);
    return !t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos;
}

bool isStringLiteral(const ExprPtr &e)
{
    return e && e->kind == ExprKind::Literal && e->literalKind == LiteralKind::String && e->alias.empty();
}
} // namespace

std::string SqlFormatter::kw(std::string_view keyword) const
{
    return m_options.uppercaseKeywords ? std::string(keyword) : toLower(keyword);
}

std::string SqlFormatter::sep(int level) const
{
    if (!m_options.pretty)
        return " ";
    return "\n" + std::string(static_cast<size_t>(level * m_options.indent), ' ');
}

std::string SqlFormatter::item(const Expr &e)
{
    if (e.alias.empty())
        return expr(e, 0);
    return bare(e) + " " + kw("AS") + " " + quoteIdentifierIfNeeded(e.alias);
}

std::string SqlFormatter::list(const std::vector<ExprPtr> &items)
{
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + item(*items[i]);
    return out;
}

std::string SqlFormatter::expr(const Expr &e, int minPrecedence)
{
    if (!e.alias.empty())
        return "(" + bare(e) + " " + kw("AS") + " " + quoteIdentifierIfNeeded(e.alias) + ")";
    std::string s = bare(e);
    return precedence(e) < minPrecedence ? "(" + s + ")" : s;
}

int SqlFormatter::precedence(const Expr &e) const
{
    switch (e.kind) {
    case ExprKind::Lambda: return 0;
    case ExprKind::Literal:
        return !e.text.empty() && e.text[0] == '-' ? kUnary : kPrimary;
    case ExprKind::Interval:
        return isIntervalShortcutAmount(*e.args[0]) && e.args[0]->text[0] == '-' ? kUnary : kPrimary;
    case ExprKind::Function: break;
    default: return kPrimary;
    }
    if (const OperatorInfo *op = binaryOperator(e))
        return op->precedence;
    if (plainCall(e, 1) && e.name == "not")
        return 3;
    if (plainCall(e, 1) && (e.name == "is_null" || e.name == "is_not_null"))
        return 4;
    if (plainCall(e, 3) && (e.name == "between" || e.name == "not_between"))
        return 5;
    if (plainCall(e, 1) && e.name == "negate")
        return kUnary;
    if (plainCall(e, 2) && (e.name == "array_element" || e.name == "tuple_element"))
        return kPostfix;
    if (plainCall(e, 2) && e.name == "json_path")
        return kUnary; // bracketed before a postfix operator, which would extend the path
    return kPrimary;
}

std::string SqlFormatter::bare(const Expr &e)
{
    switch (e.kind) {
    case ExprKind::Literal: return literal(e);
    case ExprKind::Identifier: return identifier(e);
    case ExprKind::Asterisk: return asterisk(e);
    case ExprKind::Columns: return kw("COLUMNS") + "(" + quoteString(e.text) + ")";
    case ExprKind::Function: return function(e);
    case ExprKind::Lambda: {
        std::string params;
        for (size_t i = 0; i < e.params.size(); ++i)
            params += (i ? ", " : "") + quoteIdentifierIfNeeded(e.params[i]);
        if (e.params.size() != 1)
            params = "(" + params + ")";
        return params + " -> " + expr(*e.args[0], 0);
    }
    case ExprKind::Subquery: return "(" + select(*e.subquery, 1) + ")";
    case ExprKind::Interval: return interval(e);
    case ExprKind::QueryParameter:
        return e.typeName.empty() ? "{{" + quoteIdentifierIfNeeded(e.text) + "}}" : "{" + quoteIdentifierIfNeeded(e.text) + ":" + e.typeName + "}";
    }
    return {};
}

std::string SqlFormatter::literal(const Expr &e) const
{
    switch (e.literalKind) {
    case LiteralKind::Null: return kw("NULL");
    case LiteralKind::Bool: return e.text == "true" ? kw("TRUE") : kw("FALSE");
    case LiteralKind::String: return quoteString(e.text);
    default: return e.text;
    }
}

std::string SqlFormatter::identifier(const Expr &e) const
{
    std::string out;
    for (size_t i = 0; i < e.parts.size(); ++i) {
        const std::string &p = e.parts[i];
        bool quoted = i < e.quoted.size() && e.quoted[i];
        out += (i ? "." : "") + (quoted ? backQuote(p) : quoteIdentifierIfNeeded(p));
    }
    return out;
}

std::string SqlFormatter::asterisk(const Expr &e) const
{
    std::string out;
    for (const std::string &p : e.parts)
        out += quoteIdentifierIfNeeded(p) + ".";
    out += "*";
    if (!e.except.empty()) {
        out += " " + kw("EXCEPT") + " (";
        for (size_t i = 0; i < e.except.size(); ++i)
            out += (i ? ", " : "") + quoteIdentifierIfNeeded(e.except[i]);
        out += ")";
    }
    return out;
}

std::string SqlFormatter::interval(const Expr &e)
{
    const Expr &amount = *e.args[0];
    if (isIntervalShortcutAmount(amount))
        return amount.text + intervalUnitSuffix(e.intervalUnit);
    return kw("INTERVAL") + " " + expr(amount, kUnary) + " " + kw(intervalUnitKeyword(e.intervalUnit));
}

std::string SqlFormatter::function(const Expr &e)
{
    std::string out;
    if (operatorForm(e, out) || specialForm(e, out))
        return out;
    return genericCall(e);
}

bool SqlFormatter::operatorForm(const Expr &e, std::string &out)
{
    if (const OperatorInfo *op = binaryOperator(e)) {
        bool word = op->symbol[0] >= 'A' && op->symbol[0] <= 'Z';
        std::string symbol = word ? kw(op->symbol) : op->symbol;
        if (op->precedence <= 2) {
            for (size_t i = 0; i < e.args.size(); ++i)
                out += (i ? " " + symbol + " " : "") + expr(*e.args[i], op->precedence + 1);
        } else {
            out = expr(*e.args[0], op->precedence) + " " + symbol + " " + expr(*e.args[1], op->precedence + 1);
        }
        return true;
    }
    if (plainCall(e, 1) && e.name == "not") {
        out = kw("NOT") + " " + expr(*e.args[0], 4);
        return true;
    }
    if (plainCall(e, 1) && (e.name == "is_null" || e.name == "is_not_null")) {
        out = expr(*e.args[0], 4) + " " + kw(e.name == "is_null" ? "IS NULL" : "IS NOT NULL");
        return true;
    }
    if (plainCall(e, 3) && (e.name == "between" || e.name == "not_between")) {
        out = expr(*e.args[0], 6) + " " + kw(e.name == "between" ? "BETWEEN" : "NOT BETWEEN") + " " + expr(*e.args[1], 6) + " "
              + kw("AND") + " " + expr(*e.args[2], 6);
        return true;
    }
    if (plainCall(e, 1) && e.name == "negate") {
        std::string operand = expr(*e.args[0], kUnary);
        // "-5" and "-(5)" re-parse as a negative literal, so a negated number stays a call.
        bool number = e.args[0]->kind == ExprKind::Literal && e.args[0]->alias.empty()
            && (e.args[0]->literalKind == LiteralKind::Integer || e.args[0]->literalKind == LiteralKind::Float) && e.args[0]->text[0] != '-';
        out = number ? "negate(" + operand + ")" : operand[0] == '-' ? "-(" + operand + ")" : "-" + operand;
        return true;
    }
    if (plainCall(e, 2) && e.name == "array_element") {
        const Expr &lhs = *e.args[0];
        bool wrap = lhs.kind == ExprKind::Literal || lhs.kind == ExprKind::Interval;
        out = (wrap ? "(" + expr(lhs, 0) + ")" : expr(lhs, kPostfix)) + "[" + expr(*e.args[1], 0) + "]";
        return true;
    }
    if (plainCall(e, 2) && e.name == "tuple_element" && e.args[1]->kind == ExprKind::Literal && e.args[1]->alias.empty()
        && e.args[1]->literalKind == LiteralKind::Integer && e.args[1]->text.find_first_not_of("0123456789") == std::string::npos) {
        const Expr &lhs = *e.args[0];
        bool wrap = lhs.kind == ExprKind::Literal || lhs.kind == ExprKind::Interval;
        out = (wrap ? "(" + expr(lhs, 0) + ")" : expr(lhs, kPostfix)) + "." + e.args[1]->text;
        return true;
    }
    return false;
}

bool SqlFormatter::specialForm(const Expr &e, std::string &out)
{
    bool plain = !e.distinct && !e.over && e.parameters.empty();
    if (!plain)
        return false;
    const auto &a = e.args;
    if (e.name == "array") {
        out = "[" + list(a) + "]";
    } else if (e.name == "tuple" && a.size() >= 2) {
        out = "(" + list(a) + ")";
    } else if (e.name == "map" && a.size() % 2 == 0 && !a.empty()) {
        for (size_t i = 0; i < a.size(); i += 2)
            if (a[i]->kind != ExprKind::Literal || !a[i]->alias.empty())
                return false;
        out = "{";
        for (size_t i = 0; i < a.size(); i += 2)
            out += (i ? ", " : "") + expr(*a[i], 0) + ": " + expr(*a[i + 1], 0);
        out += "}";
    } else if (e.name == "multi_if" && a.size() >= 3 && a.size() % 2 == 1) {
        out = kw("CASE");
        for (size_t i = 0; i + 1 < a.size(); i += 2)
            out += " " + kw("WHEN") + " " + expr(*a[i], 0) + " " + kw("THEN") + " " + expr(*a[i + 1], 0);
        out += " " + kw("ELSE") + " " + expr(*a.back(), 0) + " " + kw("END");
    } else if (e.name == "case_with_expression" && a.size() >= 4 && a.size() % 2 == 0) {
        out = kw("CASE") + " " + expr(*a[0], 0);
        for (size_t i = 1; i + 1 < a.size(); i += 2)
            out += " " + kw("WHEN") + " " + expr(*a[i], 0) + " " + kw("THEN") + " " + expr(*a[i + 1], 0);
        out += " " + kw("ELSE") + " " + expr(*a.back(), 0) + " " + kw("END");
    } else if (e.name == "cast" && a.size() == 2 && isStringLiteral(a[1])) {
        if (isCanonicalTypeText(a[1]->text))
            out = kw("CAST") + "(" + expr(*a[0], 0) + " " + kw("AS") + " " + a[1]->text + ")";
        else
            out = kw("CAST") + "(" + expr(*a[0], 0) + ", " + quoteString(a[1]->text) + ")";
    } else if (e.name == "json_path" && a.size() == 2 && a[0]->kind == ExprKind::Identifier && a[0]->alias.empty()
               && isStringLiteral(a[1]) && isSimpleJsonPath(a[1]->text)) {
        out = identifier(*a[0]) + ":" + a[1]->text;
    } else if (e.name == "exists" && a.size() == 1 && a[0]->kind == ExprKind::Subquery && a[0]->alias.empty()) {
        out = kw("EXISTS") + " " + bare(*a[0]);
    } else {
        return false;
    }
    return true;
}

std::string SqlFormatter::genericCall(const Expr &e)
{
    std::string out = quoteFunctionName(e.name);
    std::string distinct = e.distinct ? kw("DISTINCT") + " " : "";
    if (!e.parameters.empty())
        out += "(" + list(e.parameters) + ")";
    out += "(" + distinct + list(e.args) + ")";
    if (e.over)
        out += " " + kw("OVER") + " " + windowSpec(*e.over);
    return out;
}

std::string SqlFormatter::windowSpec(const WindowSpec &w)
{
    if (w.partitionBy.empty() && w.orderBy.empty() && w.frame.empty() && !w.name.empty())
        return quoteIdentifierIfNeeded(w.name);
    std::vector<std::string> parts;
    if (!w.name.empty())
        parts.push_back(quoteIdentifierIfNeeded(w.name));
    if (!w.partitionBy.empty())
        parts.push_back(kw("PARTITION BY") + " " + list(w.partitionBy));
    if (!w.orderBy.empty())
        parts.push_back(kw("ORDER BY") + " " + orderBy(w.orderBy));
    if (!w.frame.empty())
        parts.push_back(w.frame);
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? " " : "") + parts[i];
    return out + ")";
}

std::string SqlFormatter::orderBy(const std::vector<OrderByItem> &items)
{
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        const OrderByItem &o = items[i];
        out += (i ? ", " : "") + item(*o.expr);
        if (o.descending)
            out += " " + kw("DESC");
        if (o.nullsFirst)
            out += " " + kw(*o.nullsFirst ? "NULLS FIRST" : "NULLS LAST");
        if (!o.collation.empty())
            out += " " + kw("COLLATE") + " " + quoteString(o.collation);
    }
    return out;
}

std::string SqlFormatter::settings(const std::vector<Setting> &s)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + quoteIdentifierIfNeeded(s[i].name) + " = " + expr(*s[i].value, 0);
    return out;
}

bool isCanonicalTypeText(std::string_view text)
{
    try {
        return SqlParser(text).parseStandaloneTypeText() == text;
    } catch (const EngineError &) {
        return false;
    }
}

bool isSimpleJsonPath(std::string_view path)
{
    size_t i = 0;
    const size_t n = path.size();
    for (;;) {
        if (i >= n || !isIdentifierStart(static_cast<unsigned char>(path[i])))
            return false;
        while (i < n && isIdentifierChar(static_cast<unsigned char>(path[i])))
            ++i;
        while (i < n && path[i] == '[') {
            size_t close = path.find(']', i);
            if (close == std::string_view::npos || close == i + 1)
                return false;
            std::string_view inside = path.substr(i + 1, close - i - 1);
            if (inside != "*" && inside.find_first_not_of("0123456789") != std::string_view::npos)
                return false;
            i = close + 1;
        }
        if (i == n)
            return true;
        if (path[i] != '.')
            return false;
        ++i;
    }
}

// --- Formatter.h ----------------------------------------------------------------------------

std::string quoteString(const std::string &value)
{
    std::string out = "'";
    for (char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\0': out += "\\0"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                static const char *kHex = "0123456789ABCDEF";
                out += "\\x";
                out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
                out += kHex[static_cast<unsigned char>(c) & 0xF];
            } else {
                out += c;
            }
        }
    }
    return out + "'";
}

bool isBareWord(std::string_view name)
{
    bool plain = !name.empty() && isIdentifierStart(static_cast<unsigned char>(name[0]));
    for (char c : name)
        plain = plain && isIdentifierChar(static_cast<unsigned char>(c));
    return plain;
}

// Only the words the expression parser treats specially before '(' need quoting as a call.
std::string quoteFunctionName(const std::string &name)
{
    static const char *kSpecial[] = {"not", "interval", "null", "true", "false", "exists", "columns", "select", "with", "distinct", "all", "inf", "nan", "case"};
    bool special = false;
    for (const char *w : kSpecial)
        special = special || equalsIgnoreCase(name, w);
    return isBareWord(name) && !special ? name : backQuote(name);
}

std::string quoteIdentifierIfNeeded(const std::string &name)
{
    if (isBareWord(name) && !isKeyword(name) && !equalsIgnoreCase(name, "inf") && !equalsIgnoreCase(name, "nan"))
        return name;
    return backQuote(name);
}

std::string backQuote(const std::string &name)
{
    std::string q = quoteString(name);
    std::string out = "`";
    // Escapes are read as pairs, so the \\ of a trailing backslash is not taken for a \'.
    for (size_t i = 1; i + 1 < q.size(); ++i) {
        if (q[i] == '\\' && i + 2 < q.size()) {
            if (q[i + 1] != '\'')
                out += '\\';
            out += q[++i];
        } else {
            out += q[i];
        }
    }
    for (size_t pos = 1; (pos = out.find('`', pos)) != std::string::npos; pos += 2)
        out.insert(pos, "\\");
    return out + "`";
}

std::string formatExpr(const Expr &expr, const FormatOptions &options)
{
    return SqlFormatter(options).item(expr);
}

std::string formatSelect(const SelectUnion &select, const FormatOptions &options)
{
    return SqlFormatter(options).select(select, 0);
}

std::string formatStatement(const Statement &statement, const FormatOptions &options)
{
    return SqlFormatter(options).statement(statement);
}

} // namespace tideline::engine::sql
