#pragma once

#include "api/RowBatch.h"

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

namespace tideline::api {

// Decodes the data payload of a v1beta2 row event, `[[1,"a",null,[1,2],{"k":1}],...]`, into a
// RowBatch with simdjson's on-demand parser: numbers are taken as their raw token, so no value
// passes through double. Keep one decoder per stream and reuse it: the parser's buffers are
// allocated once. Not thread-safe; errors come back as values, never exceptions.
class RowBatchDecoder
{
public:
    RowBatchDecoder();
    ~RowBatchDecoder();
    RowBatchDecoder(const RowBatchDecoder &) = delete;
    RowBatchDecoder &operator=(const RowBatchDecoder &) = delete;

    // Every row must have `expectedColumns` cells (the result header's size); -1 only requires
    // the rows to agree with each other. On failure `out` is cleared and errorString() says
    // what and where ("row 3, column 1: ...").
    bool decode(QByteArrayView json, RowBatch &out, qsizetype expectedColumns = -1);
    std::optional<RowBatch> decode(QByteArrayView json, qsizetype expectedColumns = -1);

    QString errorString() const { return m_error; }

private:
    struct Private;
    std::unique_ptr<Private> d;
    QString m_error;
};

} // namespace tideline::api
