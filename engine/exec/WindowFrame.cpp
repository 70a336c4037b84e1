#include "engine/exec/WindowFrame.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "engine/column/TypeDispatch.h"

namespace tideline::engine {

namespace {

using BK = FrameBound::Kind;

std::vector<std::string> words(std::string_view text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty())
                out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

[[noreturn]] void syntax(std::string_view text)
{
    fail(ErrorCode::SyntaxError, "Cannot parse window frame: " + std::string(text));
}

FrameBound parseBound(const std::vector<std::string> &w, size_t &i, std::string_view text)
{
    auto at = [&](size_t k) -> const std::string & {
        if (k >= w.size())
            syntax(text);
        return w[k];
    };
    if (at(i) == "UNBOUNDED") {
        const std::string &dir = at(i + 1);
        i += 2;
        if (dir == "PRECEDING")
            return {BK::UnboundedPreceding, 0};
        if (dir == "FOLLOWING")
            return {BK::UnboundedFollowing, 0};
        syntax(text);
    }
    if (at(i) == "CURRENT") {
        if (at(i + 1) != "ROW")
            syntax(text);
        i += 2;
        return {BK::CurrentRow, 0};
    }
    double n = 0;
    const std::string &num = at(i);
    try {
        size_t used = 0;
        n = std::stod(num, &used);
        if (used != num.size() || n < 0)
            syntax(text);
    } catch (const std::logic_error &) {
        syntax(text);
    }
    const std::string &dir = at(i + 1);
    i += 2;
    if (dir == "PRECEDING")
        return {BK::Preceding, n};
    if (dir == "FOLLOWING")
        return {BK::Following, n};
    syntax(text);
}

} // namespace

FrameSpec FrameSpec::parse(std::string_view text)
{
    std::vector<std::string> w = words(text);
    if (w.empty())
        return defaultFrame();
    FrameSpec f;
    if (w[0] == "ROWS")
        f.type = Type::Rows;
    else if (w[0] == "RANGE")
        f.type = Type::Range;
    else
        syntax(text);
    size_t i = 1;
    if (i < w.size() && w[i] == "BETWEEN") {
        ++i;
        f.start = parseBound(w, i, text);
        if (i >= w.size() || w[i] != "AND")
            syntax(text);
        ++i;
        f.end = parseBound(w, i, text);
    } else {
        f.start = parseBound(w, i, text);
        f.end = {BK::CurrentRow, 0};
    }
    if (i != w.size())
        syntax(text);
    f.validate();
    return f;
}

void FrameSpec::validate() const
{
    if (start.kind == BK::UnboundedFollowing)
        fail(ErrorCode::BadArguments, "Window frame start cannot be UNBOUNDED FOLLOWING");
    if (end.kind == BK::UnboundedPreceding)
        fail(ErrorCode::BadArguments, "Window frame end cannot be UNBOUNDED PRECEDING");
    // Order the bounds on one axis: preceding offsets negative, following positive.
    auto rank = [](const FrameBound &b) {
        switch (b.kind) {
        case BK::UnboundedPreceding: return -1e300;
        case BK::Preceding: return -b.offset;
        case BK::CurrentRow: return 0.0;
        case BK::Following: return b.offset;
        case BK::UnboundedFollowing: return 1e300;
        }
        return 0.0;
    };
    if (rank(start) > rank(end))
        fail(ErrorCode::BadArguments, "Window frame start is after its end");
}

SortedWindow sortWindow(const Block &block, const std::vector<uint32_t> &partitionIds, const std::vector<SortKey> &keys)
{
    size_t rows = block.rows();
    // Sort by a partition id column first, then the ORDER BY keys.
    Block withPartition = block;
    auto pid = Column::create(makeType(TypeKind::UInt32));
    pid->fixed.resize(rows * sizeof(uint32_t));
    std::copy(partitionIds.begin(), partitionIds.end(), pid->data<uint32_t>());
    pid->setSize(rows);
    withPartition.add("", pid);
    std::vector<SortKey> all{{block.columnCount(), false, false}};
    all.insert(all.end(), keys.begin(), keys.end());
    SortedWindow s;
    s.order = SortOperator::sortPermutation(withPartition, all, -1);
    s.partStart.resize(rows);
    s.partEnd.resize(rows);
    s.peerStart.resize(rows);
    s.peerEnd.resize(rows);
    uint32_t ps = 0, peer = 0;
    for (uint32_t p = 0; p < rows; ++p) {
        uint32_t r = s.order[p];
        if (p > 0 && partitionIds[r] != partitionIds[s.order[p - 1]])
            ps = p;
        bool samePeer = p > 0 && ps != p;
        for (size_t k = 0; samePeer && k < keys.size(); ++k) {
            const Column &c = *block.at(keys[k].column).column;
            samePeer = c.compareAt(r, c, s.order[p - 1]) == 0;
        }
        if (!samePeer)
            peer = p;
        s.partStart[p] = ps;
        s.peerStart[p] = peer;
    }
    for (uint32_t p = static_cast<uint32_t>(rows); p-- > 0;) {
        bool lastOfPart = p + 1 == rows || s.partStart[p + 1] != s.partStart[p];
        s.partEnd[p] = lastOfPart ? p + 1 : s.partEnd[p + 1];
        bool lastOfPeer = lastOfPart || s.peerStart[p + 1] != s.peerStart[p];
        s.peerEnd[p] = lastOfPeer ? p + 1 : s.peerEnd[p + 1];
    }
    return s;
}

namespace {

// The single ORDER BY key as ascending-in-sort-order numbers (negated when descending).
std::vector<long double> rangeValues(const Block &block, const SortedWindow &sorted, const SortKey &key, std::vector<uint8_t> &isNull)
{
    const Column &c = *block.at(key.column).column;
    const Column &values = c.type()->isNullable() ? *c.children[0] : c;
    size_t rows = sorted.order.size();
    std::vector<long double> u(rows);
    isNull.assign(rows, 0);
    TypeKind kind = values.type()->kind;
    bool ok = !values.type()->isDecimal() && values.type()->valueSize() <= 8 && dispatchNumeric(kind, [&]<typename T>() {
        const T *p = values.data<T>();
        for (size_t i = 0; i < rows; ++i)
            u[i] = static_cast<long double>(p[sorted.order[i]]);
    });
    if (!ok)
        fail(ErrorCode::BadArguments, "RANGE frame with an offset requires a numeric or date ORDER BY key, got " + c.type()->name());
    for (size_t i = 0; i < rows; ++i) {
        isNull[i] = c.isNullAt(sorted.order[i]);
        if (key.descending)
            u[i] = -u[i];
    }
    return u;
}

uint32_t rangeBound(const FrameBound &b, bool isStart, uint32_t i, const SortedWindow &s, const std::vector<long double> &u,
                    uint32_t nnStart, uint32_t nnEnd, bool rowIsNull)
{
    switch (b.kind) {
    case BK::UnboundedPreceding: return s.partStart[i];
    case BK::UnboundedFollowing: return s.partEnd[i];
    case BK::CurrentRow: return isStart ? s.peerStart[i] : s.peerEnd[i];
    default: break;
    }
    if (rowIsNull)
        return isStart ? s.peerStart[i] : s.peerEnd[i];
    long double target = u[i] + (b.kind == BK::Preceding ? -b.offset : b.offset);
    auto first = u.begin() + nnStart, last = u.begin() + nnEnd;
    auto it = isStart ? std::lower_bound(first, last, target) : std::upper_bound(first, last, target);
    return static_cast<uint32_t>(it - u.begin());
}

uint32_t rowsBound(const FrameBound &b, bool isStart, uint32_t i, const SortedWindow &s)
{
    int64_t ps = s.partStart[i], pe = s.partEnd[i];
    int64_t n = static_cast<int64_t>(b.offset);
    int64_t v = 0;
    switch (b.kind) {
    case BK::UnboundedPreceding: return static_cast<uint32_t>(ps);
    case BK::UnboundedFollowing: return static_cast<uint32_t>(pe);
    case BK::CurrentRow: v = i; break;
    case BK::Preceding: v = static_cast<int64_t>(i) - n; break;
    case BK::Following: v = static_cast<int64_t>(i) + n; break;
    }
    if (!isStart)
        ++v;
    return static_cast<uint32_t>(std::clamp(v, ps, pe));
}

} // namespace

void computeFrames(const FrameSpec &frame, const SortedWindow &sorted, const Block &block, const std::vector<SortKey> &keys,
                   std::vector<uint32_t> &start, std::vector<uint32_t> &end)
{
    size_t rows = sorted.order.size();
    start.resize(rows);
    end.resize(rows);
    if (frame.type == FrameSpec::Type::Rows) {
        for (uint32_t i = 0; i < rows; ++i) {
            start[i] = rowsBound(frame.start, true, i, sorted);
            end[i] = std::max(start[i], rowsBound(frame.end, false, i, sorted));
        }
        return;
    }
    bool offsets = frame.start.kind == BK::Preceding || frame.start.kind == BK::Following || frame.end.kind == BK::Preceding || frame.end.kind == BK::Following;
    std::vector<long double> u;
    std::vector<uint8_t> isNull(rows, 0);
    if (offsets) {
        if (keys.size() != 1)
            fail(ErrorCode::BadArguments, "RANGE frame with an offset requires exactly one ORDER BY key");
        u = rangeValues(block, sorted, keys[0], isNull);
    }
    uint32_t nnStart = 0, nnEnd = 0;
    for (uint32_t i = 0; i < rows; ++i) {
        if (offsets && i == sorted.partStart[i]) {
            // The partition's non-NULL keys form one run (NULLs sort first or last).
            nnStart = i;
            nnEnd = sorted.partEnd[i];
            while (nnStart < nnEnd && isNull[nnStart])
                ++nnStart;
            while (nnEnd > nnStart && isNull[nnEnd - 1])
                --nnEnd;
        }
        start[i] = rangeBound(frame.start, true, i, sorted, u, nnStart, nnEnd, isNull[i]);
        end[i] = std::max(start[i], rangeBound(frame.end, false, i, sorted, u, nnStart, nnEnd, isNull[i]));
    }
}

} // namespace tideline::engine
