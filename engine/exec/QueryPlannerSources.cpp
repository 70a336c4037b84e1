// QueryPlanner: FROM sources: streams, views, CTEs, subqueries, table functions, system tables.
#include "engine/column/TypeDispatch.h"
#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/ExternalStreamSource.h"
#include "engine/exec/LimitByOperator.h"
#include "engine/exec/SortOperator.h"
#include "engine/exec/StreamingEmit.h"
#include "engine/exec/StreamingScanOperator.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/RandomStreamSource.h"
#include "engine/exec/ScanOperator.h"
#include "engine/exec/Session.h"
#include "engine/exec/SystemTables.h"

namespace tideline::engine {

QueryPlanner::Source QueryPlanner::planFrom(const sql::SelectQuery &q)
{
    Source src;
    if (!q.from) {
        auto dummy = Column::create(makeType(TypeKind::UInt8));
        dummy->push<uint8_t>(0);
        Block one;
        one.add("dummy", dummy);
        std::vector<Block> blocks;
        blocks.push_back(std::move(one));
        src.op = std::make_unique<BlocksSource>(std::move(blocks), "One");
        src.scope.columns.push_back({"dummy", "one", "system", dummy->type(), false});
    } else {
        src = planTable(*q.from, boundedMode());
    }
    for (const auto &join : q.joins)
        src = planJoin(std::move(src), join);
    if (!q.arrayJoin.empty())
        src = planArrayJoin(std::move(src), q);
    return src;
}

QueryPlanner::Source QueryPlanner::planTable(const sql::TableExpr &t, bool bounded)
{
    switch (t.kind) {
    case sql::TableExpr::Kind::Subquery:
        return planSubquery(*t.subquery, t.alias);
    case sql::TableExpr::Kind::Function:
        return planTableFunction(t, bounded);
    case sql::TableExpr::Kind::Name:
        break;
    }
    if (t.database.empty()) {
        for (auto it = m_ctes.rbegin(); it != m_ctes.rend(); ++it)
            if (auto c = it->find(t.name); c != it->end())
                return planSubquery(*c->second, t.alias.empty() ? t.name : t.alias);
    }
    return planNamed(t.database.empty() ? m_session.currentDatabase() : t.database, t.name, t.alias, bounded, t.pos);
}

// A streaming subquery whose rows are a changelog (EMIT CHANGELOG, changelog(), a changelog_kv
// stream or join) keeps _tp_delta as a hidden last column when it does not select it: the -1
// rows are retractions whatever the select list, so an aggregation over it must still retract
// them (streaming-sql.md §10.2; Nexmark q4 averages per-auction maxima that way). A top-level
// query shows the sign only when selected (EMIT CHANGELOG), so it gets nothing. Returns the
// hidden columns added.
size_t QueryPlanner::carryChangelogDelta(const sql::SelectQuery &q, const Scope &scope, bool streaming, std::vector<std::string> &names,
                                         std::vector<DataTypePtr> &types, std::vector<ExpressionPtr> &outExprs) const
{
    const int delta = scope.find({emitcolumns::kDelta});
    if (m_depth <= 1 || !streaming || q.distinct || delta < 0 || std::find(names.begin(), names.end(), emitcolumns::kDelta) != names.end())
        return 0;
    outExprs.push_back(Expression::makeInput(static_cast<size_t>(delta), scope.columns[static_cast<size_t>(delta)].type));
    names.push_back(emitcolumns::kDelta);
    types.push_back(outExprs.back()->type);
    return 1;
}

QueryPlanner::Source QueryPlanner::planSubquery(const sql::SelectUnion &select, const std::string &alias)
{
    PlannedQuery p = plan(select);
    Source src;
    src.op = std::move(p.root);
    src.streaming = p.streaming;
    for (size_t i = 0; i < p.names.size(); ++i)
        src.scope.columns.push_back({p.names[i], alias, {}, p.types[i], i + p.hiddenColumns >= p.names.size()});
    for (auto &k : p.keepAlive)
        m_keepAlive.push_back(k);
    return src;
}

QueryPlanner::Source QueryPlanner::planNamed(const std::string &database, const std::string &name, const std::string &alias, bool bounded, int pos)
{
    if (database == "system")
        return planSystemTable(name, alias, pos);
    auto info = m_engine.find(database, name);
    if (!info) {
        if (!m_engine.catalog().hasDatabase(database))
            fail(ErrorCode::UnknownDatabase, "Database " + database + " doesn't exist", pos);
        fail(ErrorCode::UnknownStream, "Stream " + database + "." + name + " doesn't exist", pos);
    }
    const std::string qualifier = alias.empty() ? name : alias;
    if (info->kind() == CatalogObjectKind::MaterializedView && info->create && !info->create->intoName.empty()) {
        // A view that writes INTO a stream is read through that stream.
        const std::string &intoDb = info->create->intoDatabase.empty() ? info->database() : info->create->intoDatabase;
        return planNamed(intoDb, info->create->intoName, qualifier, bounded, pos);
    }
    if (info->isView()) {
        auto saved = m_settings;
        if (bounded)
            m_settings["query_mode"] = "table";
        Source src = planSubquery(*info->select(), qualifier);
        m_settings = saved;
        return src;
    }
    if (info->kind() == CatalogObjectKind::RandomStream)
        return planRandomStream(info, qualifier, bounded);
    if (info->kind() == CatalogObjectKind::ExternalStream)
        return planExternalStream(info, qualifier, bounded, pos);
    if (!info->isStored())
        fail(ErrorCode::NotImplemented, std::string("Reading a ") + catalogObjectKindName(info->kind()) + " is not supported yet", pos);
    m_keepAlive.push_back(info);
    Source src;
    if (bounded) {
        m_engine.waitForViewsWriting(*info, 2000);
        src.op = std::make_unique<ScanOperator>(info, info->log->nextSn());
    } else {
        auto seek = m_settings.find("seek_to");
        const size_t index = m_streamingScans.size();
        int64_t start = index < m_streamingStarts.size()
            ? m_streamingStarts[index]
            : StreamingScanOperator::startPosition(*info->log, seek == m_settings.end() ? std::string() : seek->second, m_engine.clock().nowMillis());
        auto scan = std::make_unique<StreamingScanOperator>(info, start, m_waker);
        m_streamingScans.push_back(scan.get());
        src.op = std::move(scan);
        src.streaming = true;
    }
    for (const StreamColumn *c : ScanOperator::storedColumns(*info))
        src.scope.columns.push_back({c->name, qualifier, database, c->type, false});
    src.scope.columns.push_back({"_tp_sn", qualifier, database, makeType(TypeKind::Int64), true});
    if (!bounded && info->mode != StreamMode::Append) {
        // A streaming read of a versioned_kv or changelog_kv stream first replays the current
        // state (the latest row per key) of what is stored before its start position, then
        // tails (streaming-sql.md §2.6-2.7); changelog rows keep their _tp_delta.
        int64_t start = m_streamingScans.back()->position();
        std::vector<OperatorPtr> parts;
        parts.push_back(currentState(std::make_unique<ScanOperator>(info, start), src.scope, *info));
        parts.push_back(std::move(src.op));
        src.op = std::make_unique<UnionOperator>(std::move(parts));
        src.versionedKv = true; // keyed: joins with it are enrichment or changelog joins
        src.changelogKv = info->mode == StreamMode::ChangelogKv;
        for (const auto &k : info->primaryKey)
            if (int i = src.scope.find({k}); i >= 0)
                src.primaryKey.push_back(static_cast<size_t>(i));
    }
    // ALIAS columns are computed over the stored ones and hidden from *.
    std::vector<ExpressionPtr> exprs;
    std::vector<std::string> names;
    bool anyAlias = false;
    for (size_t i = 0; i < src.scope.columns.size(); ++i) {
        exprs.push_back(Expression::makeInput(i, src.scope.columns[i].type));
        names.push_back(src.scope.columns[i].name);
    }
    Scope stored = src.scope;
    for (const auto &c : info->columns) {
        if (!c.aliasExpr)
            continue;
        ExpressionBinder b(stored, bindContext("ALIAS"));
        exprs.push_back(b.bind(*c.aliasExpr));
        names.push_back(c.name);
        src.scope.columns.push_back({c.name, qualifier, database, exprs.back()->type, true});
        anyAlias = true;
    }
    if (anyAlias)
        src.op = std::make_unique<ProjectOperator>(std::move(src.op), std::move(exprs), std::move(names));
    if (bounded && info->mode != StreamMode::Append)
        src.op = currentState(std::move(src.op), src.scope, *info);
    return src;
}

// A random stream: rows made from the DEFAULTs when read, on the processing-time clock.
QueryPlanner::Source QueryPlanner::planRandomStream(const std::shared_ptr<StreamInfo> &info, const std::string &qualifier, bool bounded)
{
    m_keepAlive.push_back(info);
    auto random = std::make_unique<RandomStreamSource>(*info, bindContext("DEFAULT"), m_engine.clock(), RandomStreamSource::options(*info, m_settings, bounded));
    Source src;
    for (size_t i = 0; i < random->columnNames().size(); ++i)
        src.scope.columns.push_back({random->columnNames()[i], qualifier, info->database(), random->columnTypes()[i], false});
    src.op = std::move(random);
    src.streaming = !bounded;
    return src;
}

// An external stream: its connector's reader from `seek_to` (table(x): what exists), decoded in
// the stream's data format; the virtual columns (_tp_message_key, _tp_shard, _tp_sn, _tp_time)
// are selectable by name and hidden from *.
QueryPlanner::Source QueryPlanner::planExternalStream(const std::shared_ptr<StreamInfo> &info, const std::string &qualifier, bool bounded, int pos)
{
    if (!info->external)
        fail(ErrorCode::NotImplemented, "External stream " + info->name() + " cannot be read: " + info->externalError, pos);
    auto setting = [&](const char *key) {
        auto it = m_settings.find(key);
        return it == m_settings.end() ? std::string() : it->second;
    };
    ExternalReadOptions options = ExternalStream::readOptions(setting("seek_to"), setting("shards"), bounded, m_engine.clock().nowMillis());
    options.wake = [waker = m_waker] { waker->notify(); };
    auto reader = info->external->openReader(options);
    if (!reader)
        throw EngineError(Status(reader.status().code(), reader.status().message(), pos));
    m_keepAlive.push_back(info);
    Source src;
    const ExternalStream &ext = *info->external;
    for (size_t i = 0; i < ext.readNames().size(); ++i)
        src.scope.columns.push_back({ext.readNames()[i], qualifier, info->database(), ext.readTypes()[i], i >= ext.declaredCount() + (info->column("_tp_message_key") ? 1 : 0)});
    auto source = std::make_unique<ExternalStreamSource>(info, std::move(*reader), bounded);
    if (!bounded)
        m_externalSources.push_back(source.get());
    src.op = std::move(source);
    src.streaming = !bounded;
    return src;
}

// The current state of a keyed stream: the latest row per key; for changelog_kv only the keys
// whose latest row is not a deletion (_tp_delta = -1).
OperatorPtr QueryPlanner::currentState(OperatorPtr scan, const Scope &scope, const StreamInfo &info)
{
    OperatorPtr latest = latestPerKey(std::move(scan), scope, info);
    if (info.mode != StreamMode::ChangelogKv)
        return latest;
    int delta = scope.find({"_tp_delta"});
    if (delta < 0)
        fail(ErrorCode::UnknownIdentifier, "A changelog_kv stream without _tp_delta", -1);
    auto zero = Column::create(scope.columns[static_cast<size_t>(delta)].type);
    zero->pushDefault();
    FunctionContext fc;
    ExpressionPtr live = Expression::makeCall("greater", {Expression::makeInput(static_cast<size_t>(delta), zero->type()), Expression::makeConstant(zero)}, fc);
    return std::make_unique<FilterOperator>(std::move(latest), live);
}

// table(versioned_kv): the latest row per primary key, the one with the greatest version
// column (default _tp_time), the later write winning ties.
OperatorPtr QueryPlanner::latestPerKey(OperatorPtr scan, const Scope &scope, const StreamInfo &info)
{
    auto it = info.settings.find("version_column");
    std::string version = it != info.settings.end() && !it->second.empty() ? it->second : "_tp_time";
    std::vector<SortKey> keys;
    std::vector<size_t> keyColumns;
    for (const auto &k : info.primaryKey) {
        int i = scope.find({k});
        if (i < 0)
            fail(ErrorCode::UnknownIdentifier, "Primary key column " + k + " is missing", -1);
        keys.push_back({static_cast<size_t>(i), false, false});
        keyColumns.push_back(static_cast<size_t>(i));
    }
    for (const std::string &c : {version, std::string("_tp_sn")}) {
        int i = scope.find({c});
        if (i < 0)
            fail(ErrorCode::UnknownIdentifier, "Version column " + c + " is missing", -1);
        keys.push_back({static_cast<size_t>(i), true, false});
    }
    auto sorted = std::make_unique<SortOperator>(std::move(scan), std::move(keys));
    return std::make_unique<LimitByOperator>(std::move(sorted), 1, 0, std::move(keyColumns));
}

QueryPlanner::Source QueryPlanner::planTableFunction(const sql::TableExpr &t, bool bounded)
{
    const std::string &fn = t.name;
    const std::string qualifier = t.alias.empty() ? fn : t.alias;
    Scope none;
    ExpressionBinder cb(none, bindContext("table function arguments"));
    auto uintArg = [&](size_t i) -> uint64_t {
        auto e = cb.bind(*t.args[i]);
        uint64_t v = 0;
        bool ok = e->isConstant() && dispatchNumeric(removeNullable(e->type)->kind, [&]<typename T>() {
            if constexpr (std::is_integral_v<T>)
                v = static_cast<uint64_t>(e->constant->data<T>()[0]);
        });
        if (!ok || removeNullable(e->type)->isFloat())
            fail(ErrorCode::IllegalTypeOfArgument, "Illegal argument of table function " + fn + ": expected an unsigned integer", t.args[i]->pos);
        return v;
    };
    if (fn == "table") {
        if (t.args.size() != 1)
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Table function table() takes exactly one argument", t.pos);
        const sql::Expr &a = *t.args[0];
        if (a.kind == sql::ExprKind::Identifier) {
            sql::TableExpr inner;
            inner.kind = sql::TableExpr::Kind::Name;
            inner.pos = a.pos;
            inner.name = a.parts.back();
            inner.database = a.parts.size() > 1 ? a.parts[0] : std::string();
            inner.alias = t.alias.empty() ? inner.name : t.alias;
            return planTable(inner, true);
        }
        fail(ErrorCode::BadArguments, "Table function table() expects a stream, view or materialized view name", a.pos);
    }
    if (fn == "numbers" || fn == "numbers_mt" || fn == "zeros" || fn == "zeros_mt") {
        if (t.args.empty() || t.args.size() > 2)
            fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Table function " + fn + " takes 1 or 2 arguments", t.pos);
        uint64_t start = t.args.size() == 2 ? uintArg(0) : 0;
        uint64_t count = uintArg(t.args.size() - 1);
        Source src;
        src.op = std::make_unique<NumbersSource>(start, static_cast<int64_t>(count));
        if (fn.rfind("zeros", 0) == 0) {
            src.op = std::make_unique<NumbersSource>(0, static_cast<int64_t>(count));
            auto zero = Column::create(makeType(TypeKind::UInt8));
            zero->push<uint8_t>(0);
            src.op = std::make_unique<ProjectOperator>(std::move(src.op), std::vector<ExpressionPtr>{Expression::makeConstant(zero)}, std::vector<std::string>{"zero"});
            src.scope.columns.push_back({"zero", qualifier, {}, zero->type(), false});
        } else {
            src.scope.columns.push_back({"number", qualifier, {}, makeType(TypeKind::UInt64), false});
        }
        return src;
    }
    if (fn == "tumble" || fn == "hop" || fn == "session")
        return planWindowFunction(Source{}, t, bounded);
    if (fn == "dedup" || fn == "changelog")
        return planKeyedFunction(t, bounded);
    fail(ErrorCode::UnknownFunction, "Unknown table function " + fn, t.pos);
}

} // namespace tideline::engine

namespace tideline::engine {

QueryPlanner::Source QueryPlanner::planSystemTable(const std::string &name, const std::string &alias, int pos)
{
    Source src;
    const std::string qualifier = alias.empty() ? name : alias;
    if (name == "numbers" || name == "numbers_mt") {
        src.op = std::make_unique<NumbersSource>(0, -1);
        src.scope.columns.push_back({"number", qualifier, "system", makeType(TypeKind::UInt64), false});
        return src;
    }
    if (name == "one") {
        auto dummy = Column::create(makeType(TypeKind::UInt8));
        dummy->push<uint8_t>(0);
        Block one;
        one.add("dummy", dummy);
        std::vector<Block> blocks;
        blocks.push_back(std::move(one));
        src.op = std::make_unique<BlocksSource>(std::move(blocks), "One");
        src.scope.columns.push_back({"dummy", qualifier, "system", dummy->type(), false});
        return src;
    }
    Block b = buildSystemTable(m_engine, name, pos);
    for (const auto &c : b.columns())
        src.scope.columns.push_back({c.name, qualifier, "system", c.type(), false});
    std::vector<Block> blocks;
    blocks.push_back(std::move(b));
    src.op = std::make_unique<BlocksSource>(std::move(blocks), "system." + name);
    return src;
}

} // namespace tideline::engine
