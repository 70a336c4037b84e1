#include "engine/exec/RandomStreamSource.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "engine/exec/ScanOperator.h"
#include "engine/exec/StreamInfo.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

// A column without DEFAULT gets random values of its type, as Proton's random streams do.
sql::ExprPtr randomDefault(const DataTypePtr &type)
{
    std::string text;
    switch (type->kind) {
    case TypeKind::String: text = "random_printable_ascii(rand() % 16)"; break;
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64:
    case TypeKind::Float32: case TypeKind::Float64: case TypeKind::Date: case TypeKind::Date32:
    case TypeKind::DateTime: case TypeKind::DateTime64:
        text = "random_in_type('" + type->name() + "')";
        break;
    default: return nullptr; // the type's default value
    }
    auto e = sql::parseExpression(text);
    return e ? *e : nullptr;
}

double numberSetting(const std::map<std::string, std::string> &settings, const char *name, double fallback)
{
    auto it = settings.find(name);
    if (it == settings.end())
        return fallback;
    char *end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
        fail(ErrorCode::BadArguments, std::string("Setting ") + name + " of a random stream must be a non-negative number, got '" + it->second + "'");
    return v;
}

} // namespace

RandomStreamSource::Options RandomStreamSource::options(const StreamInfo &stream, const std::map<std::string, std::string> &querySettings, bool bounded)
{
    Options o;
    o.bounded = bounded;
    for (const auto *settings : {&stream.settings, &querySettings}) {
        o.eps = numberSetting(*settings, "eps", o.eps);
        o.intervalMs = static_cast<int64_t>(numberSetting(*settings, "interval_time", static_cast<double>(o.intervalMs)));
        o.maxEvents = static_cast<int64_t>(numberSetting(*settings, "max_events", static_cast<double>(o.maxEvents)));
    }
    if (o.eps < 0.00001)
        o.eps = 0; // Proton: an eps below 0.00001 is 0, i.e. no limit
    if (o.intervalMs <= 0)
        fail(ErrorCode::BadArguments, "Setting interval_time of a random stream must be a positive number of milliseconds");
    return o;
}

RandomStreamSource::RandomStreamSource(const StreamInfo &stream, BindContext context, const Clock &clock, Options options)
    : m_clock(clock), m_options(options), m_startMillis(clock.nowMillis())
{
    context.functions.clock = m_tickClock.get();
    context.clause = "DEFAULT";
    std::vector<const StreamColumn *> stored = ScanOperator::storedColumns(stream);
    for (const StreamColumn *c : stored) {
        m_names.push_back(c->name);
        m_types.push_back(c->type);
    }
    // A DEFAULT may name another column: bind in dependency order, whatever the column order.
    std::vector<size_t> pending(stored.size());
    for (size_t i = 0; i < pending.size(); ++i)
        pending[i] = i;
    Scope scope;
    while (!pending.empty()) {
        std::vector<size_t> deferred;
        std::optional<EngineError> lastError;
        for (size_t i : pending) {
            const StreamColumn &c = *stored[i];
            sql::ExprPtr def = c.defaultExpr ? c.defaultExpr : randomDefault(c.type);
            try {
                ExpressionPtr e;
                if (def) {
                    e = ExpressionBinder(scope, context).bind(*def);
                } else {
                    auto value = Column::create(c.type);
                    value->pushDefault();
                    e = Expression::makeConstant(std::move(value));
                }
                m_steps.push_back({Expression::makeCast(e, c.type, context.functions), i});
                scope.columns.push_back({c.name, {}, {}, c.type, false});
            } catch (const EngineError &err) {
                if (err.status().code() != static_cast<int>(ErrorCode::UnknownIdentifier))
                    throw;
                deferred.push_back(i);
                lastError = err;
            }
        }
        if (deferred.size() == pending.size())
            throw *lastError; // a DEFAULT refers to a column that no DEFAULT provides
        pending = std::move(deferred);
    }
}

Block RandomStreamSource::generate(size_t rows, int64_t tickMillis)
{
    m_tickClock->set(tickMillis * 1000000);
    Block work;
    work.setRowsWithoutColumns(rows);
    std::vector<ColumnPtr> columns(m_names.size());
    for (const Step &s : m_steps) {
        ColumnPtr c = s.expr->evaluate(work, rows);
        work.add(m_names[s.output], c);
        work.setRowsWithoutColumns(rows);
        columns[s.output] = std::move(c);
    }
    Block out;
    for (size_t i = 0; i < columns.size(); ++i)
        out.add(m_names[i], columns[i]);
    out.setRowsWithoutColumns(rows);
    return out;
}

// Rows due by the end of `tick`: floor(eps * elapsed), or a full block per tick without limit.
int64_t RandomStreamSource::rowsDueAt(int64_t tick) const
{
    if (m_options.eps <= 0)
        return tick * static_cast<int64_t>(kBoundedRows);
    // The epsilon keeps exact products (0.1 * 2000 * 5 / 1000) from flooring one short.
    return static_cast<int64_t>(std::floor(m_options.eps * static_cast<double>(tick) * static_cast<double>(m_options.intervalMs) / 1000.0 + 1e-9));
}

// The first tick by which more than `emitted` rows are due.
int64_t RandomStreamSource::firstTickWithRows(int64_t emitted) const
{
    if (m_options.eps <= 0)
        return emitted / static_cast<int64_t>(kBoundedRows) + 1;
    double exact = static_cast<double>(emitted + 1) * 1000.0 / (m_options.eps * static_cast<double>(m_options.intervalMs));
    int64_t k = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(exact)) - 1);
    while (rowsDueAt(k) <= emitted)
        ++k;
    return k;
}

Pull RandomStreamSource::pull(Block &out)
{
    if (m_ended)
        return Pull::End;
    if (m_options.bounded) {
        size_t rows = m_options.maxEvents > 0 ? std::min<size_t>(kBoundedRows, static_cast<size_t>(m_options.maxEvents)) : kBoundedRows;
        out = generate(rows, m_clock.nowMillis());
        m_ended = true;
        return Pull::Block;
    }
    int64_t lastTick = (m_clock.nowMillis() - m_startMillis) / m_options.intervalMs;
    int64_t tick = std::max(m_nextTick, firstTickWithRows(m_emitted));
    if (tick > lastTick) {
        m_nextTick = std::max(m_nextTick, lastTick + 1);
        return Pull::Pending;
    }
    int64_t rows = rowsDueAt(tick) - m_emitted;
    if (m_options.maxEvents > 0)
        rows = std::min(rows, m_options.maxEvents - m_emitted);
    out = generate(static_cast<size_t>(rows), m_startMillis + tick * m_options.intervalMs);
    m_emitted += rows;
    m_nextTick = tick + 1;
    if (m_options.maxEvents > 0 && m_emitted >= m_options.maxEvents)
        m_ended = true;
    return Pull::Block;
}

} // namespace tideline::engine
