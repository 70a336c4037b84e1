#pragma once
// Encodes result blocks as the v1beta2 wire does (rest-api-v1beta2.md §3.3 "Row value
// encoding"): a JSON array of row arrays. int8..int64/uint8..uint64 stay exact JSON numbers;
// 128/256-bit integers and decimals are strings; inf/-inf/nan are strings; datetime and
// datetime64 are RFC 3339 in UTC with trailing zero fractions dropped; bool is a JSON bool;
// arrays are arrays, maps objects, named tuples objects and other tuples arrays.
//
// Work is column at a time (one typed pass per column into a cell buffer), then the cells are
// interleaved into rows: no per-cell virtual call or variant.
#include <string>
#include <vector>
#include "engine/column/Block.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::workspace {

class BlockJsonEncoder {
public:
    // Appends `[[...],[...]]` for rows [from, from+count) of `block`.
    void encodeRows(const engine::Block &block, size_t from, size_t count, std::string &out);
    // One value, for composites and tests.
    static void encodeValue(const engine::Column &column, size_t row, std::string &out);

private:
    void encodeColumn(const engine::Column &column, size_t from, size_t count, engine::CellBuffer &cells);
    std::vector<engine::CellBuffer> m_cells;
};

// RFC 3339 UTC of a datetime64 tick count at `precision` digits: "2023-02-06T06:38:53.408Z".
void appendRfc3339(int64_t ticks, uint32_t precision, std::string &out);

} // namespace tideline::workspace
