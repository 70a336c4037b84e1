#pragma once

// Internal to api/: turning simdjson on-demand values into RowBatch cells, shared by
// RowBatchDecoder (SSE row events) and IngestRequest (compact ingest bodies).

#include "api/RowBatch.h"

#include <QString>

#include <simdjson.h>

#include <string>
#include <string_view>

namespace tideline::api::detail {

// True when `token` is exactly one JSON number (RFC 8259 grammar); raw_json_token() does not
// check this itself.
bool isJsonNumber(std::string_view token);

// Appends one cell for `value`. On failure returns false with a message in `error`.
bool appendCell(simdjson::ondemand::value value, RowBatch &batch, QString &error);

// Decodes an array of row arrays into `batch`. Every row must have `expectedColumns` cells
// (-1: as many as the first row). `where` names the array in errors, e.g. "data" gives
// "data[3][1]: ...", and "" gives "row 3, column 1: ...".
bool decodeRows(simdjson::ondemand::array rows, RowBatch &batch, qsizetype expectedColumns,
                const char *where, QString &error);

// Owns a reusable padded copy of the input: on-demand parsing reads SIMDJSON_PADDING bytes
// past the end, which a QByteArray does not guarantee.
class PaddedInput
{
public:
    simdjson::simdjson_result<simdjson::ondemand::document> iterate(simdjson::ondemand::parser &parser,
                                                                      std::string_view json);

private:
    std::string m_buffer;
};

QString simdjsonMessage(simdjson::error_code code);

} // namespace tideline::api::detail
