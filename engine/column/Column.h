#pragma once
// A column of values of one DataType, stored the way ClickHouse stores it, so whole-column
// kernels can run over contiguous memory:
//   fixed-width kinds (numbers, dates, decimals, uuid, ip, enum, fixed_string): `fixed` holds
//     size()*valueSize() bytes, read with data<T>();
//   string: `chars` holds the bytes back to back, `offsets[i]` is the end of value i;
//   nullable: `nullMap[i]` = 1 for NULL, children[0] holds the values (default where NULL);
//   array: `offsets[i]` is the end of row i in children[0];
//   map: `offsets` as array, children[0] keys and children[1] values;
//   tuple: one child per element, each with size() rows.
// Columns are shared read-only once built (ColumnPtr); build a new one with MutableColumnPtr.

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "engine/types/DataType.h"

namespace tideline::engine {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;
using MutableColumnPtr = std::shared_ptr<Column>;

using Int128 = __int128;
using UInt128 = unsigned __int128;

class Column {
public:
    explicit Column(DataTypePtr type);

    static MutableColumnPtr create(const DataTypePtr &type, size_t reserve = 0);

    const DataTypePtr &type() const { return m_type; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    // Fixed-width access.
    template <typename T>
    T *data() { return reinterpret_cast<T *>(fixed.data()); }
    template <typename T>
    const T *data() const { return reinterpret_cast<const T *>(fixed.data()); }
    template <typename T>
    std::span<const T> span() const { return {data<T>(), m_size}; }

    // String access (string kind only).
    std::string_view stringAt(size_t row) const
    {
        uint64_t begin = row == 0 ? 0 : offsets[row - 1];
        return {chars.data() + begin, static_cast<size_t>(offsets[row] - begin)};
    }
    // Array/map row bounds in the child column(s).
    uint64_t arrayBegin(size_t row) const { return row == 0 ? 0 : offsets[row - 1]; }
    uint64_t arrayEnd(size_t row) const { return offsets[row]; }

    bool isNullAt(size_t row) const { return !nullMap.empty() && nullMap[row]; }
    const Column &nested() const { return *children[0]; }

    // Appenders used by builders; they keep size() in step with the storage.
    template <typename T>
    void push(T value)
    {
        size_t old = fixed.size();
        fixed.resize(old + sizeof(T));
        std::memcpy(fixed.data() + old, &value, sizeof(T));
        ++m_size;
    }
    void pushString(std::string_view s)
    {
        chars.insert(chars.end(), s.begin(), s.end());
        offsets.push_back(chars.size());
        ++m_size;
    }
    void pushFixedBytes(const void *bytes, size_t n); // fixed-width: n == valueSize()
    // Appends the default value (0, '', [], NULL for nullable).
    void pushDefault();
    void pushDefaults(size_t n);
    // Appends row `row` of `src` (same type); slow path for joins, sorting gathers etc.
    void pushFrom(const Column &src, size_t row);
    // Appends rows [from, from+count) of `src`.
    void pushRange(const Column &src, size_t from, size_t count);
    // For nullable/array/map/tuple builders that filled children directly.
    void setSize(size_t n) { m_size = n; }
    void reserve(size_t rows);

    // Structural operations producing new columns.
    MutableColumnPtr cloneEmpty() const { return create(m_type); }
    MutableColumnPtr filter(const uint8_t *mask) const;            // keeps rows with mask[i] != 0
    MutableColumnPtr gather(std::span<const uint32_t> rows) const; // picks rows in the given order
    MutableColumnPtr slice(size_t from, size_t count) const;
    // Repeats row 0 n times (used to materialise constants).
    MutableColumnPtr broadcast(size_t n) const;
    // Bytes used by the column's storage (for memory accounting and metrics).
    size_t byteSize() const;

    // Compare rows of possibly different columns of the same type: <0, 0, >0. NULLs sort last
    // unless nullsFirst; NaN sorts as ClickHouse does (after numbers).
    int compareAt(size_t row, const Column &other, size_t otherRow, bool nullsFirst = false) const;
    bool equalAt(size_t row, const Column &other, size_t otherRow) const;
    // Hash of one row's value (stable within a process), for group-by and joins.
    uint64_t hashAt(size_t row) const;

    std::vector<uint8_t> fixed;
    std::vector<uint64_t> offsets;
    std::vector<char> chars;
    std::vector<uint8_t> nullMap;
    std::vector<MutableColumnPtr> children;

private:
    DataTypePtr m_type;
    size_t m_size = 0;
};

} // namespace tideline::engine
