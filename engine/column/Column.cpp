#include "engine/column/Column.h"

#include <cmath>

#include "engine/column/TypeDispatch.h"
#include "engine/types/Int256.h"

namespace tideline::engine {

namespace {

uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t hashBytes(const void *data, size_t n)
{
    // FNV-1a over 8-byte words then bytes; good enough for hash tables, not for persistence.
    const auto *p = static_cast<const unsigned char *>(data);
    uint64_t h = 0xcbf29ce484222325ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = mix(h ^ w);
    }
    for (; i < n; ++i)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return mix(h);
}

template <typename T>
int compareNumbers(T a, T b)
{
    if constexpr (std::is_floating_point_v<T>) {
        bool an = std::isnan(a), bn = std::isnan(b);
        if (an || bn)
            return an == bn ? 0 : (an ? 1 : -1);
    }
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

Column::Column(DataTypePtr type) : m_type(std::move(type))
{
    switch (m_type->kind) {
    case TypeKind::Nullable:
    case TypeKind::Array:
        children.push_back(create(m_type->children[0]));
        break;
    case TypeKind::Map:
        children.push_back(create(m_type->children[0]));
        children.push_back(create(m_type->children[1]));
        break;
    case TypeKind::Tuple:
        for (const auto &c : m_type->children)
            children.push_back(create(c));
        break;
    default:
        break;
    }
}

MutableColumnPtr Column::create(const DataTypePtr &type, size_t reserveRows)
{
    auto c = std::make_shared<Column>(type);
    if (reserveRows)
        c->reserve(reserveRows);
    return c;
}

void Column::reserve(size_t rows)
{
    switch (m_type->kind) {
    case TypeKind::String: offsets.reserve(rows); chars.reserve(rows * 8); break;
    case TypeKind::Nullable: nullMap.reserve(rows); children[0]->reserve(rows); break;
    case TypeKind::Array: case TypeKind::Map: offsets.reserve(rows); break;
    case TypeKind::Tuple: for (auto &c : children) c->reserve(rows); break;
    default: fixed.reserve(rows * m_type->valueSize()); break;
    }
}

void Column::pushFixedBytes(const void *bytes, size_t n)
{
    const auto *p = static_cast<const uint8_t *>(bytes);
    fixed.insert(fixed.end(), p, p + n);
    ++m_size;
}

void Column::pushDefault()
{
    switch (m_type->kind) {
    case TypeKind::String: offsets.push_back(chars.size()); break;
    case TypeKind::Nullable: nullMap.push_back(1); children[0]->pushDefault(); break;
    case TypeKind::Array: offsets.push_back(children[0]->size()); break;
    case TypeKind::Map: offsets.push_back(children[0]->size()); break;
    case TypeKind::Tuple: for (auto &c : children) c->pushDefault(); break;
    default: fixed.resize(fixed.size() + m_type->valueSize(), 0); break;
    }
    ++m_size;
}

void Column::pushDefaults(size_t n)
{
    for (size_t i = 0; i < n; ++i)
        pushDefault();
}

void Column::pushFrom(const Column &src, size_t row)
{
    pushRange(src, row, 1);
}

void Column::pushRange(const Column &src, size_t from, size_t count)
{
    if (count == 0)
        return;
    switch (m_type->kind) {
    case TypeKind::String: {
        uint64_t b = src.arrayBegin(from), e = src.offsets[from + count - 1];
        uint64_t base = chars.size();
        chars.insert(chars.end(), src.chars.begin() + static_cast<ptrdiff_t>(b), src.chars.begin() + static_cast<ptrdiff_t>(e));
        for (size_t i = 0; i < count; ++i)
            offsets.push_back(base + src.offsets[from + i] - b);
        break;
    }
    case TypeKind::Nullable:
        nullMap.insert(nullMap.end(), src.nullMap.begin() + static_cast<ptrdiff_t>(from), src.nullMap.begin() + static_cast<ptrdiff_t>(from + count));
        children[0]->pushRange(*src.children[0], from, count);
        break;
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t b = src.arrayBegin(from), e = src.offsets[from + count - 1];
        uint64_t base = children[0]->size();
        for (size_t c = 0; c < children.size(); ++c)
            children[c]->pushRange(*src.children[c], b, e - b);
        for (size_t i = 0; i < count; ++i)
            offsets.push_back(base + src.offsets[from + i] - b);
        break;
    }
    case TypeKind::Tuple:
        for (size_t c = 0; c < children.size(); ++c)
            children[c]->pushRange(*src.children[c], from, count);
        break;
    default: {
        size_t w = m_type->valueSize();
        fixed.insert(fixed.end(), src.fixed.begin() + static_cast<ptrdiff_t>(from * w), src.fixed.begin() + static_cast<ptrdiff_t>((from + count) * w));
        break;
    }
    }
    m_size += count;
}

MutableColumnPtr Column::filter(const uint8_t *mask) const
{
    auto out = cloneEmpty();
    size_t kept = 0;
    for (size_t i = 0; i < m_size; ++i)
        kept += mask[i] != 0;
    out->reserve(kept);
    size_t w = m_type->valueSize();
    if (w && m_type->kind != TypeKind::Nullable) {
        out->fixed.resize(kept * w);
        uint8_t *dst = out->fixed.data();
        const uint8_t *srcp = fixed.data();
        for (size_t i = 0; i < m_size; ++i) {
            if (mask[i]) {
                std::memcpy(dst, srcp + i * w, w);
                dst += w;
            }
        }
        out->m_size = kept;
        return out;
    }
    // Runs of kept rows are copied together.
    size_t i = 0;
    while (i < m_size) {
        if (!mask[i]) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < m_size && mask[j])
            ++j;
        out->pushRange(*this, i, j - i);
        i = j;
    }
    return out;
}

MutableColumnPtr Column::gather(std::span<const uint32_t> rows) const
{
    auto out = cloneEmpty();
    out->reserve(rows.size());
    size_t w = m_type->valueSize();
    if (w && m_type->kind != TypeKind::Nullable) {
        out->fixed.resize(rows.size() * w);
        uint8_t *dst = out->fixed.data();
        for (size_t i = 0; i < rows.size(); ++i)
            std::memcpy(dst + i * w, fixed.data() + static_cast<size_t>(rows[i]) * w, w);
        out->m_size = rows.size();
        return out;
    }
    for (uint32_t r : rows)
        out->pushRange(*this, r, 1);
    return out;
}

MutableColumnPtr Column::slice(size_t from, size_t count) const
{
    auto out = cloneEmpty();
    out->pushRange(*this, from, count);
    return out;
}

MutableColumnPtr Column::broadcast(size_t n) const
{
    auto out = cloneEmpty();
    out->reserve(n);
    size_t w = m_type->valueSize();
    if (w && m_type->kind != TypeKind::Nullable && m_size > 0) {
        out->fixed.resize(n * w);
        for (size_t i = 0; i < n; ++i)
            std::memcpy(out->fixed.data() + i * w, fixed.data(), w);
        out->m_size = n;
        return out;
    }
    for (size_t i = 0; i < n; ++i)
        out->pushRange(*this, 0, 1);
    return out;
}

size_t Column::byteSize() const
{
    size_t n = fixed.size() + offsets.size() * sizeof(uint64_t) + chars.size() + nullMap.size();
    for (const auto &c : children)
        n += c->byteSize();
    return n;
}

int Column::compareAt(size_t row, const Column &other, size_t otherRow, bool nullsFirst) const
{
    switch (m_type->kind) {
    case TypeKind::Nullable: {
        bool an = nullMap[row], bn = other.nullMap[otherRow];
        if (an || bn) {
            if (an == bn)
                return 0;
            return (an ? 1 : -1) * (nullsFirst ? -1 : 1);
        }
        return children[0]->compareAt(row, *other.children[0], otherRow, nullsFirst);
    }
    case TypeKind::String: {
        int c = stringAt(row).compare(other.stringAt(otherRow));
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeKind::FixedString: {
        int c = std::memcmp(fixed.data() + row * m_type->fixedSize, other.fixed.data() + otherRow * m_type->fixedSize, m_type->fixedSize);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t ab = arrayBegin(row), ae = arrayEnd(row), bb = other.arrayBegin(otherRow), be = other.arrayEnd(otherRow);
        for (; ab < ae && bb < be; ++ab, ++bb) {
            for (size_t c = 0; c < children.size(); ++c)
                if (int r = children[c]->compareAt(ab, *other.children[c], bb, nullsFirst))
                    return r;
        }
        return ab < ae ? 1 : (bb < be ? -1 : 0);
    }
    case TypeKind::Tuple:
        for (size_t c = 0; c < children.size(); ++c)
            if (int r = children[c]->compareAt(row, *other.children[c], otherRow, nullsFirst))
                return r;
        return 0;
    case TypeKind::UUID: {
        // ClickHouse compares UUIDs as two 64-bit halves, high first.
        const auto *a = reinterpret_cast<const uint64_t *>(fixed.data() + row * 16);
        const auto *b = reinterpret_cast<const uint64_t *>(other.fixed.data() + otherRow * 16);
        if (a[1] != b[1])
            return a[1] < b[1] ? -1 : 1;
        return a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : 0);
    }
    case TypeKind::Int256: case TypeKind::UInt256: case TypeKind::Decimal256: {
        // Little-endian limbs: a memcmp would order them by the lowest byte first.
        Int256 a, b;
        std::memcpy(a.limb, fixed.data() + row * 32, 32);
        std::memcpy(b.limb, other.fixed.data() + otherRow * 32, 32);
        return compare(a, b, m_type->kind != TypeKind::UInt256);
    }
    default: {
        int result = 0;
        bool ok = dispatchNumeric(m_type->kind, [&]<typename T>() {
            result = compareNumbers(data<T>()[row], other.data<T>()[otherRow]);
        });
        if (!ok) {
            size_t w = m_type->valueSize();
            int c = std::memcmp(fixed.data() + row * w, other.fixed.data() + otherRow * w, w);
            result = c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        return result;
    }
    }
}

bool Column::equalAt(size_t row, const Column &other, size_t otherRow) const
{
    switch (m_type->kind) {
    case TypeKind::String: return stringAt(row) == other.stringAt(otherRow);
    case TypeKind::Float32: return data<float>()[row] == other.data<float>()[otherRow] || (std::isnan(data<float>()[row]) && std::isnan(other.data<float>()[otherRow]));
    case TypeKind::Float64: return data<double>()[row] == other.data<double>()[otherRow] || (std::isnan(data<double>()[row]) && std::isnan(other.data<double>()[otherRow]));
    case TypeKind::Nullable: case TypeKind::Array: case TypeKind::Map: case TypeKind::Tuple:
        return compareAt(row, other, otherRow) == 0;
    default: {
        size_t w = m_type->valueSize();
        return std::memcmp(fixed.data() + row * w, other.fixed.data() + otherRow * w, w) == 0;
    }
    }
}

uint64_t Column::hashAt(size_t row) const
{
    switch (m_type->kind) {
    case TypeKind::String: {
        auto s = stringAt(row);
        return hashBytes(s.data(), s.size());
    }
    case TypeKind::Nullable:
        return nullMap[row] ? 0x9e3779b97f4a7c15ULL : children[0]->hashAt(row);
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t h = 0x12345;
        for (uint64_t i = arrayBegin(row); i < arrayEnd(row); ++i)
            for (const auto &c : children)
                h = mix(h * 31 + c->hashAt(i));
        return h;
    }
    case TypeKind::Tuple: {
        uint64_t h = 0x54321;
        for (const auto &c : children)
            h = mix(h * 31 + c->hashAt(row));
        return h;
    }
    case TypeKind::Float32: {
        float v = data<float>()[row];
        if (v == 0) v = 0; // -0 == 0
        return hashBytes(&v, sizeof v);
    }
    case TypeKind::Float64: {
        double v = data<double>()[row];
        if (v == 0) v = 0;
        return hashBytes(&v, sizeof v);
    }
    default: {
        size_t w = m_type->valueSize();
        if (w == 8) {
            uint64_t v;
            std::memcpy(&v, fixed.data() + row * 8, 8);
            return mix(v);
        }
        return hashBytes(fixed.data() + row * w, w);
    }
    }
}

} // namespace tideline::engine
