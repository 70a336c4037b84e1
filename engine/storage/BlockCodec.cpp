#include "engine/storage/BlockCodec.h"

#include <lz4.h>

#include <cstring>
#include <limits>
#include <memory>
#include <string>

namespace tideline::engine {

namespace {

constexpr uint32_t kBlockMagic = 0x4B424C54; // "TLBK"
constexpr uint32_t kBlockVersion = 1;
constexpr uint8_t kCodecLz4 = 1;
constexpr size_t kPayloadHeader = 1 + 8;
// parseDataType recurses per nesting level; a corrupt name must not be able to exhaust the stack.
constexpr int kMaxTypeNesting = 64;

template <typename T>
size_t bufBytes(const std::vector<T> &v)
{
    return 8 + v.size() * sizeof(T);
}

size_t rawColumnSize(const Column &c)
{
    size_t n = 8 + bufBytes(c.fixed) + bufBytes(c.offsets) + bufBytes(c.chars) + bufBytes(c.nullMap) + 4;
    for (const auto &child : c.children)
        n += rawColumnSize(*child);
    return n;
}

class Writer {
public:
    explicit Writer(std::vector<char> &out) : m_out(out) {}
    void bytes(const void *p, size_t n)
    {
        const char *from = static_cast<const char *>(p);
        m_out.insert(m_out.end(), from, from + n); // copied once (resize would zero the room first)
    }
    template <typename T>
    void pod(T v) { bytes(&v, sizeof(T)); }
    template <typename T>
    void buf(const std::vector<T> &v)
    {
        pod<uint64_t>(v.size() * sizeof(T));
        bytes(v.data(), v.size() * sizeof(T));
    }
    void str(const std::string &s)
    {
        pod<uint64_t>(s.size());
        bytes(s.data(), s.size());
    }

private:
    std::vector<char> &m_out;
};

void writeColumn(Writer &w, const Column &c)
{
    w.pod<uint64_t>(c.size());
    w.buf(c.fixed);
    w.buf(c.offsets);
    w.buf(c.chars);
    w.buf(c.nullMap);
    w.pod<uint32_t>(static_cast<uint32_t>(c.children.size()));
    for (const auto &child : c.children)
        writeColumn(w, *child);
}

Status corrupt(const std::string &what)
{
    return Status(ErrorCode::CorruptedData, "Corrupted block record: " + what);
}

// Bounds-checked cursor; the first failure sticks, so callers check once per column.
class Reader {
public:
    explicit Reader(std::span<const char> in) : m_in(in) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_in.size(); }
    bool bytes(void *dst, size_t n)
    {
        if (!m_ok || n > m_in.size() - m_pos)
            return m_ok = false;
        if (n)
            std::memcpy(dst, m_in.data() + m_pos, n);
        m_pos += n;
        return true;
    }
    template <typename T>
    T pod()
    {
        T v{};
        bytes(&v, sizeof(T));
        return v;
    }
    template <typename T>
    void buf(std::vector<T> &v)
    {
        uint64_t n = pod<uint64_t>();
        if (!m_ok || n % sizeof(T) != 0 || n > m_in.size() - m_pos) {
            m_ok = false;
            return;
        }
        if constexpr (sizeof(T) == 1) { // bytes: copied once, not zeroed first
            const T *from = reinterpret_cast<const T *>(m_in.data() + m_pos);
            v.assign(from, from + n);
            m_pos += n;
        } else {
            v.resize(n / sizeof(T));
            bytes(v.data(), n);
        }
    }
    std::string str()
    {
        uint64_t n = pod<uint64_t>();
        if (!m_ok || n > m_in.size() - m_pos) {
            m_ok = false;
            return {};
        }
        std::string s(m_in.data() + m_pos, n);
        m_pos += n;
        return s;
    }

private:
    std::span<const char> m_in;
    size_t m_pos = 0;
    bool m_ok = true;
};

bool offsetsValid(const std::vector<uint64_t> &offsets, size_t rows, uint64_t limit)
{
    if (offsets.size() != rows)
        return false;
    uint64_t prev = 0;
    for (uint64_t o : offsets) {
        if (o < prev)
            return false;
        prev = o;
    }
    return prev <= limit;
}

// Checks the invariants Column's accessors rely on, per kind.
bool columnValid(const Column &c, size_t rows)
{
    const DataType &t = *c.type();
    switch (t.kind) {
    case TypeKind::String:
        return c.fixed.empty() && offsetsValid(c.offsets, rows, c.chars.size());
    case TypeKind::Nullable:
        return c.nullMap.size() == rows && c.children[0]->size() == rows;
    case TypeKind::Array:
        return offsetsValid(c.offsets, rows, c.children[0]->size());
    case TypeKind::Map:
        return c.children[0]->size() == c.children[1]->size() && offsetsValid(c.offsets, rows, c.children[0]->size());
    case TypeKind::Tuple:
        for (const auto &child : c.children)
            if (child->size() != rows)
                return false;
        return true;
    default:
        return c.fixed.size() == rows * t.valueSize();
    }
}

Status readColumn(Reader &r, Column &c, const std::string &name)
{
    uint64_t rows = r.pod<uint64_t>();
    r.buf(c.fixed);
    r.buf(c.offsets);
    r.buf(c.chars);
    r.buf(c.nullMap);
    uint32_t childCount = r.pod<uint32_t>();
    if (!r.ok())
        return corrupt("truncated data of column '" + name + "'");
    if (childCount != c.children.size())
        return corrupt("column '" + name + "' has " + std::to_string(childCount) + " children, its type " + c.type()->name() + " wants " +
                       std::to_string(c.children.size()));
    for (auto &child : c.children)
        if (Status s = readColumn(r, *child, name); !s)
            return s;
    c.setSize(rows);
    if (!columnValid(c, rows))
        return corrupt("inconsistent buffers in column '" + name + "' of type " + c.type()->name());
    return Status::ok();
}

Result<DataTypePtr> readType(const std::string &typeName)
{
    int depth = 0;
    for (char ch : typeName)
        if (ch == '(' && ++depth > kMaxTypeNesting)
            return corrupt("type name nested too deeply");
    // parseDataType does not read interval types (they are not column types in DDL), but
    // intermediate blocks may carry them.
    if (typeName.rfind("interval_", 0) == 0)
        for (int u = 0; u <= static_cast<int>(IntervalUnit::Year); ++u)
            if (typeName.compare(9, std::string::npos, intervalUnitName(static_cast<IntervalUnit>(u))) == 0)
                return makeInterval(static_cast<IntervalUnit>(u));
    auto type = parseDataType(typeName);
    if (!type)
        return corrupt("bad type name '" + typeName.substr(0, 200) + "': " + type.status().message());
    return type;
}

} // namespace

void BlockCodec::encodeRaw(const Block &block, std::vector<char> &out)
{
    size_t total = 4 + 4 + 8 + 4;
    std::vector<std::string> typeNames;
    typeNames.reserve(block.columnCount());
    for (const auto &nc : block.columns()) {
        typeNames.push_back(nc.type()->name());
        total += 8 + nc.name.size() + 8 + typeNames.back().size() + rawColumnSize(*nc.column);
    }
    out.reserve(out.size() + total);
    Writer w(out);
    w.pod(kBlockMagic);
    w.pod(kBlockVersion);
    w.pod<uint64_t>(block.rows());
    w.pod<uint32_t>(static_cast<uint32_t>(block.columnCount()));
    for (size_t i = 0; i < block.columnCount(); ++i) {
        w.str(block.at(i).name);
        w.str(typeNames[i]);
        writeColumn(w, *block.at(i).column);
    }
}

Result<Block> BlockCodec::decodeRaw(std::span<const char> raw)
{
    Reader r(raw);
    uint32_t magic = r.pod<uint32_t>();
    uint32_t version = r.pod<uint32_t>();
    uint64_t rows = r.pod<uint64_t>();
    uint32_t columnCount = r.pod<uint32_t>();
    if (!r.ok() || magic != kBlockMagic)
        return corrupt("bad block magic");
    if (version != kBlockVersion)
        return corrupt("unsupported block version " + std::to_string(version));
    Block block;
    for (uint32_t i = 0; i < columnCount; ++i) {
        std::string name = r.str();
        std::string typeName = r.str();
        if (!r.ok())
            return corrupt("truncated column header");
        auto type = readType(typeName);
        if (!type)
            return type.status();
        auto column = Column::create(*type);
        if (Status s = readColumn(r, *column, name); !s)
            return s;
        if (column->size() != rows)
            return corrupt("column '" + name + "' has " + std::to_string(column->size()) + " rows, the block " + std::to_string(rows));
        block.add(std::move(name), std::move(column));
    }
    if (!r.atEnd())
        return corrupt("trailing bytes after the last column");
    if (columnCount == 0)
        block.setRowsWithoutColumns(rows);
    return block;
}

Status BlockCodec::encode(const Block &block, std::vector<char> &out)
{
    std::vector<char> raw;
    encodeRaw(block, raw);
    if (raw.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE))
        return Status(ErrorCode::TooLargeStringSize, "Block of " + std::to_string(raw.size()) + " bytes is too large for one log record");
    const int bound = LZ4_compressBound(static_cast<int>(raw.size()));
    // Compressed into uninitialised memory, then appended: growing `out` to the bound first would
    // zero all of it (a memset as large as the block) for LZ4 to overwrite.
    auto compressed = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(bound));
    const int n = LZ4_compress_default(raw.data(), compressed.get(), static_cast<int>(raw.size()), bound);
    if (n <= 0 && !raw.empty())
        return Status(ErrorCode::LogicalError, "LZ4 compression failed");
    const uint64_t rawSize = raw.size();
    out.reserve(out.size() + kPayloadHeader + static_cast<size_t>(n));
    out.push_back(static_cast<char>(kCodecLz4));
    out.insert(out.end(), reinterpret_cast<const char *>(&rawSize), reinterpret_cast<const char *>(&rawSize) + 8);
    out.insert(out.end(), compressed.get(), compressed.get() + n);
    return Status::ok();
}

Result<std::vector<char>> BlockCodec::encode(const Block &block)
{
    std::vector<char> out;
    if (Status s = encode(block, out); !s)
        return s;
    return out;
}

Result<Block> BlockCodec::decode(std::span<const char> payload)
{
    if (payload.size() < kPayloadHeader)
        return corrupt("payload shorter than its header");
    if (static_cast<uint8_t>(payload[0]) != kCodecLz4)
        return corrupt("unknown codec " + std::to_string(static_cast<uint8_t>(payload[0])));
    uint64_t rawSize;
    std::memcpy(&rawSize, payload.data() + 1, 8);
    size_t compressed = payload.size() - kPayloadHeader;
    // LZ4 expands at most ~255x; a larger claim is corruption, not a reason to allocate.
    if (rawSize > static_cast<uint64_t>(LZ4_MAX_INPUT_SIZE) || rawSize > compressed * 255 + 64 ||
        compressed > static_cast<size_t>(std::numeric_limits<int>::max()))
        return corrupt("implausible raw size " + std::to_string(rawSize));
    auto raw = std::make_unique_for_overwrite<char[]>(rawSize); // not zeroed: LZ4 writes every byte, or fails
    int n = LZ4_decompress_safe(payload.data() + kPayloadHeader, raw.get(), static_cast<int>(compressed), static_cast<int>(rawSize));
    if (n < 0 || static_cast<uint64_t>(n) != rawSize)
        return corrupt("LZ4 decompression failed");
    return decodeRaw(std::span<const char>(raw.get(), rawSize));
}

} // namespace tideline::engine
