#include "engine/exec/GroupKeyPacker.h"

#include <cstring>

namespace tideline::engine {

namespace {

constexpr size_t kMaxBytes = 32;

// Copies `rows` values of W bytes from `src` to byte `offset` of each key (stride words).
// W is a template parameter so each copy is a plain load/store, not a library call.
template <size_t W>
void copyValues(const uint8_t *src, size_t rows, uint64_t *out, size_t stride, size_t offset)
{
    for (size_t r = 0; r < rows; ++r)
        std::memcpy(reinterpret_cast<uint8_t *>(out + r * stride) + offset, src + r * W, W);
}

void copyValues(const uint8_t *src, size_t width, size_t rows, uint64_t *out, size_t stride, size_t offset)
{
    switch (width) {
    case 1: return copyValues<1>(src, rows, out, stride, offset);
    case 2: return copyValues<2>(src, rows, out, stride, offset);
    case 4: return copyValues<4>(src, rows, out, stride, offset);
    case 8: return copyValues<8>(src, rows, out, stride, offset);
    case 16: return copyValues<16>(src, rows, out, stride, offset);
    default:
        for (size_t r = 0; r < rows; ++r)
            std::memcpy(reinterpret_cast<uint8_t *>(out + r * stride) + offset, src + r * width, width);
    }
}

// -0 and 0 are one group (as in the serialized path); NaN payloads are kept as they are.
template <typename F>
void copyFloats(const F *src, size_t rows, uint64_t *out, size_t stride, size_t offset)
{
    for (size_t r = 0; r < rows; ++r) {
        F v = src[r];
        if (v == 0)
            v = 0;
        std::memcpy(reinterpret_cast<uint8_t *>(out + r * stride) + offset, &v, sizeof(F));
    }
}

} // namespace

GroupKeyPacker::GroupKeyPacker(const std::vector<DataTypePtr> &keyTypes)
{
    std::vector<uint8_t> path;
    for (size_t k = 0; k < keyTypes.size(); ++k) {
        path.clear();
        if (!plan(*keyTypes[k], k, path) || m_bytes > kMaxBytes) {
            m_fields.clear();
            m_bytes = 0;
            return;
        }
    }
    m_words = m_bytes == 0 ? 0 : m_bytes <= 8 ? 1 : m_bytes <= 16 ? 2 : 4;
}

bool GroupKeyPacker::plan(const DataType &type, size_t key, std::vector<uint8_t> &path)
{
    switch (type.kind) {
    case TypeKind::Nullable: {
        const DataType &inner = *type.children[0];
        size_t width = inner.valueSize();
        if (width == 0 || inner.kind == TypeKind::Tuple)
            return false;
        // The value first, then the flag: packing the flag zeroes the value bytes of NULL rows.
        path.push_back(0);
        Field value{key, path, m_bytes, width, false, inner.kind};
        path.pop_back();
        m_fields.push_back(value);
        m_fields.push_back(Field{key, path, m_bytes + width, 1, true, TypeKind::Nullable});
        m_bytes += width + 1;
        return true;
    }
    case TypeKind::Tuple:
        for (size_t c = 0; c < type.children.size(); ++c) {
            path.push_back(static_cast<uint8_t>(c));
            bool ok = plan(*type.children[c], key, path);
            path.pop_back();
            if (!ok)
                return false;
        }
        return true;
    default: {
        size_t width = type.valueSize();
        if (width == 0)
            return false;
        m_fields.push_back(Field{key, path, m_bytes, width, false, type.kind});
        m_bytes += width;
        return true;
    }
    }
}

void GroupKeyPacker::packField(const Field &f, const Column &column, size_t rows, uint64_t *out) const
{
    const size_t stride = m_words;
    if (f.nullFlag) {
        // The value field (just before, `width` bytes at the preceding offset) was packed from
        // the nested column's default; NULL rows get zero bytes there and flag 1.
        const Field &value = *(&f - 1);
        if (column.nullMap.empty())
            return; // no null map: no NULLs (flags stay 0)
        const uint8_t *nulls = column.nullMap.data();
        for (size_t r = 0; r < rows; ++r) {
            auto *key = reinterpret_cast<uint8_t *>(out + r * stride);
            key[f.offset] = nulls[r] ? 1 : 0;
            if (nulls[r])
                std::memset(key + value.offset, 0, value.width);
        }
        return;
    }
    switch (f.kind) {
    case TypeKind::Float32: return copyFloats(column.data<float>(), rows, out, stride, f.offset);
    case TypeKind::Float64: return copyFloats(column.data<double>(), rows, out, stride, f.offset);
    default: return copyValues(column.fixed.data(), f.width, rows, out, stride, f.offset);
    }
}

void GroupKeyPacker::pack(const std::vector<const Column *> &keys, size_t rows, std::vector<uint64_t> &out) const
{
    out.assign(rows * m_words, 0);
    for (const Field &f : m_fields) {
        const Column *column = keys[f.key];
        for (uint8_t child : f.path) // the nullable itself for a flag, its nested column for a value
            column = column->children[child].get();
        packField(f, *column, rows, out.data());
    }
}

} // namespace tideline::engine
