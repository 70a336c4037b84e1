#pragma once
// The properties the libFuzzer targets check, shared with tst_FuzzRegressions so that every input
// a fuzzer once found stays fixed in plain (gcc, non-fuzz) builds. Each returns an empty string
// when the property holds, else what broke. "Never crash" is implicit in all of them: the
// sanitizers turn a wild read, an overflow or undefined behaviour into a failure.
#include <string>
#include <string_view>

namespace tideline::fuzz {

// Inputs longer than this are skipped (by the fuzzers too): they add run time, not coverage.
constexpr size_t kMaxBodySize = 16384;

// The ingest body formats: the first byte picks one of the four v1beta2 formats (api/
// IngestRequest) or one of the engine's INSERT formats (CSV, TSV with names, JSONEachRow) over
// a schema with every kind of column; the rest is the body. Whatever parses must be a
// rectangular batch (every row as wide as the columns).
std::string checkIngestBody(std::string_view input);

// The client's SSE reader (api/QueryStreamReader): the same bytes fed whole and fed in pieces
// (cut where the input's own bytes say) give the same events, and no event is wider than the
// header it follows.
std::string checkSseChunking(std::string_view input);

// The client's JSON readers: RowBatchDecoder's row batches and the schema validator over the
// request schemas of the API: whatever decodes is rectangular, validation never crashes and
// agrees with itself when the same text is given as a parsed document.
std::string checkJsonReaders(std::string_view input);

// The Protobuf decoders (engine/formats/ProtobufReader): the first byte picks ProtobufSingle or
// length-delimited Protobuf, the rest is decoded as messages of a schema with every scalar
// type, a nested message and repeated fields. Bad bytes may only fail with an EngineError;
// what decodes is rectangular, and written back by ProtobufWriter it decodes to the same rows.
std::string checkProtobufDecoder(std::string_view input);

} // namespace tideline::fuzz
