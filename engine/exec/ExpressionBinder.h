#pragma once
// Binds AST expressions to Expressions over a Scope: resolves identifiers, types literals the
// ClickHouse way (1 is uint8, -1 is int8, 1.5 is float64), resolves functions through the
// registry, folds deterministic constant subtrees, binds lambdas and runs subqueries.
//
// After aggregation, `precomputed` maps column names (exprColumnName) of GROUP BY keys and
// aggregate calls to input positions; any subtree whose name matches is read from there, and an
// identifier that is neither a key nor inside an aggregate is NOT_AN_AGGREGATE (215).

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "engine/column/Block.h"
#include "engine/exec/Expression.h"
#include "engine/exec/Scope.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

struct BindContext {
    FunctionContext functions;
    // Runs a bounded subquery to completion and returns all its rows as one block.
    std::function<Block(const sql::SelectUnion &)> runSubquery;
    std::string clause = "SELECT"; // for messages: "Aggregate function ... is found in WHERE"
    std::string currentDatabase = "default";
    // Before aggregation: tells NOT_AN_AGGREGATE (a real column not grouped) from UNKNOWN_IDENTIFIER.
    const Scope *sourceScope = nullptr;
};

class ExpressionBinder {
public:
    ExpressionBinder(const Scope &scope, const BindContext &context);

    void setPrecomputed(std::unordered_map<std::string, size_t> byName, bool aggregated)
    {
        m_precomputed = std::move(byName);
        m_aggregated = aggregated;
    }
    ExpressionPtr bind(const sql::Expr &expr);

    // A typed constant for a literal AST node.
    static ColumnPtr literalColumn(const sql::Expr &literal, bool negate = false);

private:
    ExpressionPtr bindIdentifier(const sql::Expr &expr);
    ExpressionPtr bindFunction(const sql::Expr &expr);
    ExpressionPtr bindIn(const sql::Expr &expr);
    ExpressionPtr bindSubquery(const sql::Expr &expr);
    ExpressionPtr bindLambda(const sql::Expr &expr);
    ExpressionPtr bindInterval(const sql::Expr &expr);
    ExpressionPtr makeFunction(const std::string &name, std::vector<ExpressionPtr> args, int pos);
    // A call of a user-defined function: a SQL lambda is expanded and bound in place; a
    // JavaScript or remote function gets its arguments cast to the declared types. Null when
    // `expr` names no UDF.
    ExpressionPtr bindUserFunction(const sql::Expr &expr);

    const Scope &m_scope;
    BindContext m_context; // by value: callers pass temporaries
    std::unordered_map<std::string, size_t> m_precomputed;
    bool m_aggregated = false;
};

// AST rewriting done before binding: replaces identifiers that name a select-list alias (or a
// WITH scalar) by the aliased expression, recursively, as ClickHouse's QueryNormalizer does.
sql::ExprPtr substituteAliases(const sql::ExprPtr &expr, const std::map<std::string, sql::ExprPtr> &aliases,
                               std::set<std::string> *expanding = nullptr);

// True when the tree contains an aggregate call (outside subqueries and lambdas).
bool containsAggregate(const sql::Expr &expr);
// Appends the aggregate calls (and window-function calls when `windows`) found in the tree.
void collectAggregates(const sql::ExprPtr &expr, std::vector<sql::ExprPtr> &out, bool windows);

} // namespace tideline::engine
