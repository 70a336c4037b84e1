// Structural equality for round-trip tests: positions are ignored, and so is whether a name was
// written quoted (the formatter quotes by need, which does not change the name).

#include "engine/sql/Formatter.h"

namespace tideline::engine::sql {

namespace {

bool eq(const ExprPtr &a, const ExprPtr &b)
{
    if (!a || !b)
        return !a && !b;
    return astEquals(*a, *b);
}

bool eq(const std::vector<ExprPtr> &a, const std::vector<ExprPtr> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!eq(a[i], b[i]))
            return false;
    return true;
}

bool eq(const std::vector<OrderByItem> &a, const std::vector<OrderByItem> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!eq(a[i].expr, b[i].expr) || a[i].descending != b[i].descending || a[i].nullsFirst != b[i].nullsFirst
            || a[i].collation != b[i].collation)
            return false;
    return true;
}

bool eq(const std::vector<Setting> &a, const std::vector<Setting> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || !eq(a[i].value, b[i].value))
            return false;
    return true;
}

bool eq(const std::shared_ptr<WindowSpec> &a, const std::shared_ptr<WindowSpec> &b)
{
    if (!a || !b)
        return !a && !b;
    return eq(a->partitionBy, b->partitionBy) && eq(a->orderBy, b->orderBy) && a->frame == b->frame && a->name == b->name;
}

bool eq(const SelectUnionPtr &a, const SelectUnionPtr &b);

bool eq(const TableExpr &a, const TableExpr &b)
{
    return a.kind == b.kind && a.database == b.database && a.name == b.name && eq(a.args, b.args) && eq(a.subquery, b.subquery)
           && a.alias == b.alias && a.final == b.final;
}

bool eq(const JoinClause &a, const JoinClause &b)
{
    return a.kind == b.kind && a.strictness == b.strictness && a.outerKeyword == b.outerKeyword && a.global == b.global
           && eq(a.table, b.table) && eq(a.on, b.on) && a.using_ == b.using_;
}

bool eq(const EmitClause &a, const EmitClause &b)
{
    return a.present == b.present && a.streamKind == b.streamKind && a.afterWatermark == b.afterWatermark
           && a.windowCloseSpelling == b.windowCloseSpelling && eq(a.delay, b.delay) && eq(a.periodic, b.periodic)
           && a.repeat == b.repeat && a.onUpdate == b.onUpdate && eq(a.onUpdateBatch, b.onUpdateBatch)
           && eq(a.onUpdateDelay, b.onUpdateDelay) && eq(a.timeout, b.timeout) && eq(a.last, b.last)
           && a.lastOnProctime == b.lastOnProctime;
}

bool eq(const SelectQuery &a, const SelectQuery &b)
{
    if (a.ctes.size() != b.ctes.size() || a.joins.size() != b.joins.size() || a.from.has_value() != b.from.has_value())
        return false;
    for (size_t i = 0; i < a.ctes.size(); ++i)
        if (a.ctes[i].first != b.ctes[i].first || !eq(a.ctes[i].second, b.ctes[i].second))
            return false;
    for (size_t i = 0; i < a.joins.size(); ++i)
        if (!eq(a.joins[i], b.joins[i]))
            return false;
    if (a.from && !eq(*a.from, *b.from))
        return false;
    return eq(a.with, b.with) && a.distinct == b.distinct && eq(a.distinctOn, b.distinctOn) && eq(a.select, b.select)
           && eq(a.arrayJoin, b.arrayJoin) && a.leftArrayJoin == b.leftArrayJoin && eq(a.where, b.where) && eq(a.prewhere, b.prewhere)
           && eq(a.partitionBy, b.partitionBy) && eq(a.groupBy, b.groupBy) && a.groupByWithTotals == b.groupByWithTotals
           && a.groupByAll == b.groupByAll && eq(a.having, b.having) && eq(a.qualify, b.qualify) && eq(a.orderBy, b.orderBy)
           && eq(a.limitBy, b.limitBy) && eq(a.limitByOffset, b.limitByOffset) && eq(a.limitByExprs, b.limitByExprs)
           && eq(a.limit, b.limit) && eq(a.offset, b.offset) && a.withTies == b.withTies && eq(a.emit, b.emit)
           && eq(a.settings, b.settings);
}

bool eq(const SelectUnionPtr &a, const SelectUnionPtr &b)
{
    if (!a || !b)
        return !a && !b;
    if (a->selects.size() != b->selects.size() || a->unionDistinct != b->unionDistinct || !eq(a->orderBy, b->orderBy))
        return false;
    for (size_t i = 0; i < a->selects.size(); ++i)
        if (!eq(*a->selects[i], *b->selects[i]))
            return false;
    return true;
}

bool eq(const ColumnDef &a, const ColumnDef &b)
{
    return a.name == b.name && a.typeName == b.typeName && eq(a.defaultExpr, b.defaultExpr) && eq(a.materializedExpr, b.materializedExpr)
           && eq(a.aliasExpr, b.aliasExpr) && a.comment == b.comment && a.codec == b.codec && a.nullableModifier == b.nullableModifier;
}

bool eq(const std::vector<ColumnDef> &a, const std::vector<ColumnDef> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!eq(a[i], b[i]))
            return false;
    return true;
}

bool sameNames(const Statement &a, const Statement &b)
{
    return a.kind == b.kind && a.objectKind == b.objectKind && a.database == b.database && a.name == b.name && a.ifExists == b.ifExists
           && a.ifNotExists == b.ifNotExists && a.orReplace == b.orReplace && a.temporary == b.temporary;
}

bool sameDdl(const Statement &a, const Statement &b)
{
    return eq(a.columns, b.columns) && eq(a.primaryKey, b.primaryKey) && eq(a.orderBy, b.orderBy) && eq(a.partitionBy, b.partitionBy)
           && eq(a.ttl, b.ttl) && eq(a.settings, b.settings) && a.comment == b.comment && a.materialized == b.materialized
           && a.intoDatabase == b.intoDatabase && a.intoName == b.intoName;
}

bool sameDml(const Statement &a, const Statement &b)
{
    if (a.values.size() != b.values.size())
        return false;
    for (size_t i = 0; i < a.values.size(); ++i)
        if (!eq(a.values[i], b.values[i]))
            return false;
    return a.insertColumns == b.insertColumns && a.format == b.format && a.formatData == b.formatData
           && a.insertIntoFunction == b.insertIntoFunction && a.newDatabase == b.newDatabase && a.newName == b.newName
           && a.renames == b.renames && a.alterCommand == b.alterCommand && eq(a.alterColumns, b.alterColumns)
           && a.alterDropColumns == b.alterDropColumns;
}

bool sameMisc(const Statement &a, const Statement &b)
{
    if (!a.explained != !b.explained || (a.explained && !astEquals(*a.explained, *b.explained)))
        return false;
    return a.showWhat == b.showWhat && eq(a.showWhere, b.showWhere) && a.showLike == b.showLike && a.showFrom == b.showFrom
           && a.explainKind == b.explainKind && eq(a.killWhere, b.killWhere) && a.killSync == b.killSync
           && a.systemCommand == b.systemCommand && a.subscribeVerb == b.subscribeVerb && a.queryId == b.queryId;
}

bool sameFunction(const Statement &a, const Statement &b)
{
    return a.lambdaParams == b.lambdaParams && eq(a.lambdaBody, b.lambdaBody) && a.functionArgs == b.functionArgs
           && a.returnType == b.returnType && a.language == b.language && a.functionBody == b.functionBody
           && a.aggregateFunction == b.aggregateFunction && a.remoteFunction == b.remoteFunction && a.url == b.url
           && a.authMethod == b.authMethod && a.authHeader == b.authHeader && a.authKey == b.authKey
           && eq(a.executionTimeout, b.executionTimeout) && a.schemaBody == b.schemaBody && a.schemaType == b.schemaType;
}

} // namespace

bool astEquals(const Expr &a, const Expr &b)
{
    return a.kind == b.kind && a.literalKind == b.literalKind && a.text == b.text && a.parts == b.parts && a.except == b.except
           && a.name == b.name && eq(a.args, b.args) && eq(a.parameters, b.parameters) && a.distinct == b.distinct && eq(a.over, b.over)
           && a.params == b.params && eq(a.subquery, b.subquery) && a.intervalUnit == b.intervalUnit && a.typeName == b.typeName
           && a.alias == b.alias;
}

bool astEquals(const Statement &a, const Statement &b)
{
    return sameNames(a, b) && eq(a.select, b.select) && sameDdl(a, b) && sameDml(a, b) && sameMisc(a, b) && sameFunction(a, b);
}

} // namespace tideline::engine::sql
