#include "engine/exec/GroupedAggregation.h"

#include <algorithm>

#include <cstring>

namespace tideline::engine {

namespace {

// Appends the bytes that identify row `row` of `col` to `key` (length-prefixed where variable).
void serializeKey(const Column &col, size_t row, std::string &key)
{
    switch (col.type()->kind) {
    case TypeKind::String: {
        auto s = col.stringAt(row);
        uint32_t n = static_cast<uint32_t>(s.size());
        key.append(reinterpret_cast<const char *>(&n), 4);
        key.append(s);
        return;
    }
    case TypeKind::Nullable:
        key.push_back(col.nullMap[row] ? 1 : 0);
        if (!col.nullMap[row])
            serializeKey(*col.children[0], row, key);
        return;
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t b = col.arrayBegin(row), e = col.arrayEnd(row);
        uint32_t n = static_cast<uint32_t>(e - b);
        key.append(reinterpret_cast<const char *>(&n), 4);
        for (uint64_t i = b; i < e; ++i)
            for (const auto &c : col.children)
                serializeKey(*c, i, key);
        return;
    }
    case TypeKind::Tuple:
        for (const auto &c : col.children)
            serializeKey(*c, row, key);
        return;
    case TypeKind::Float32: {
        float v = col.data<float>()[row];
        if (v == 0) v = 0;
        key.append(reinterpret_cast<const char *>(&v), 4);
        return;
    }
    case TypeKind::Float64: {
        double v = col.data<double>()[row];
        if (v == 0) v = 0;
        key.append(reinterpret_cast<const char *>(&v), 8);
        return;
    }
    default: {
        size_t w = col.type()->valueSize();
        key.append(reinterpret_cast<const char *>(col.fixed.data() + row * w), w);
    }
    }
}

} // namespace

GroupedAggregation::GroupedAggregation(std::vector<size_t> keyIndices, std::vector<std::string> keyNames, std::vector<AggregateSpec> aggregates)
    : m_keyIndices(std::move(keyIndices)), m_keyNames(std::move(keyNames)), m_aggregates(std::move(aggregates))
{
    for (const auto &a : m_aggregates) {
        size_t align = a.function->stateAlign();
        m_stride = (m_stride + align - 1) / align * align;
        m_offsets.push_back(m_stride);
        m_stride += a.function->stateSize();
    }
    m_stride = (m_stride + 15) / 16 * 16;
    if (m_stride == 0)
        m_stride = 16;
}

GroupedAggregation::~GroupedAggregation()
{
    for (char *state : m_states)
        for (size_t a = 0; a < m_aggregates.size(); ++a)
            m_aggregates[a].function->destroy(state + m_offsets[a]);
}

char *GroupedAggregation::allocateState()
{
    if (m_arenaUsed + m_stride > m_arenaCapacity) {
        m_arenaCapacity = std::max<size_t>(m_stride * 4096, 1 << 16);
        m_arena.emplace_back(new char[m_arenaCapacity]); // operator new aligns to 16 bytes
        m_arenaUsed = 0;
    }
    char *p = m_arena.back().get() + m_arenaUsed;
    m_arenaUsed += m_stride;
    for (size_t a = 0; a < m_aggregates.size(); ++a)
        m_aggregates[a].function->create(p + m_offsets[a]);
    return p;
}

uint32_t GroupedAggregation::newGroup(const Block &block, size_t row)
{
    for (size_t k = 0; k < m_keyIndices.size(); ++k)
        m_keyColumns[k]->pushFrom(*block.at(m_keyIndices[k]).column, row);
    m_states.push_back(allocateState());
    return static_cast<uint32_t>(m_states.size() - 1);
}

template <typename Key>
void GroupedAggregation::singleKeyIds(const Block &block, const Column &col, std::vector<uint32_t> &ids)
{
    const uint8_t *p = col.fixed.data();
    for (size_t r = 0, rows = block.rows(); r < rows; ++r) {
        Key key;
        std::memcpy(&key, p + r * sizeof(Key), sizeof(Key));
        uint64_t word = key;
        bool inserted = false;
        ids[r] = m_map1.findOrInsert(&word, static_cast<uint32_t>(m_states.size()), &inserted);
        if (inserted)
            newGroup(block, r);
    }
}

template <size_t N>
void GroupedAggregation::packedIds(const Block &block, PackedKeyMap<N> &map, std::vector<uint32_t> &ids)
{
    const size_t rows = block.rows();
    m_keyView.clear();
    for (size_t k : m_keyIndices)
        m_keyView.push_back(block.at(k).column.get());
    m_packer->pack(m_keyView, rows, m_packed);
    const uint64_t *key = m_packed.data();
    for (size_t r = 0; r < rows; ++r, key += N) {
        bool inserted = false;
        ids[r] = map.findOrInsert(key, static_cast<uint32_t>(m_states.size()), &inserted);
        if (inserted)
            newGroup(block, r);
    }
}

void GroupedAggregation::serializedIds(const Block &block, std::vector<uint32_t> &ids)
{
    std::string key;
    for (size_t r = 0, rows = block.rows(); r < rows; ++r) {
        key.clear();
        for (size_t k : m_keyIndices)
            serializeKey(*block.at(k).column, r, key);
        auto [it, inserted] = m_generic.try_emplace(key, static_cast<uint32_t>(m_states.size()));
        if (inserted)
            newGroup(block, r);
        ids[r] = it->second;
    }
}

void GroupedAggregation::groupIds(const Block &block, std::vector<uint32_t> &ids)
{
    ids.resize(block.rows());
    switch (m_mode) {
    case KeyMode::None:
        std::fill(ids.begin(), ids.end(), 0);
        return;
    case KeyMode::SingleInt: {
        const Column &col = *block.at(m_keyIndices[0]).column;
        // One loop per key width, so each row's key is a plain load (a memcpy of a run-time
        // size is a library call per row).
        switch (col.type()->valueSize()) {
        case 8: return singleKeyIds<uint64_t>(block, col, ids);
        case 4: return singleKeyIds<uint32_t>(block, col, ids);
        case 2: return singleKeyIds<uint16_t>(block, col, ids);
        default: return singleKeyIds<uint8_t>(block, col, ids);
        }
    }
    case KeyMode::Packed1: return packedIds(block, m_map1, ids);
    case KeyMode::Packed2: return packedIds(block, m_map2, ids);
    case KeyMode::Packed4: return packedIds(block, m_map4, ids);
    case KeyMode::Serialized: return serializedIds(block, ids);
    }
}

// The distinct ids, ascending: marks per group instead of sorting every row's id (rows >> groups).
void GroupedAggregation::touchedGroups(const std::vector<uint32_t> &ids, std::vector<uint32_t> &touched)
{
    touched.clear();
    m_touchedMark.resize(m_states.size());
    for (uint32_t id : ids) {
        if (!m_touchedMark[id]) {
            m_touchedMark[id] = 1;
            touched.push_back(id);
        }
    }
    for (uint32_t id : touched)
        m_touchedMark[id] = 0;
    std::sort(touched.begin(), touched.end());
}

void GroupedAggregation::consume(const Block &block, std::vector<uint32_t> *touched)
{
    size_t rows = block.rows();
    if (!m_initialised)
        initialise(block);
    ensureSingleGroup();
    if (rows == 0)
        return;
    // Without keys every row is group 0: no per-row ids or places (a streaming global count()
    // used to fill and sort 50 000 zeros per block). The id and place buffers are reused.
    const bool global = m_keyIndices.empty();
    std::vector<uint32_t> &ids = m_ids;
    std::vector<char *> &places = m_places;
    if (global) {
        places.clear();
        if (touched)
            touched->assign(1, 0);
    } else {
        groupIds(block, ids);
        if (touched)
            touchedGroups(ids, *touched);
        places.resize(rows);
        for (size_t r = 0; r < rows; ++r)
            places[r] = m_states[ids[r]];
    }
    // Changelog input: +1 rows are added and -1 rows retracted, each through a mask.
    std::vector<uint8_t> addMask, retractMask;
    if (m_deltaColumn >= 0) {
        const int8_t *delta = block.at(static_cast<size_t>(m_deltaColumn)).column->data<int8_t>();
        addMask.resize(rows);
        retractMask.resize(rows);
        for (size_t r = 0; r < rows; ++r) {
            addMask[r] = delta[r] >= 0;
            retractMask[r] = delta[r] < 0;
        }
        if (global)
            places.assign(rows, m_states[0]); // retractBatch has no single-place form
    }
    const uint8_t *add = addMask.empty() ? nullptr : addMask.data();
    std::vector<const Column *> args;
    for (size_t a = 0; a < m_aggregates.size(); ++a) {
        args.clear();
        for (size_t i : m_aggregates[a].argIndices)
            args.push_back(block.at(i).column.get());
        const AggregateFunction &f = *m_aggregates[a].function;
        if (global)
            f.addBatchSinglePlace(rows, m_states[0] + m_offsets[a], args.data(), add);
        else
            f.addBatch(rows, places.data(), m_offsets[a], args.data(), add);
        if (!retractMask.empty())
            f.retractBatch(rows, places.data(), m_offsets[a], args.data(), retractMask.data());
    }
}

void GroupedAggregation::mergeStates(const Block &keys, const std::vector<const char *> &sources)
{
    if (!m_initialised)
        initialise(keys);
    ensureSingleGroup();
    if (sources.empty())
        return;
    groupIds(keys, m_ids);
    // One virtual call per merged state: there is one per (pane group, window), a small
    // fraction of the input rows.
    for (size_t a = 0; a < m_aggregates.size(); ++a) {
        const AggregateFunction &f = *m_aggregates[a].function;
        const size_t offset = m_offsets[a];
        for (size_t r = 0; r < sources.size(); ++r)
            f.merge(m_states[m_ids[r]] + offset, sources[r] + offset);
    }
}

void GroupedAggregation::initialise(const Block &block)
{
    for (size_t k : m_keyIndices)
        m_keyColumns.push_back(block.at(k).column->cloneEmpty());
    m_initialised = true;
    if (m_keyIndices.empty()) {
        m_mode = KeyMode::None;
        return;
    }
    const DataType &first = *block.at(m_keyIndices[0]).type();
    // Floats need -0 folded into 0, fixed strings are bytes: both go through the packer.
    bool singleInt = m_keyIndices.size() == 1 && first.valueSize() > 0 && first.valueSize() <= 8 && !first.isNullable()
        && !first.isFloat() && first.kind != TypeKind::FixedString;
    if (singleInt) {
        m_mode = KeyMode::SingleInt;
        return;
    }
    std::vector<DataTypePtr> types;
    for (size_t k : m_keyIndices)
        types.push_back(block.at(k).type());
    m_packer = std::make_unique<GroupKeyPacker>(types);
    switch (m_packer->words()) {
    case 1: m_mode = KeyMode::Packed1; break;
    case 2: m_mode = KeyMode::Packed2; break;
    case 4: m_mode = KeyMode::Packed4; break;
    default: m_mode = KeyMode::Serialized; m_packer.reset(); break;
    }
}

void GroupedAggregation::ensureSingleGroup()
{
    if (m_keyIndices.empty() && m_states.empty())
        m_states.push_back(allocateState());
}

Block GroupedAggregation::result(size_t from, size_t n) const
{
    Block block;
    for (size_t k = 0; k < m_keyColumns.size(); ++k)
        block.add(m_keyNames[k], m_keyColumns[k]->slice(from, n));
    for (size_t a = 0; a < m_aggregates.size(); ++a) {
        auto col = Column::create(m_aggregates[a].function->returnType(), n);
        for (size_t g = from; g < from + n; ++g)
            m_aggregates[a].function->insertResult(m_states[g] + m_offsets[a], *col);
        block.add(m_aggregates[a].name, col);
    }
    block.setRowsWithoutColumns(n);
    return block;
}

Block GroupedAggregation::result(const std::vector<uint32_t> &groups) const
{
    Block block;
    for (size_t k = 0; k < m_keyColumns.size(); ++k)
        block.add(m_keyNames[k], m_keyColumns[k]->gather(groups));
    for (size_t a = 0; a < m_aggregates.size(); ++a) {
        auto col = Column::create(m_aggregates[a].function->returnType(), groups.size());
        for (uint32_t g : groups)
            m_aggregates[a].function->insertResult(m_states[g] + m_offsets[a], *col);
        block.add(m_aggregates[a].name, col);
    }
    block.setRowsWithoutColumns(groups.size());
    return block;
}

} // namespace tideline::engine
