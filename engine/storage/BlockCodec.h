#pragma once
// BlockCodec turns a Block into the bytes of one stream-log record payload and back.
//
// The raw form is the columns' own buffers written whole (no per-row work), recursively:
//   block  := u32 'TLBK' | u32 version | u64 rows | u32 columnCount | column*
//   column := str name | str typeName | data
//   data   := u64 size | buf fixed | buf offsets | buf chars | buf nullMap | u32 childCount | data*
//   str/buf := u64 byteLength | bytes
// (all integers little-endian; the host is assumed little-endian, as the in-memory columns are
// copied verbatim). The payload is the raw form LZ4-compressed:
//   payload := u8 codec (1 = LZ4) | u64 rawSize | lz4 block
// Types travel as DataType::name() and come back through parseDataType(), so a payload stays
// readable when the in-memory DataType struct changes.
//
// Decoding never trusts the bytes: every length is bounds-checked and every column is checked for
// the invariants Column's readers rely on (offsets monotone and in range, child sizes), so a
// corrupt payload gives Status 246 (CORRUPTED_DATA) instead of a crash later in a query.

#include <cstdint>
#include <span>
#include <vector>

#include "engine/column/Block.h"
#include "engine/common/Status.h"

namespace tideline::engine {

class BlockCodec {
public:
    // Appends the compressed payload of `block` to `out`. Fails only for blocks too large for one
    // LZ4 frame (about 2 GiB raw).
    static Status encode(const Block &block, std::vector<char> &out);
    static Result<std::vector<char>> encode(const Block &block);

    // Decodes a payload produced by encode(). Every error, unknown type names included, is 246.
    static Result<Block> decode(std::span<const char> payload);

    // The uncompressed form alone, for tests and for callers that compress differently.
    static void encodeRaw(const Block &block, std::vector<char> &out);
    static Result<Block> decodeRaw(std::span<const char> raw);
};

} // namespace tideline::engine
