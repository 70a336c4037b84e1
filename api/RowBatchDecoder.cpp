#include "api/RowBatchDecoder.h"

#include "api/JsonCells.h"

namespace tideline::api {

using namespace simdjson;

struct RowBatchDecoder::Private
{
    ondemand::parser parser;
    detail::PaddedInput input;
};

RowBatchDecoder::RowBatchDecoder()
    : d(std::make_unique<Private>())
{
}

RowBatchDecoder::~RowBatchDecoder() = default;

std::optional<RowBatch> RowBatchDecoder::decode(QByteArrayView json, qsizetype expectedColumns)
{
    RowBatch batch;
    if (!decode(json, batch, expectedColumns))
        return std::nullopt;
    return batch;
}

bool RowBatchDecoder::decode(QByteArrayView json, RowBatch &out, qsizetype expectedColumns)
{
    m_error.clear();
    out = RowBatch(expectedColumns);
    // Rough sizes: most payload bytes end up as cell text; a cell takes at least two bytes.
    out.reserve(json.size() / 6, json.size());
    ondemand::document doc;
    ondemand::array rows;
    error_code err = d->input.iterate(d->parser, std::string_view(json.data(), size_t(json.size()))).get(doc);
    if (!err)
        err = doc.get_array().get(rows);
    if (err) {
        m_error = QStringLiteral("row batch: expected a JSON array of rows (%1)").arg(detail::simdjsonMessage(err));
    } else if (!detail::decodeRows(rows, out, expectedColumns, "", m_error)) {
        m_error.prepend(QStringLiteral("row batch: "));
    } else if (doc.current_location().error() != OUT_OF_BOUNDS) {
        m_error = QStringLiteral("row batch: unexpected content after the closing ]");
    } else {
        return true;
    }
    out = RowBatch(expectedColumns);
    return false;
}

} // namespace tideline::api
