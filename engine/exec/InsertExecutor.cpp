// INSERT ... VALUES / SELECT, and plain SELECT.
#include <optional>

#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/ExternalStream.h"
#include "engine/exec/ExpressionBinder.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/ScanOperator.h"
#include "engine/exec/Session.h"
#include "engine/exec/SortOperator.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/formats/InputFormat.h"
#include "engine/formats/ValueParser.h"

namespace tideline::engine {

namespace {

BindContext constantContext(Session &session)
{
    BindContext ctx;
    ctx.functions.clock = &session.engine().clock();
    ctx.clause = "VALUES";
    ctx.runSubquery = [&session](const sql::SelectUnion &s) {
        QueryPlanner planner(session, session.settings());
        return planner.runToBlock(s);
    };
    return ctx;
}

// Converts `column` to `type` with the cast function (identity when the types are equal).
ColumnPtr castColumn(const ColumnPtr &column, const DataTypePtr &type, const FunctionContext &fc)
{
    Block input;
    input.add("value", column);
    return Expression::makeCast(Expression::makeInput(0, column->type()), type, fc)->evaluate(input, column->size());
}

std::vector<const StreamColumn *> insertColumns(const StreamInfo &info, const sql::Statement &st)
{
    std::vector<const StreamColumn *> out;
    if (st.insertColumns.empty()) {
        for (const StreamColumn *c : ScanOperator::storedColumns(info))
            if (c->name.rfind("_tp_", 0) != 0)
                out.push_back(c);
        return out;
    }
    for (const auto &name : st.insertColumns) {
        const StreamColumn *c = info.column(name);
        if (!c || c->aliasExpr)
            fail(ErrorCode::NoSuchColumnInTable, "No such column " + name + " in stream " + info.database() + "." + info.name(), st.pos);
        if (std::count(st.insertColumns.begin(), st.insertColumns.end(), name) > 1)
            fail(ErrorCode::DuplicateColumn, "Column " + name + " in the column list of INSERT more than once", st.pos);
        out.push_back(c);
    }
    return out;
}

Block valuesBlock(Session &session, const sql::Statement &st, const std::vector<const StreamColumn *> &columns)
{
    BindContext ctx = constantContext(session);
    Scope none;
    std::vector<MutableColumnPtr> built;
    for (const auto *c : columns)
        built.push_back(Column::create(c->type, st.values.size()));
    for (size_t r = 0; r < st.values.size(); ++r) {
        const auto &row = st.values[r];
        if (row.size() != columns.size())
            fail(static_cast<ErrorCode>(27), "Row " + std::to_string(r + 1) + " of VALUES has " + std::to_string(row.size()) + " values, expected " + std::to_string(columns.size()),
                 row.empty() ? st.pos : row[0]->pos);
        for (size_t c = 0; c < columns.size(); ++c) {
            // A literal is parsed straight into the column's type, as ClickHouse's VALUES does:
            // 19.99 into decimal(10, 2) stays exact, '2020-01-01 00:00:00' becomes a datetime.
            const sql::Expr &lit = *row[c];
            if (lit.kind == sql::ExprKind::Literal && lit.alias.empty() && lit.literalKind != sql::LiteralKind::Null
                && ((lit.literalKind == sql::LiteralKind::String && !removeNullable(columns[c]->type)->isStringLike())
                    || removeNullable(columns[c]->type)->isDecimal())) {
                try {
                    parseValue(*built[c], lit.text);
                    continue;
                } catch (const EngineError &err) {
                    throw EngineError(Status(err.status().code(), err.status().message() + " (column " + columns[c]->name + ", row " + std::to_string(r + 1) + ")", lit.pos));
                }
            }
            ExpressionBinder binder(none, ctx);
            ExpressionPtr e = binder.bind(*row[c]);
            Block empty;
            empty.setRowsWithoutColumns(1);
            ColumnPtr v = e->evaluate(empty, 1);
            if (v->type()->isNullable() && v->isNullAt(0) && !columns[c]->type->isNullable()) {
                built[c]->pushDefault();
                continue;
            }
            try {
                built[c]->pushFrom(*castColumn(v, columns[c]->type, ctx.functions), 0);
            } catch (const EngineError &err) {
                throw EngineError(Status(err.status().code(), err.status().message() + " (column " + columns[c]->name + ", row " + std::to_string(r + 1) + ")", row[c]->pos));
            }
        }
    }
    Block b;
    for (size_t c = 0; c < columns.size(); ++c)
        b.add(columns[c]->name, built[c]);
    b.setRowsWithoutColumns(st.values.size());
    return b;
}

// INSERT ... FORMAT CSV|TSV|JSONEachRow <data>: the text parsed against the insert columns.
Block formatBlock(const sql::Statement &st, const std::vector<const StreamColumn *> &columns)
{
    if (!isInputFormat(st.format))
        fail(ErrorCode::UnknownFormat, "Unknown input format " + st.format, st.pos);
    std::vector<ColumnSpec> schema;
    for (const auto *c : columns)
        schema.push_back({c->name, c->type});
    return parseInputFormat(st.format, st.formatData, schema);
}

Block selectBlock(Session &session, const sql::Statement &st, const std::vector<const StreamColumn *> &columns)
{
    QueryPlanner planner(session, session.settings());
    PlannedQuery p = planner.plan(*st.select);
    if (p.streaming)
        fail(ErrorCode::NotImplemented, "INSERT ... SELECT from a streaming query is not supported; use table()", st.pos);
    if (p.names.size() != columns.size())
        fail(ErrorCode::IncorrectNumberOfColumns, "Number of columns doesn't match: SELECT gives " + std::to_string(p.names.size()) + ", INSERT expects " + std::to_string(columns.size()), st.pos);
    std::vector<Block> blocks;
    Block b;
    while (p.root->next(b) == Pull::Block)
        if (b.rows())
            blocks.push_back(std::move(b));
    Block all = SortOperator::concatenate(blocks);
    FunctionContext fc;
    fc.clock = &session.engine().clock();
    Block out;
    for (size_t c = 0; c < columns.size(); ++c) {
        ColumnPtr col = all.columnCount() ? all.at(c).column : ColumnPtr(Column::create(p.types[c]));
        out.add(columns[c]->name, castColumn(col, columns[c]->type, fc));
    }
    out.setRowsWithoutColumns(all.rows());
    return out;
}

// The DEFAULT of column `c` over the columns in `available`; throws 47 while it refers to one
// that is not there yet.
ColumnPtr defaultColumn(Session &session, const StreamColumn &c, const Block &available)
{
    size_t rows = available.rows();
    if (!c.defaultExpr) {
        auto d = Column::create(c.type, rows);
        d->pushDefaults(rows);
        return d;
    }
    Scope scope;
    for (const auto &col : available.columns())
        scope.columns.push_back({col.name, {}, {}, col.type(), false});
    BindContext ctx = constantContext(session);
    ctx.clause = "DEFAULT";
    ExpressionBinder binder(scope, ctx);
    ExpressionPtr e = binder.bind(*c.defaultExpr);
    return castColumn(e->evaluate(available, rows), c.type, ctx.functions);
}

// Adds every stored column the INSERT did not give: its DEFAULT over the given ones and the
// defaults already computed (_tp_time DEFAULT ts where ts has a DEFAULT itself), or the type's
// default. Defaults are computed in dependency order, whatever the column order.
Block completeBlock(Session &session, const StreamInfo &info, Block given)
{
    const size_t rows = given.rows();
    std::vector<const StreamColumn *> stored = ScanOperator::storedColumns(info);
    std::vector<const StreamColumn *> pending;
    for (const StreamColumn *c : stored)
        if (!given.find(c->name))
            pending.push_back(c);
    Block available = std::move(given);
    while (!pending.empty()) {
        std::vector<const StreamColumn *> deferred;
        std::optional<EngineError> lastError;
        for (const StreamColumn *c : pending) {
            try {
                available.add(c->name, defaultColumn(session, *c, available));
            } catch (const EngineError &e) {
                if (e.status().code() != static_cast<int>(ErrorCode::UnknownIdentifier))
                    throw;
                deferred.push_back(c);
                lastError = e;
            }
            available.setRowsWithoutColumns(rows);
        }
        if (deferred.size() == pending.size())
            throw *lastError; // a DEFAULT refers to a column that no DEFAULT provides
        pending = std::move(deferred);
    }
    Block out;
    for (const StreamColumn *c : stored)
        out.add(c->name, available.at(static_cast<size_t>(available.indexOf(c->name))).column);
    out.setRowsWithoutColumns(rows);
    return out;
}

} // namespace

Status appendRows(Session &session, StreamInfo &target, const Block &rows, const RecordAnnotation *annotation)
{
    try {
        FunctionContext fc;
        fc.clock = &session.engine().clock();
        Block given;
        for (const auto &c : rows.columns()) {
            const StreamColumn *col = target.column(c.name);
            if (col && !col->aliasExpr)
                given.add(c.name, castColumn(c.column, col->type, fc));
        }
        given.setRowsWithoutColumns(rows.rows());
        if (given.rows() == 0)
            return {};
        if (target.external) // messages in the data format; no record to carry an annotation
            return target.external->write(completeBlock(session, target, std::move(given)));
        auto appended = target.log->append(completeBlock(session, target, std::move(given)), annotation);
        return appended ? Status() : appended.status();
    } catch (const EngineError &e) {
        return e.status();
    }
}

std::unique_ptr<QueryCursor> executeInsert(Session &session, const sql::Statement &st)
{
    Engine &engine = session.engine();
    const std::string db = st.database.empty() ? session.currentDatabase() : st.database;
    auto info = engine.find(db, st.name);
    if (!info)
        fail(ErrorCode::UnknownStream, "Stream " + db + "." + st.name + " doesn't exist", st.pos);
    if (!info->isStored() && !info->external)
        fail(ErrorCode::NotImplemented, "Cannot insert into " + db + "." + st.name + ": it is a " + catalogObjectKindName(info->kind()), st.pos);
    auto columns = insertColumns(*info, st);
    Block given;
    if (st.select)
        given = selectBlock(session, st, columns);
    else if (!st.format.empty() && st.format != "Values")
        given = formatBlock(st, columns);
    else
        given = valuesBlock(session, st, columns);
    if (given.rows() == 0)
        return std::make_unique<QueryCursor>();
    Block block = completeBlock(session, *info, std::move(given));
    if (info->external) {
        if (Status s = info->external->write(block); !s)
            throw EngineError(Status(s.code(), s.message(), st.pos));
        return std::make_unique<QueryCursor>();
    }
    auto appended = info->log->append(block);
    if (!appended)
        throw EngineError(appended.status());
    return std::make_unique<QueryCursor>();
}

std::unique_ptr<QueryCursor> executeSelect(Session &session, const sql::Statement &st)
{
    auto planner = std::make_unique<QueryPlanner>(session, session.settings());
    PlannedQuery p = planner->plan(*st.select);
    auto cursor = std::make_unique<QueryCursor>(std::move(p.root), std::move(p.names), std::move(p.types), p.streaming);
    for (auto &k : p.keepAlive)
        cursor->keepAlive(k);
    cursor->setWaker(p.waker);
    return cursor;
}

} // namespace tideline::engine
