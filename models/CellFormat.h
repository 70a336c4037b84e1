#pragma once
// How one result cell is written to CSV and JSON: shared by the buffer export (ResultModel) and
// the record-to-file writer (ResultRecorder), so both files agree byte for byte.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include "client/QueryHandle.h"

namespace tideline::models {

class CellFormat {
public:
    // RFC 4180: quoted only when the text holds a comma, quote or line break.
    static void appendCsv(QByteArray &out, QByteArrayView text);
    static void appendJsonString(QByteArray &out, QByteArrayView text);
    // A JSON number literal exactly as the engine printed it; inf/nan stay strings (as on the wire).
    static bool isJsonNumber(QByteArrayView text);
    // Int, uint, float and decimal columns (Nullable(...) unwrapped): right-aligned, JSON numbers.
    static bool isNumericType(const QString &type);
    // One batch row as a CSV line or a JSON object; `keys` are the `"name":` prefixes.
    static void appendCsvRow(QByteArray &out, const client::ResultBatch &batch, qsizetype row);
    static void appendJsonRow(QByteArray &out, const client::ResultBatch &batch, qsizetype row,
                              const QList<QByteArray> &keys, const std::vector<bool> &numeric);
    static QList<QByteArray> jsonKeys(const QList<client::ColumnInfo> &columns);
};

} // namespace tideline::models
