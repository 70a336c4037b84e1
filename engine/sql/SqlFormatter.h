#pragma once
// The printer behind Formatter.h, split across Formatter.cpp (expressions), FormatterSelect.cpp
// and FormatterStatement.cpp. Parentheses are added by precedence (the same table as
// ExprParser.cpp); when in doubt it adds them, since brackets never change the parsed tree.

#include <string>
#include <string_view>
#include <vector>

#include "engine/sql/Ast.h"
#include "engine/sql/Formatter.h"

namespace tideline::engine::sql {

class SqlFormatter {
public:
    explicit SqlFormatter(const FormatOptions &options) : m_options(options) {}

    std::string statement(const Statement &st);
    std::string select(const SelectUnion &u, int level);
    // An expression in an operand position: an alias is printed as (e AS a).
    std::string expr(const Expr &e, int minPrecedence = 0);
    // An expression in a list (select list, arguments): the alias is printed inline.
    std::string item(const Expr &e);

private:
    std::string kw(std::string_view keyword) const;
    std::string sep(int level) const;
    std::string list(const std::vector<ExprPtr> &items);
    std::string bare(const Expr &e);
    int precedence(const Expr &e) const;
    std::string literal(const Expr &e) const;
    std::string identifier(const Expr &e) const;
    std::string asterisk(const Expr &e) const;
    std::string interval(const Expr &e);
    std::string function(const Expr &e);
    bool operatorForm(const Expr &e, std::string &out);
    bool specialForm(const Expr &e, std::string &out);
    std::string genericCall(const Expr &e);
    std::string windowSpec(const WindowSpec &w);
    std::string orderBy(const std::vector<OrderByItem> &items);
    std::string settings(const std::vector<Setting> &s);

    std::string selectQuery(const SelectQuery &q, int level);
    std::string withClause(const SelectQuery &q, int level);
    std::string tableExpr(const TableExpr &t, int level);
    std::string tableFunctionArg(const Expr &e);
    std::string join(const JoinClause &j, int level);
    std::string limitClause(const SelectQuery &q, int level);
    std::string emit(const EmitClause &e);

    std::string qualified(const std::string &database, const std::string &name) const;
    std::string objectKind(ObjectKind kind) const;
    std::string createStream(const Statement &st);
    std::string streamTail(const Statement &st);
    std::string columns(const Statement &st);
    std::string columnDef(const ColumnDef &c);
    std::string createView(const Statement &st);
    std::string createFunction(const Statement &st);
    std::string insert(const Statement &st);
    std::string show(const Statement &st);
    std::string alter(const Statement &st);
    std::string simpleStatement(const Statement &st);

    FormatOptions m_options;
};

// True when `text` is exactly what the parser produces for a type name, so it can be printed
// bare (CAST(x AS T), x::T).
bool isCanonicalTypeText(std::string_view text);
// `name` with escapes, always quoted.
std::string backQuote(const std::string &name);
std::string quoteFunctionName(const std::string &name);
bool isBareWord(std::string_view name);
// raw:a.b[*] paths the parser can read back.
bool isSimpleJsonPath(std::string_view path);

} // namespace tideline::engine::sql
