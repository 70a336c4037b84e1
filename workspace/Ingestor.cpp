#include "workspace/Ingestor.h"

#include "engine/exec/Session.h"
#include "engine/exec/StatementExecutors.h"
#include "engine/exec/StreamInfo.h"
#include "engine/formats/InputFormat.h"

namespace tideline::workspace {

namespace {

// The columns a client may write: stored, not alias. _tp_time is writable (explicit event time).
// For NDJSON, a column with a DEFAULT (like _tp_time) is read only when the body mentions its
// name, so that omitting it gives the DEFAULT (now()) rather than the type's zero; the check is
// a substring search, so a string value that happens to contain "name" in quotes only means the
// rows without that key get the zero value, as before.
std::vector<engine::ColumnSpec> writableColumns(const engine::StreamInfo &info, std::string_view body, bool checkDefaults)
{
    std::vector<engine::ColumnSpec> specs;
    for (const auto &c : info.columns) {
        if (c.aliasExpr || c.name == "_tp_sn" || c.name == "_tp_delta")
            continue;
        if (checkDefaults && c.defaultExpr && body.find('"' + c.name + '"') == std::string_view::npos)
            continue;
        specs.push_back({c.name, c.type});
    }
    return specs;
}

// raw/lines: one string column `raw`; an empty line is not an event.
engine::Block rawBlock(const QByteArray &body, bool splitLines)
{
    auto column = engine::Column::create(engine::makeType(engine::TypeKind::String));
    std::string_view text(body.constData(), static_cast<size_t>(body.size()));
    if (!splitLines) {
        column->pushString(text);
    } else {
        while (!text.empty()) {
            size_t nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (!line.empty())
                column->pushString(line);
            text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        }
    }
    engine::Block block;
    block.add("raw", std::move(column));
    return block;
}

} // namespace

Outcome<IngestResult> Ingestor::ingest(const QString &database, const QString &stream, IngestFormat format, const QByteArray &body)
{
    auto info = m_engine.find(database.toStdString(), stream.toStdString());
    if (!info)
        return Failure::notFound(QStringLiteral("Stream %1.%2 doesn't exist").arg(database, stream), static_cast<int>(engine::ErrorCode::UnknownStream));
    if (!info->isStored())
        return Failure::badRequest(QStringLiteral("Cannot ingest into %1: it is not a stream").arg(stream), static_cast<int>(engine::ErrorCode::NotImplemented));
    if ((format == IngestFormat::Raw || format == IngestFormat::Lines) && !info->column("raw"))
        return Failure::badRequest(QStringLiteral("The raw and lines formats need a string column `raw` in stream %1").arg(stream),
                                   static_cast<int>(engine::ErrorCode::NoSuchColumnInTable));
    engine::Block block;
    try {
        std::string_view text(body.constData(), static_cast<size_t>(body.size()));
        auto schema = writableColumns(*info, text, format == IngestFormat::Streaming);
        switch (format) {
        case IngestFormat::Compact: block = engine::parseJSONCompactColumns(text, schema); break;
        case IngestFormat::Streaming: block = engine::parseJSONEachRow(text, schema); break;
        case IngestFormat::Raw: block = rawBlock(body, false); break;
        case IngestFormat::Lines: block = rawBlock(body, true); break;
        }
    } catch (const engine::EngineError &e) {
        return Failure::fromStatus(e.status());
    }
    IngestResult result;
    result.rows = static_cast<qint64>(block.rows());
    result.firstSn = info->log->nextSn();
    if (block.rows() == 0)
        return result;
    auto session = m_engine.createSession();
    session->setCurrentDatabase(database.toStdString());
    auto status = engine::appendRows(*session, *info, block);
    if (!status) // not status.ok(): that is the static Status::ok(), always true
        return Failure::fromStatus(status);
    return result;
}

} // namespace tideline::workspace
