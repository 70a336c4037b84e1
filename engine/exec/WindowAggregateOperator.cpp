#include "engine/exec/WindowAggregateOperator.h"

#include "engine/exec/SortOperator.h"

namespace tideline::engine {

WindowAggregateOperator::WindowAggregateOperator(OperatorPtr input, WindowAggregationConfig config, StreamingEmitPolicy policy, const Clock &clock)
    : m_input(std::move(input)), m_config(std::move(config)), m_policy(policy), m_clock(clock), m_timer(clock, policy.periodNanos),
      m_splitter(m_config.spec.partitionKeys), m_lastInputNanos(clock.nowNanos())
{
    m_config.trackChanges = policy.onUpdate;
}

uint64_t WindowAggregateOperator::lateRows() const
{
    uint64_t n = 0;
    for (const auto &s : m_substreams)
        n += s ? s->lateRows() : 0;
    return n;
}

Recovery WindowAggregateOperator::recovery(std::string &why) const
{
    if (m_policy.timeoutNanos > 0) {
        why = "EMIT ... TIMEOUT closes windows on processing time";
        return Recovery::Inexact;
    }
    if (m_policy.procTimeWatermark) {
        why = "windows over arrival time (ON PROCTIME) close on the clock";
        return Recovery::Inexact;
    }
    if (m_policy.onUpdate && m_timer.enabled()) {
        why = "EMIT PERIODIC ... ON UPDATE on windows remembers the groups changed since its last processing-time tick";
        return Recovery::Inexact;
    }
    return Recovery::Replay;
}

void WindowAggregateOperator::saveEmitState(std::vector<int64_t> &out) const
{
    out.push_back(static_cast<int64_t>(m_emits));
    out.push_back(m_dirty ? 1 : 0);
}

void WindowAggregateOperator::restoreEmitState(const std::vector<int64_t> &in, size_t &at)
{
    if (at + 2 > in.size())
        fail(ErrorCode::CorruptedData, "The saved emit state does not match the plan (WindowAggregate)");
    const auto emits = static_cast<uint64_t>(in[at]);
    const bool dirty = in[at + 1] != 0;
    at += 2;
    if (!dirty && m_dirty && m_timer.enabled()) {
        std::vector<Block> discarded; // the tick the live run made after its last row
        onTick(discarded);
    }
    m_emits = emits;
    m_lastInputNanos = m_clock.nowNanos();
}

CloseEmit WindowAggregateOperator::closeEmit() const
{
    if (!m_policy.onUpdate)
        return CloseEmit::Final;
    return m_timer.enabled() ? CloseEmit::PendingChanges : CloseEmit::Nothing;
}

void WindowAggregateOperator::consume(const Block &block, std::vector<Block> &out)
{
    for (auto &[id, part] : m_splitter.split(block)) {
        if (id >= m_substreams.size())
            m_substreams.resize(id + 1);
        auto &s = m_substreams[id];
        if (!s) {
            if (m_config.spec.kind == WindowWatermarkSpec::Kind::Session)
                s = std::make_unique<SessionSubstream>(m_config);
            else
                s = std::make_unique<TimeWindowSubstream>(m_config);
        }
        s->consume(part);
        // ON UPDATE emits before closing, so a window closed by the same block shows its update.
        if (m_policy.onUpdate && !m_timer.enabled())
            s->updates(out);
        s->close(out, closeEmit(), false);
    }
    m_dirty = m_openWindows = true;
    m_lastInputNanos = m_clock.nowNanos();
}

void WindowAggregateOperator::onTick(std::vector<Block> &out)
{
    for (auto &s : m_substreams) {
        if (!s)
            continue;
        if (m_policy.onUpdate)
            s->updates(out);
        else
            s->snapshot(out);
    }
    m_dirty = false;
}

// Windows over the arrival time (EMIT LAST ON PROCTIME): the clock is the watermark.
void WindowAggregateOperator::onClock(std::vector<Block> &out)
{
    int64_t nanos = m_clock.nowNanos();
    int64_t now = nanos / 1000000000;
    if (m_config.timeType->kind == TypeKind::DateTime64) {
        int64_t tick = 1;
        for (uint32_t p = m_config.timeType->precision; p < 9; ++p)
            tick *= 10;
        now = nanos / tick;
    }
    for (auto &s : m_substreams) {
        if (!s)
            continue;
        s->advanceTo(now);
        s->close(out, closeEmit(), false);
    }
}

void WindowAggregateOperator::onTimeout(std::vector<Block> &out)
{
    for (auto &s : m_substreams)
        if (s)
            s->close(out, closeEmit() == CloseEmit::Nothing ? CloseEmit::PendingChanges : CloseEmit::Final, true);
    m_openWindows = false;
}

bool WindowAggregateOperator::emit(std::vector<Block> &parts, Block &out)
{
    Block rows = SortOperator::concatenate(parts);
    parts.clear();
    if (rows.rows() == 0)
        return false;
    if (m_policy.emitVersion)
        emitcolumns::appendEmitVersion(rows, m_emits);
    ++m_emits;
    out = std::move(rows);
    return true;
}

Pull WindowAggregateOperator::pull(Block &out)
{
    std::vector<Block> parts;
    for (;;) {
        Block block;
        Pull p = m_input->next(block);
        if (p == Pull::End)
            return Pull::End; // a finite input: open windows stay unfinished, as in Proton (no timer)
        if (p == Pull::Pending) {
            if (m_policy.procTimeWatermark && !m_clockHeld)
                onClock(parts);
            if (timerDue() && m_dirty)
                onTick(parts);
            if (m_policy.timeoutNanos > 0 && !m_clockHeld && m_openWindows && m_clock.nowNanos() - m_lastInputNanos >= m_policy.timeoutNanos)
                onTimeout(parts);
            return emit(parts, out) ? Pull::Block : Pull::Pending;
        }
        if (block.rows() == 0)
            continue;
        consume(block, parts);
        if (timerDue() && m_dirty)
            onTick(parts);
        if (emit(parts, out))
            return Pull::Block;
    }
}

} // namespace tideline::engine
