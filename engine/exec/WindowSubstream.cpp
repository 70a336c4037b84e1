#include "engine/exec/WindowSubstream.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "engine/exec/Operator.h"

namespace tideline::engine {

namespace {
int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
} // namespace

std::span<const int64_t> WindowSubstream::ticks(const Column &column, std::vector<int64_t> &storage)
{
    if (column.type()->kind != TypeKind::DateTime)
        return {column.data<int64_t>(), column.size()};
    storage.resize(column.size());
    const uint32_t *seconds = column.data<uint32_t>();
    for (size_t i = 0; i < storage.size(); ++i)
        storage[i] = seconds[i];
    return storage;
}

WindowSubstream::WindowSubstream(const WindowAggregationConfig &config) : m_config(config)
{
    for (size_t k = 0; k < config.keyIndices.size(); ++k) {
        if (static_cast<int>(k) == config.spec.windowStartKey || static_cast<int>(k) == config.spec.windowEndKey)
            continue;
        m_stateKeys.push_back(config.keyIndices[k]);
        m_stateKeyNames.push_back(config.keyNames[k]);
    }
}

Block WindowSubstream::withWindow(Block rows, int64_t start, int64_t end) const
{
    const WindowWatermarkSpec &spec = m_config.spec;
    if (spec.windowStartKey < 0 && spec.windowEndKey < 0)
        return rows;
    // One fill per column: push() per row grows (and zeroes) the storage once per value.
    auto constant = [&](int64_t value) {
        const size_t n = rows.rows();
        auto c = Column::create(m_config.timeType);
        if (m_config.timeType->kind == TypeKind::DateTime) {
            c->fixed.resize(n * sizeof(uint32_t));
            std::fill_n(c->data<uint32_t>(), n, static_cast<uint32_t>(value));
        } else {
            c->fixed.resize(n * sizeof(int64_t));
            std::fill_n(c->data<int64_t>(), n, value);
        }
        c->setSize(n);
        return c;
    };
    Block out;
    size_t next = 0; // the next column of `rows`
    for (size_t k = 0; k < m_config.keyNames.size(); ++k) {
        if (static_cast<int>(k) == spec.windowStartKey)
            out.add(m_config.keyNames[k], constant(start));
        else if (static_cast<int>(k) == spec.windowEndKey)
            out.add(m_config.keyNames[k], constant(end));
        else
            out.add(rows.at(next).name, rows.at(next).column), ++next;
    }
    for (; next < rows.columnCount(); ++next)
        out.add(rows.at(next).name, rows.at(next).column);
    out.setRowsWithoutColumns(rows.rows());
    return out;
}

std::unique_ptr<GroupedAggregation> WindowSubstream::newState() const
{
    auto state = std::make_unique<GroupedAggregation>(m_stateKeys, m_stateKeyNames, m_config.aggregates);
    state->setDeltaColumn(m_config.deltaColumn);
    return state;
}

void WindowSubstream::consumeInto(Window &w, const Block &block, const std::vector<uint8_t> &mask, size_t kept)
{
    if (!w.state)
        w.state = newState();
    std::vector<uint32_t> touched;
    std::vector<uint32_t> *track = m_config.trackChanges ? &touched : nullptr; // sorting ids costs; only ON UPDATE needs them
    if (mask.empty() || kept == block.rows())
        w.state->consume(block, track);
    else
        w.state->consume(block.filter(mask.data(), kept), track);
    w.changed.insert(touched.begin(), touched.end());
}

Block WindowSubstream::changedRows(Window &w)
{
    if (w.changed.empty() || !w.state)
        return {};
    Block rows = w.state->result(std::vector<uint32_t>(w.changed.begin(), w.changed.end()));
    w.changed.clear();
    return rows;
}

Block WindowSubstream::closingRows(Window &w, CloseEmit emit)
{
    switch (emit) {
    case CloseEmit::Final:
        return w.state && w.state->groupCount() ? w.state->result(0, w.state->groupCount()) : Block();
    case CloseEmit::PendingChanges:
        return changedRows(w);
    case CloseEmit::Nothing:
        break;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// tumble / hop

int64_t TimeWindowSubstream::watermarkFor(int64_t maxTime) const
{
    const WindowWatermarkSpec &spec = m_config.spec;
    int64_t t = maxTime - spec.delayTicks;
    if (spec.tumbleStep) // the start of the window containing t, aligned as the rows' windows are
        return spec.tumbleStep->ticksAt(spec.tumbleStep->windowIndex(t));
    if (spec.kind == WindowWatermarkSpec::Kind::Tumble)
        return floorDiv(t, spec.sizeTicks) * spec.sizeTicks;
    // Hop windows end on the grid k * slide + size: the end of the last one fully passed.
    return floorDiv(t - spec.sizeTicks, spec.slideTicks) * spec.slideTicks + spec.sizeTicks;
}

void TimeWindowSubstream::consume(const Block &block)
{
    std::vector<int64_t> timeStorage, endStorage;
    std::span<const int64_t> times = ticks(*block.at(m_config.spec.timeColumn).column, timeStorage);
    std::span<const int64_t> ends = ticks(*block.at(m_config.spec.windowEndColumn).column, endStorage);
    if (times.empty())
        return;
    // Most blocks lie in one window with no late row: that block goes in whole, with no mask.
    int64_t maxTime = INT64_MIN;
    bool oneWindow = true;
    for (size_t r = 0; r < times.size() && oneWindow; ++r) {
        maxTime = std::max(maxTime, times[r]);
        oneWindow = times[r] >= m_watermark && ends[r] == ends[0];
    }
    if (oneWindow) {
        consumeInto(m_windows[ends[0]], block, {}, block.rows());
        m_maxTime = std::max(m_maxTime, maxTime);
        m_watermark = std::max(m_watermark, watermarkFor(maxTime));
        return;
    }
    maxTime = INT64_MIN;
    std::map<int64_t, std::pair<std::vector<uint8_t>, size_t>> rowsByWindow;
    std::pair<std::vector<uint8_t>, size_t> *current = nullptr; // the window of the previous row
    int64_t currentEnd = INT64_MIN;
    for (size_t r = 0; r < times.size(); ++r) {
        maxTime = std::max(maxTime, times[r]);
        if (times[r] < m_watermark) {
            // A late row counts once per window it would have been copied into.
            m_lateRows += spec().panes ? static_cast<uint64_t>(spec().sizeTicks / spec().slideTicks) : 1;
            continue;
        }
        if (!current || ends[r] != currentEnd) {
            currentEnd = ends[r];
            current = &rowsByWindow[currentEnd];
            if (current->first.empty())
                current->first.assign(times.size(), 0);
        }
        current->first[r] = 1;
        ++current->second;
    }
    for (auto &[end, rows] : rowsByWindow)
        consumeInto(m_windows[end], block, rows.first, rows.second);
    if (maxTime != INT64_MIN) {
        m_maxTime = std::max(m_maxTime, maxTime);
        m_watermark = std::max(m_watermark, watermarkFor(maxTime));
    }
}

// A tumble window of months (or of days in a zone with DST) has no fixed length: its start is
// the start of the aligned window holding its last tick.
int64_t TimeWindowSubstream::windowStart(int64_t end) const
{
    const WindowWatermarkSpec &spec = m_config.spec;
    if (spec.tumbleStep)
        return spec.tumbleStep->ticksAt(spec.tumbleStep->windowIndex(end - 1));
    return end - spec.sizeTicks;
}

void TimeWindowSubstream::advanceTo(int64_t time)
{
    m_maxTime = std::max(m_maxTime, time);
    m_watermark = std::max(m_watermark, watermarkFor(m_maxTime));
}

void TimeWindowSubstream::updates(std::vector<Block> &out)
{
    for (auto &[end, w] : m_windows)
        if (Block rows = changedRows(w); rows.rows())
            out.push_back(withWindow(std::move(rows), windowStart(end), end));
}

void TimeWindowSubstream::snapshot(std::vector<Block> &out)
{
    if (spec().panes) {
        for (int64_t end : paneWindowEnds(INT64_MAX))
            if (Block rows = paneWindow(end); rows.rows())
                out.push_back(withWindow(std::move(rows), end - spec().sizeTicks, end));
        return;
    }
    for (auto &[end, w] : m_windows) {
        w.changed.clear();
        if (w.state && w.state->groupCount())
            out.push_back(withWindow(w.state->result(0, w.state->groupCount()), windowStart(end), end));
    }
}

void TimeWindowSubstream::close(std::vector<Block> &out, CloseEmit emit, bool all)
{
    if (spec().panes) // no ON UPDATE in pane mode: closing emits the final result
        return closePanes(out, all);
    while (!m_windows.empty() && (all || m_windows.begin()->first <= m_watermark)) {
        const int64_t end = m_windows.begin()->first;
        if (Block rows = closingRows(m_windows.begin()->second, emit); rows.rows())
            out.push_back(withWindow(std::move(rows), windowStart(end), end));
        m_windows.erase(m_windows.begin());
    }
    if (all && m_maxTime != INT64_MIN)
        m_watermark = std::max(m_watermark, m_maxTime + 1);
}

std::vector<int64_t> TimeWindowSubstream::paneWindowEnds(int64_t limit) const
{
    const WindowWatermarkSpec &s = spec();
    std::set<int64_t> ends;
    for (const auto &[last, pane] : m_windows)
        for (int64_t end = last; end > last - s.sizeTicks; end -= s.slideTicks)
            if (end > m_closedThrough && end <= limit)
                ends.insert(end);
    return {ends.begin(), ends.end()};
}

// The window [end - size, end) holds the panes whose last window ends in [end, end + size - slide].
Block TimeWindowSubstream::paneWindow(int64_t end) const
{
    const WindowWatermarkSpec &s = spec();
    std::vector<size_t> keys(m_stateKeys.size());
    std::iota(keys.begin(), keys.end(), 0);
    GroupedAggregation merged(keys, m_stateKeyNames, m_config.aggregates);
    std::vector<const char *> sources;
    for (auto it = m_windows.lower_bound(end); it != m_windows.end() && it->first <= end + s.sizeTicks - s.slideTicks; ++it) {
        const GroupedAggregation *pane = it->second.state.get();
        if (!pane || pane->groupCount() == 0)
            continue;
        Block keyBlock;
        for (size_t k = 0; k < pane->keyColumns().size(); ++k)
            keyBlock.add(m_stateKeyNames[k], pane->keyColumns()[k]);
        keyBlock.setRowsWithoutColumns(pane->groupCount());
        sources.clear();
        for (uint32_t g = 0; g < pane->groupCount(); ++g)
            sources.push_back(pane->state(g));
        merged.mergeStates(keyBlock, sources);
    }
    return merged.groupCount() ? merged.result(0, merged.groupCount()) : Block();
}

void TimeWindowSubstream::closePanes(std::vector<Block> &out, bool all)
{
    for (int64_t end : paneWindowEnds(all ? INT64_MAX : m_watermark))
        if (Block rows = paneWindow(end); rows.rows())
            out.push_back(withWindow(std::move(rows), end - spec().sizeTicks, end));
    if (all) {
        // Every window is closed and every pane dropped; later rows (at or above the new
        // watermark) start new windows, as they do when each window has its own state.
        m_windows.clear();
        m_closedThrough = INT64_MIN;
        if (m_maxTime != INT64_MIN)
            m_watermark = std::max(m_watermark, m_maxTime + 1);
        return;
    }
    m_closedThrough = std::max(m_closedThrough, m_watermark);
    // A pane is done once its last window has closed.
    while (!m_windows.empty() && m_windows.begin()->first <= m_closedThrough)
        m_windows.erase(m_windows.begin());
}

// ---------------------------------------------------------------------------------------------
// session

void SessionSubstream::closeOpen(int64_t end)
{
    m_open->end = end;
    m_open->closed = true;
    m_watermark = std::max(m_watermark, end);
    m_closedInBlock.push_back(std::move(m_open));
}

std::vector<int32_t> SessionSubstream::assign(const Block &block)
{
    const WindowWatermarkSpec &spec = m_config.spec;
    std::vector<int64_t> timeStorage;
    const std::span<const int64_t> times = ticks(*block.at(spec.timeColumn).column, timeStorage);
    const bool conditions = spec.startCondColumn >= 0;
    std::vector<uint8_t> isStart, isEnd;
    if (conditions) {
        isStart = FilterOperator::mask(*block.at(static_cast<size_t>(spec.startCondColumn)).column);
        isEnd = FilterOperator::mask(*block.at(static_cast<size_t>(spec.endCondColumn)).column);
    }
    const int64_t idle = spec.sizeTicks;
    const int64_t maxLength = spec.maxLengthTicks > 0 ? spec.maxLengthTicks : 5 * idle;
    std::vector<int32_t> sessionOf(times.size(), -1);
    for (size_t r = 0; r < times.size(); ++r) {
        int64_t t = times[r];
        if (t < m_watermark) {
            ++m_lateRows;
            continue;
        }
        m_maxTime = std::max(m_maxTime, t);
        if (m_open && (t >= m_open->start + maxLength || t >= m_open->last + idle))
            closeOpen(t >= m_open->start + maxLength ? m_open->start + maxLength : m_open->last + idle);
        bool include = true;
        if (!m_open) {
            if (conditions && !isStart[r])
                continue; // before any start event: in no session
            m_open = std::make_unique<Session>();
            m_open->start = m_open->last = t;
            include = !conditions || spec.startInclusive;
        } else if (conditions && isEnd[r]) {
            include = spec.endInclusive;
            if (include)
                m_open->last = std::max(m_open->last, t), sessionOf[r] = static_cast<int32_t>(m_closedInBlock.size());
            closeOpen(include ? t + 1 : t);
            continue;
        }
        if (!include)
            continue;
        m_open->start = std::min(m_open->start, t);
        m_open->last = std::max(m_open->last, t);
        // Sessions closed in this block come first; the open one is last.
        sessionOf[r] = static_cast<int32_t>(m_closedInBlock.size());
    }
    return sessionOf;
}

void SessionSubstream::consume(const Block &block)
{
    std::vector<int32_t> sessionOf = assign(block);
    const size_t sessions = m_closedInBlock.size() + (m_open ? 1 : 0);
    for (size_t k = 0; k < sessions; ++k) {
        std::vector<uint8_t> mask(sessionOf.size(), 0);
        size_t kept = 0;
        for (size_t r = 0; r < sessionOf.size(); ++r)
            if (sessionOf[r] == static_cast<int32_t>(k))
                mask[r] = 1, ++kept;
        if (kept == 0)
            continue;
        Session &s = k < m_closedInBlock.size() ? *m_closedInBlock[k] : *m_open;
        consumeInto(s, block, mask, kept);
    }
    for (auto &s : m_closedInBlock)
        m_pending.push_back(std::move(s));
    m_closedInBlock.clear();
}

void SessionSubstream::emitSession(Session &s, CloseEmit emit, int64_t end, std::vector<Block> &out)
{
    if (Block rows = closingRows(s, emit); rows.rows())
        out.push_back(withWindow(std::move(rows), s.start, end));
}

void SessionSubstream::updates(std::vector<Block> &out)
{
    for (auto &s : m_pending)
        if (Block rows = changedRows(*s); rows.rows())
            out.push_back(withWindow(std::move(rows), s->start, s->end));
    if (m_open)
        if (Block rows = changedRows(*m_open); rows.rows())
            out.push_back(withWindow(std::move(rows), m_open->start, m_open->last + 1));
}

void SessionSubstream::snapshot(std::vector<Block> &out)
{
    if (!m_open)
        return;
    m_open->changed.clear();
    emitSession(*m_open, CloseEmit::Final, m_open->last + 1, out);
}

void SessionSubstream::close(std::vector<Block> &out, CloseEmit emit, bool all)
{
    for (auto &s : m_pending)
        emitSession(*s, emit, s->end, out);
    m_pending.clear();
    if (all && m_open) {
        emitSession(*m_open, emit, m_open->last + 1, out);
        m_watermark = std::max(m_watermark, m_open->last + 1);
        m_open.reset();
    }
}

} // namespace tideline::engine
