#include "engine/exec/WindowAssignOperator.h"

#include <algorithm>
#include <numeric>

#include "engine/exec/RowKeyTable.h"
#include "engine/exec/SortOperator.h"
#include "engine/formats/TimeZones.h"

namespace tideline::engine {

namespace {

using Kind = WindowAssignSpec::Kind;
constexpr size_t kSliceRows = 65536;

} // namespace

WindowAssignOperator::WindowAssignOperator(OperatorPtr input, WindowAssignSpec spec, DataTypePtr timeType)
    : m_input(std::move(input)), m_spec(std::move(spec)), m_timeType(std::move(timeType))
{
    TypeKind k = m_timeType->kind;
    if (k != TypeKind::DateTime && k != TypeKind::DateTime64)
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + m_timeType->name() + " of time column of window function, must be datetime or datetime64");
    uint32_t precision = k == TypeKind::DateTime64 ? m_timeType->precision : 0;
    const TimeZone &zone = TimeZone::get(m_spec.timezone.empty() ? m_timeType->timezone : m_spec.timezone);
    m_size = std::make_unique<WindowStep>(m_spec.size.unit, m_spec.size.count, precision, zone);
    if (m_spec.kind == Kind::Hop) {
        m_slide = std::make_unique<WindowStep>(m_spec.slide.unit, m_spec.slide.count, precision, zone);
        if (m_slide->scale() != m_size->scale())
            fail(ErrorCode::BadArguments, "hop: slide and size must use compatible interval units");
        if (m_slide->length() > m_size->length())
            fail(ErrorCode::BadArguments, "hop: slide interval must not be greater than the window size");
    }
    if (m_spec.kind == Kind::Session) {
        if (m_size->scale() != WindowStep::Scale::Ticks)
            fail(ErrorCode::BadArguments, "session: the idle timeout must be a fixed-length interval");
        m_idleTicks = m_size->fixedTicks();
        m_maxTicks = 5 * m_idleTicks;
        if (m_spec.maxLength.count) {
            WindowStep max(m_spec.maxLength.unit, m_spec.maxLength.count, precision, zone);
            if (max.scale() != WindowStep::Scale::Ticks)
                fail(ErrorCode::BadArguments, "session: the maximum length must be a fixed-length interval");
            m_maxTicks = max.fixedTicks();
        }
    }
}

WindowAssignOperator::~WindowAssignOperator() = default;

std::string WindowAssignOperator::name() const
{
    switch (m_spec.kind) {
    case Kind::Tumble: return "Tumble";
    case Kind::Hop: return "Hop";
    case Kind::Session: return "Session";
    }
    return "Window";
}

std::vector<int64_t> WindowAssignOperator::readTicks(const Column &c) const
{
    size_t rows = c.size();
    std::vector<int64_t> ticks(rows);
    if (m_timeType->kind == TypeKind::DateTime) {
        const uint32_t *p = c.data<uint32_t>();
        for (size_t r = 0; r < rows; ++r)
            ticks[r] = p[r];
    } else {
        const int64_t *p = c.data<int64_t>();
        std::copy(p, p + rows, ticks.begin());
    }
    return ticks;
}

ColumnPtr WindowAssignOperator::writeTicks(const std::vector<int64_t> &ticks) const
{
    auto out = Column::create(m_timeType);
    if (m_timeType->kind == TypeKind::DateTime) {
        out->fixed.resize(ticks.size() * sizeof(uint32_t));
        uint32_t *p = out->data<uint32_t>();
        for (size_t r = 0; r < ticks.size(); ++r)
            p[r] = static_cast<uint32_t>(std::clamp<int64_t>(ticks[r], 0, UINT32_MAX));
    } else {
        out->fixed.resize(ticks.size() * sizeof(int64_t));
        std::copy(ticks.begin(), ticks.end(), out->data<int64_t>());
    }
    out->setSize(ticks.size());
    return out;
}

Block WindowAssignOperator::withWindows(Block input, const std::vector<int64_t> &starts, const std::vector<int64_t> &ends) const
{
    input.add(m_spec.startName, writeTicks(starts));
    input.add(m_spec.endName, writeTicks(ends));
    return input;
}

Block WindowAssignOperator::assignTumble(const Block &input) const
{
    const WindowStep &w = *m_size;
    const Column &time = *input.at(m_spec.timeColumn).column;
    if (w.scale() == WindowStep::Scale::Ticks && m_timeType->kind != TypeKind::DateTime) {
        // The common case: int64 ticks in, both columns written in one arithmetic pass.
        const size_t rows = time.size();
        const int64_t *t = time.data<int64_t>();
        auto starts = Column::create(m_timeType);
        auto ends = Column::create(m_timeType);
        starts->fixed.resize(rows * sizeof(int64_t));
        ends->fixed.resize(rows * sizeof(int64_t));
        int64_t *s = starts->data<int64_t>();
        int64_t *e = ends->data<int64_t>();
        // Rows come mostly in time order, so a row usually falls in the previous row's window:
        // a compare instead of a 64-bit division per row.
        const int64_t len = w.length();
        int64_t start = 0, end = INT64_MIN;
        for (size_t r = 0; r < rows; ++r) {
            if (t[r] < start || t[r] >= end) [[unlikely]] {
                start = w.origin() + WindowStep::floorDiv(t[r] - w.origin(), len) * len;
                end = start + len;
            }
            s[r] = start;
            e[r] = end;
        }
        starts->setSize(rows);
        ends->setSize(rows);
        Block out = input;
        out.add(m_spec.startName, std::move(starts));
        out.add(m_spec.endName, std::move(ends));
        return out;
    }
    std::vector<int64_t> ticks = readTicks(time);
    std::vector<int64_t> starts(ticks.size()), ends(ticks.size());
    for (size_t r = 0; r < ticks.size(); ++r) {
        int64_t index = w.windowIndex(ticks[r]);
        starts[r] = w.ticksAt(index);
        ends[r] = w.ticksAt(index + w.length());
    }
    return withWindows(input, starts, ends);
}

Block WindowAssignOperator::assignHop(const Block &input) const
{
    std::vector<int64_t> ticks = readTicks(*input.at(m_spec.timeColumn).column);
    std::vector<uint32_t> rows;
    std::vector<int64_t> starts, ends;
    const WindowStep &slide = *m_slide;
    int64_t size = m_size->length();
    for (size_t r = 0; r < ticks.size(); ++r) {
        int64_t last = slide.windowIndex(ticks[r]);
        // The earliest window still containing the row, then every later one up to `last`.
        int64_t first = last;
        while (slide.ticksAt(first - slide.length() + size) > ticks[r])
            first -= slide.length();
        for (int64_t s = first; s <= last; s += slide.length()) {
            rows.push_back(static_cast<uint32_t>(r));
            starts.push_back(slide.ticksAt(s));
            ends.push_back(slide.ticksAt(s + size));
        }
    }
    Block out;
    for (const auto &c : input.columns())
        out.add(c.name, c.column->gather(rows));
    out.setRowsWithoutColumns(rows.size());
    return withWindows(std::move(out), starts, ends);
}

bool WindowAssignOperator::supportsPanes() const
{
    return m_spec.kind == Kind::Hop && m_timeType->kind == TypeKind::DateTime64 && m_slide->scale() == WindowStep::Scale::Ticks
        && m_size->scale() == WindowStep::Scale::Ticks && m_size->length() % m_slide->length() == 0;
}

Block WindowAssignOperator::assignPanes(const Block &input) const
{
    const Column &time = *input.at(m_spec.timeColumn).column;
    const size_t rows = time.size();
    const int64_t *t = time.data<int64_t>();
    auto starts = Column::create(m_timeType);
    auto ends = Column::create(m_timeType);
    starts->fixed.resize(rows * sizeof(int64_t));
    ends->fixed.resize(rows * sizeof(int64_t));
    int64_t *s = starts->data<int64_t>();
    int64_t *e = ends->data<int64_t>();
    const WindowStep &slide = *m_slide;
    const int64_t size = m_size->length();
    // As in assignTumble: in-order rows usually stay in the previous row's pane.
    int64_t start = 0, next = INT64_MIN;
    for (size_t r = 0; r < rows; ++r) {
        if (t[r] < start || t[r] >= next) [[unlikely]] {
            start = slide.windowIndex(t[r]);
            next = start + slide.length();
        }
        s[r] = start;
        e[r] = start + size;
    }
    starts->setSize(rows);
    ends->setSize(rows);
    Block out = input;
    out.add(m_spec.startName, std::move(starts));
    out.add(m_spec.endName, std::move(ends));
    return out;
}

// Applies the §6.3 session rules per partition over rows in time order, then attaches the final
// [start, end) of each row's session.
void WindowAssignOperator::assignSessions()
{
    size_t rows = m_all.rows();
    std::vector<int64_t> ticks = rows ? readTicks(*m_all.at(m_spec.timeColumn).column) : std::vector<int64_t>();
    std::vector<uint32_t> partition(rows, 0);
    if (!m_spec.partitionKeys.empty() && rows) {
        std::vector<const Column *> keys;
        std::vector<DataTypePtr> types;
        for (size_t k : m_spec.partitionKeys) {
            keys.push_back(m_all.at(k).column.get());
            types.push_back(m_all.at(k).type());
        }
        RowKeyTable table(types);
        std::vector<uint64_t> hashes;
        RowKeyTable::hashRows(keys, rows, hashes);
        bool inserted = false;
        for (size_t r = 0; r < rows; ++r)
            partition[r] = table.findOrInsert(keys, r, hashes[r], &inserted);
    }
    std::vector<uint32_t> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return partition[a] != partition[b] ? partition[a] < partition[b] : ticks[a] < ticks[b];
    });
    std::vector<int64_t> starts(rows), ends(rows);
    size_t i = 0;
    while (i < rows) {
        // One session: [i, j) in `order`.
        uint32_t p = partition[order[i]];
        int64_t start = ticks[order[i]], last = start, end = 0;
        size_t j = i + 1;
        for (; j < rows && partition[order[j]] == p; ++j) {
            int64_t t = ticks[order[j]];
            if (t >= start + m_maxTicks) {
                end = start + m_maxTicks;
                break;
            }
            if (t >= last + m_idleTicks) {
                end = last + m_idleTicks;
                break;
            }
            last = t;
        }
        if (j == rows || partition[order[j]] != p)
            end = last + 1; // still open: ends one tick after its last event
        for (size_t k = i; k < j; ++k) {
            starts[order[k]] = start;
            ends[order[k]] = end;
        }
        i = j;
    }
    m_all = withWindows(std::move(m_all), starts, ends);
}

Pull WindowAssignOperator::pull(Block &out)
{
    if (m_spec.kind != Kind::Session) {
        for (;;) {
            Block input;
            Pull p = m_input->next(input);
            if (p != Pull::Block)
                return p;
            if (input.rows() == 0)
                continue;
            out = m_spec.kind == Kind::Tumble ? assignTumble(input) : m_panes ? assignPanes(input) : assignHop(input);
            if (out.rows() == 0)
                continue;
            return Pull::Block;
        }
    }
    if (!m_sessionsReady) {
        for (;;) {
            Block b;
            Pull p = m_input->next(b);
            if (p == Pull::Pending)
                return p;
            if (p == Pull::End)
                break;
            if (b.rows())
                m_blocks.push_back(std::move(b));
        }
        m_all = SortOperator::concatenate(m_blocks);
        m_blocks.clear();
        assignSessions();
        m_sessionsReady = true;
    }
    size_t rows = m_all.rows();
    if (m_emitted >= rows)
        return Pull::End;
    size_t n = std::min(kSliceRows, rows - m_emitted);
    out = m_all.slice(m_emitted, n);
    m_emitted += n;
    return Pull::Block;
}

} // namespace tideline::engine
