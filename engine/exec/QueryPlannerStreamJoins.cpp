// QueryPlanner: joins whose right side is a stream (streaming-sql.md §8). The combinations of
// stream kinds, join kinds and strictness that Proton 1.6 runs, and the operator for each:
//   append ⋈ append          INNER ALL: StreamJoinOperator (a range join with date_diff_within)
//                            INNER/LEFT ASOF: AsofStreamJoinOperator
//                            INNER/LEFT LATEST: ChangelogJoinOperator keyed by the join key
//   append ⋈ versioned_kv    INNER/LEFT ALL: StreamJoinOperator enrichment; INNER/LEFT ASOF
//   append ⋈ changelog_kv    INNER/LEFT ALL: StreamJoinOperator enrichment with deletes
//   keyed ⋈ keyed            INNER/LEFT ALL: ChangelogJoinOperator keyed by the primary keys
//                            (keyed: versioned_kv or changelog_kv, in any mix)
// Everything else is NOT_IMPLEMENTED (48), as Proton's join support matrix refuses it: RIGHT,
// FULL and CROSS joins of streams, a bounded left side, a keyed left side with an append right
// side, ASOF with a changelog_kv side, LATEST with a keyed side, LEFT ALL of two append streams.
#include "engine/exec/AsofStreamJoinOperator.h"
#include "engine/exec/ChangelogJoinOperator.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/StreamJoinOperator.h"
#include "engine/exec/StreamingEmit.h"

namespace tideline::engine {

namespace {

const char *streamKind(const QueryPlanner::Source &s)
{
    if (!s.streaming)
        return "table";
    if (s.changelogKv)
        return "changelog_kv stream";
    return s.versionedKv ? "versioned_kv stream" : "append stream";
}

std::string joinName(const sql::JoinClause &join)
{
    static const char *kKinds[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS", "CROSS"};
    static const char *kStrictness[] = {"", " ALL", " ANY", " ASOF", " LATEST", " SEMI", " ANTI"};
    return std::string(kKinds[static_cast<size_t>(join.kind)]) + kStrictness[static_cast<size_t>(join.strictness)] + " JOIN";
}

[[noreturn]] void unsupported(const QueryPlanner::Source &left, const QueryPlanner::Source &right, const sql::JoinClause &join, const std::string &why)
{
    fail(ErrorCode::NotImplemented,
         joinName(join) + " of " + streamKind(left) + " with " + streamKind(right) + " is not supported: " + why, join.pos);
}

// SETTINGS keep_versions (default 3): the versions an ASOF join keeps per right key.
size_t keepVersions(const std::map<std::string, std::string> &settings)
{
    auto it = settings.find("keep_versions");
    if (it == settings.end())
        return 3;
    size_t used = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(it->second, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != it->second.size() || n == 0)
        fail(ErrorCode::BadArguments, "keep_versions must be a positive integer, got '" + it->second + "'", -1);
    return static_cast<size_t>(n);
}

// SETTINGS join_max_buffered_bytes: the bound of a stream join's state.
size_t maxBufferedBytes(const std::map<std::string, std::string> &settings)
{
    auto it = settings.find("join_max_buffered_bytes");
    if (it == settings.end())
        return kDefaultJoinMaxBufferedBytes;
    size_t used = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(it->second, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != it->second.size())
        fail(ErrorCode::BadArguments, "join_max_buffered_bytes must be a number of bytes, got '" + it->second + "'", -1);
    return static_cast<size_t>(n);
}

std::vector<std::string> scopeNames(const Scope &scope)
{
    std::vector<std::string> names;
    for (const auto &c : scope.columns)
        names.push_back(c.name);
    return names;
}

std::vector<DataTypePtr> scopeTypes(const Scope &scope)
{
    std::vector<DataTypePtr> types;
    for (const auto &c : scope.columns)
        types.push_back(c.type);
    return types;
}

} // namespace

QueryPlanner::StreamJoinShape QueryPlanner::checkStreamJoinShape(const Source &left, const Source &right, const sql::JoinClause &join)
{
    const bool all = join.strictness == sql::JoinStrictness::Default || join.strictness == sql::JoinStrictness::All;
    if (!left.streaming)
        unsupported(left, right, join, "the left side of a join with a stream must be a stream; put table(...) on the right");
    if (join.kind != sql::JoinKind::Inner && join.kind != sql::JoinKind::Left)
        unsupported(left, right, join, "streams are only INNER or LEFT joined");
    if (left.versionedKv && !right.versionedKv)
        unsupported(left, right, join, "a versioned_kv or changelog_kv stream joins another such stream or table(...)");
    if (left.versionedKv) {
        if (all)
            return StreamJoinShape::Changelog;
        unsupported(left, right, join, "two keyed streams are only joined with ALL strictness");
    }
    if (right.versionedKv) {
        if (all)
            return StreamJoinShape::Enrich;
        if (join.strictness == sql::JoinStrictness::Asof && !right.changelogKv)
            return StreamJoinShape::Asof;
        unsupported(left, right, join, join.strictness == sql::JoinStrictness::Asof ? "ASOF needs versions, a changelog_kv stream keeps none"
                                                                                     : "a keyed right stream is joined with ALL or ASOF strictness");
    }
    if (all && join.kind == sql::JoinKind::Inner)
        return StreamJoinShape::Pair;
    if (join.strictness == sql::JoinStrictness::Asof)
        return StreamJoinShape::Asof;
    if (join.strictness == sql::JoinStrictness::Latest)
        return StreamJoinShape::Latest;
    unsupported(left, right, join, "two append streams are joined as INNER ALL, ASOF or LATEST");
}

QueryPlanner::Source QueryPlanner::planStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond)
{
    StreamJoinShape shape = checkStreamJoinShape(left, right, join);
    // An unmatched left row is decided by the keys alone: Proton refuses other conditions there.
    if (join.kind == sql::JoinKind::Left && !cond.residual.empty())
        fail(ErrorCode::NotImplemented, "A streaming LEFT JOIN supports only equality conditions (and the ASOF inequality)", join.pos);
    switch (shape) {
    case StreamJoinShape::Asof:
        return planAsofStreamJoin(std::move(left), std::move(right), join, std::move(cond));
    case StreamJoinShape::Changelog:
    case StreamJoinShape::Latest:
        return planChangelogJoin(std::move(left), std::move(right), join, std::move(cond), shape == StreamJoinShape::Latest);
    default:
        return planPairStreamJoin(std::move(left), std::move(right), join, std::move(cond), shape == StreamJoinShape::Enrich);
    }
}

// INNER ALL of two append streams (a range join with date_diff_within), or the enrichment of an
// append stream with the latest row per key of a keyed one.
QueryPlanner::Source QueryPlanner::planPairStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond, bool enrich)
{
    const bool range = cond.rangeCall && !enrich;
    if (range) {
        bindRangeTimes(left, right, cond);
        cond.leftKeys.push_back(cond.leftTime);
        cond.rightKeys.push_back(cond.rightTime);
    }
    std::vector<size_t> lpos = appendKeys(left, cond.leftKeys), rpos = appendKeys(right, cond.rightKeys);
    size_t leftTime = 0, rightTime = 0;
    if (range) {
        leftTime = lpos.back(), rightTime = rpos.back();
        lpos.pop_back(), rpos.pop_back();
    }
    Source out;
    out.streaming = true;
    out.scope = left.scope;
    out.scope.columns.insert(out.scope.columns.end(), right.scope.columns.begin(), right.scope.columns.end());
    const int rightDelta = enrich ? right.scope.find({"_tp_delta"}) : -1; // changelog_kv: deletions
    auto op = std::make_unique<StreamJoinOperator>(std::move(left.op), std::move(right.op), std::move(lpos), std::move(rpos),
                                                   bindResidual(out.scope, cond.residual), scopeNames(out.scope));
    if (enrich)
        op->setEnrichment(join.kind == sql::JoinKind::Left, scopeTypes(right.scope), rightDelta);
    if (range)
        op->setRange(leftTime, rightTime, cond.rangeNanos);
    op->setMaxBufferedBytes(maxBufferedBytes(m_settings));
    out.op = std::move(op);
    return out;
}

// ASOF JOIN of an append stream with an append or versioned_kv stream (streaming-sql.md §8.7).
QueryPlanner::Source QueryPlanner::planAsofStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond)
{
    if (cond.leftKeys.empty())
        fail(ErrorCode::SyntaxError, "ASOF join needs at least one equi-join column", join.pos);
    AsofStreamJoinOperator::Spec spec;
    spec.op = cond.asofOp;
    spec.leftOuter = join.kind == sql::JoinKind::Left;
    spec.keepVersions = keepVersions(m_settings);
    spec.maxBufferedBytes = maxBufferedBytes(m_settings);
    cond.leftKeys.push_back(cond.leftAsof);
    cond.rightKeys.push_back(cond.rightAsof);
    spec.leftKeys = appendKeys(left, cond.leftKeys);
    spec.rightKeys = appendKeys(right, cond.rightKeys);
    spec.leftAsof = spec.leftKeys.back(), spec.rightAsof = spec.rightKeys.back();
    spec.leftKeys.pop_back(), spec.rightKeys.pop_back();
    Source out;
    out.streaming = true;
    out.scope = left.scope;
    out.scope.columns.insert(out.scope.columns.end(), right.scope.columns.begin(), right.scope.columns.end());
    spec.residual = bindResidual(out.scope, cond.residual);
    spec.outputNames = scopeNames(out.scope);
    spec.rightNames = scopeNames(right.scope);
    spec.rightTypes = scopeTypes(right.scope);
    out.op = std::make_unique<AsofStreamJoinOperator>(std::move(left.op), std::move(right.op), std::move(spec));
    return out;
}

// Two keyed streams (streaming-sql.md §8.6), or LATEST JOIN of two append streams (§8.8): the
// result is a changelog; its _tp_delta is the join's, so the sides' own (changelog_kv) are
// renamed out of the way and an aggregation over the join retracts with the join's sign.
QueryPlanner::Source QueryPlanner::planChangelogJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond, bool latest)
{
    ChangelogJoinOperator::SideSpec sides[2];
    Source *sources[2] = {&left, &right};
    std::vector<ExpressionPtr> *keys[2] = {&cond.leftKeys, &cond.rightKeys};
    Source out;
    out.streaming = true;
    for (size_t s = 0; s < 2; ++s) {
        Source &src = *sources[s];
        ChangelogJoinOperator::SideSpec &side = sides[s];
        side.joinKeys = appendKeys(src, *keys[s]);
        side.primaryKey = latest || src.primaryKey.empty() ? side.joinKeys : src.primaryKey;
        side.delta = src.changelogKv ? src.scope.find({emitcolumns::kDelta}) : -1;
        side.names = scopeNames(src.scope);
        side.types = scopeTypes(src.scope);
        side.input = std::move(src.op);
        for (ScopeColumn c : src.scope.columns) {
            if (c.name == emitcolumns::kDelta)
                c.name = s == 0 ? "__left_delta" : "__right_delta", c.table = "\x01", c.hiddenFromAsterisk = true;
            out.scope.columns.push_back(std::move(c));
        }
    }
    ExpressionPtr residual = bindResidual(out.scope, cond.residual);
    std::vector<std::string> names = scopeNames(out.scope);
    out.scope.columns.push_back({emitcolumns::kDelta, {}, {}, makeType(TypeKind::Int8), true});
    auto op = std::make_unique<ChangelogJoinOperator>(std::move(sides[0]), std::move(sides[1]), join.kind == sql::JoinKind::Left, std::move(residual),
                                                      std::move(names));
    op->setMaxBufferedBytes(maxBufferedBytes(m_settings));
    out.op = std::move(op);
    return out;
}

} // namespace tideline::engine
