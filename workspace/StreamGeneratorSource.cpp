#include "workspace/StreamGeneratorSource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include "engine/common/Clock.h"
#include "engine/exec/Session.h"
#include "engine/exec/StreamInfo.h"
#include "engine/sql/Parser.h"
#include "workspace/BlockJsonEncoder.h"
#include "workspace/SourceProperties.h"
#include "workspace/Workspace.h"

namespace tideline::workspace {

namespace {

constexpr qint64 kMaxBatch = 10000; // a clock jump is caught up in batches of this size
constexpr int kTickMs = 50;         // how often the generator looks at the clock

struct Field {
    QString name, type, expr;
};

// The ready field sets of Timeplus' stream generator templates.
std::vector<Field> templateFields(const QString &name)
{
    if (name == QLatin1String("iot"))
        return {{"device", "string", "'device_' || to_string(rand() % 10)"},
                {"temperature", "float64", "(rand() % 1000) / 10"},
                {"humidity", "float64", "(rand() % 100)"},
                {"timestamp", "datetime64(3)", "now64(3)"}};
    if (name == QLatin1String("user_logins"))
        return {{"username", "string", "'user_' || to_string(rand() % 100)"},
                {"ip", "string", "'10.0.' || to_string(rand() % 256) || '.' || to_string(rand() % 256)"},
                {"success", "bool", "rand() % 10 > 0"},
                {"login_time", "datetime64(3)", "now64(3)"}};
    if (name == QLatin1String("devops"))
        return {{"hostname", "string", "'host_' || to_string(rand() % 20)"},
                {"region", "string", "'region_' || to_string(rand() % 4)"},
                {"cpu", "float64", "(rand() % 10000) / 100"},
                {"memory", "float64", "(rand() % 10000) / 100"},
                {"timestamp", "datetime64(3)", "now64(3)"}};
    return {};
}

// A field without `default` gets random values of its type, as a random stream column does.
QString randomOf(const QString &type)
{
    QString t = type.toLower();
    if (t == QLatin1String("string"))
        return QStringLiteral("random_printable_ascii(rand() % 16)");
    if (t == QLatin1String("bool"))
        return QStringLiteral("rand() % 2 = 1");
    return QStringLiteral("random_in_type('%1')").arg(type);
}

bool validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

std::vector<Field> streamFields(Workspace &ws, const QString &stream)
{
    std::vector<Field> out;
    auto info = ws.engine().find("default", stream.toStdString());
    if (!info)
        return out;
    for (const auto &c : info->columns)
        if (!c.aliasExpr && !c.defaultExpr && c.name.rfind("_tp_", 0) != 0)
            out.push_back({QString::fromStdString(c.name), QString::fromStdString(c.type->name()), QString()});
    return out;
}

std::vector<Field> readFields(SourceProperties &props, Workspace &ws, const QString &stream)
{
    QJsonValue given = props.value(QStringLiteral("fields"));
    if (given.isArray()) {
        std::vector<Field> out;
        for (const auto &v : given.toArray()) {
            QJsonObject f = v.toObject();
            Field field{f.value(QStringLiteral("name")).toString(), f.value(QStringLiteral("type")).toString(),
                        f.value(QStringLiteral("default")).toString(f.value(QStringLiteral("generator")).toString())};
            if (!validName(field.name))
                props.fail(QStringLiteral("properties.fields: '%1' is not a column name").arg(field.name));
            else if (field.type.isEmpty() && field.expr.isEmpty())
                props.fail(QStringLiteral("properties.fields: '%1' needs a type or a default").arg(field.name));
            else if (!field.expr.isEmpty() && !engine::sql::parseExpression(field.expr.toStdString()))
                props.fail(QStringLiteral("properties.fields: the default of '%1' is not one SQL expression").arg(field.name)); // nothing else rides along
            else if (field.type.contains(QLatin1Char('\'')) || field.type.contains(QLatin1Char(';')))
                props.fail(QStringLiteral("properties.fields: '%1' is not a type").arg(field.type));
            out.push_back(field);
        }
        return out;
    }
    QString tmpl = props.string(QStringLiteral("template"));
    if (!tmpl.isEmpty()) {
        auto out = templateFields(tmpl);
        if (out.empty())
            props.fail(QStringLiteral("properties.template: '%1' is not one of iot, user_logins, devops").arg(tmpl));
        return out;
    }
    return streamFields(ws, stream);
}

} // namespace

StreamGeneratorSource::StreamGeneratorSource(const SourceContext &context, QString select, QStringList names, double eps)
    : m_workspace(*context.workspace), m_clock(*context.clock), m_select(std::move(select)), m_names(std::move(names)), m_eps(eps),
      m_startNanos(context.clock->nowNanos())
{
}

Outcome<std::unique_ptr<Source>> StreamGeneratorSource::create(const SourceContext &context)
{
    SourceProperties props(context.properties);
    auto fields = readFields(props, *context.workspace, context.stream);
    double eps = props.number(QStringLiteral("eps"), 0);
    qint64 intervalMs = props.durationMs(QStringLiteral("interval"), 200);
    if (eps <= 0)
        eps = intervalMs > 0 ? 1000.0 / static_cast<double>(intervalMs) : 5;
    if (fields.empty())
        props.fail(QStringLiteral("properties.fields: the generator has no fields"));
    if (auto bad = props.failure())
        return *bad;
    QStringList exprs, names;
    for (const Field &f : fields) {
        QString expr = f.expr.isEmpty() ? randomOf(f.type) : QStringLiteral("(%1)").arg(f.expr);
        if (!f.type.isEmpty() && !f.expr.isEmpty())
            expr = QStringLiteral("cast(%1, '%2')").arg(expr, f.type);
        exprs << QStringLiteral("%1 AS `%2`").arg(expr, f.name);
        names << f.name;
    }
    QString select = QStringLiteral("SELECT %1 FROM numbers(%2)").arg(exprs.join(QStringLiteral(", ")), QStringLiteral("%1"));
    std::unique_ptr<StreamGeneratorSource> source(new StreamGeneratorSource(context, select, names, eps));
    return std::unique_ptr<Source>(std::move(source));
}

Outcome<std::vector<QByteArray>> StreamGeneratorSource::generate(qint64 count)
{
    auto session = m_workspace.engine().createSession();
    auto cursor = session->execute(m_select.arg(count).toStdString());
    if (!cursor)
        return Failure::badRequest(QStringLiteral("properties.fields: ") + QString::fromStdString(cursor.status().message()),
                                   static_cast<int>(cursor.status().code()));
    std::vector<QByteArray> out;
    BlockJsonEncoder encoder;
    engine::Block block;
    while (true) {
        auto more = (*cursor)->next(block);
        if (!more)
            return Failure::badRequest(QString::fromStdString(more.status().message()), static_cast<int>(more.status().code()));
        if (!*more)
            break;
        std::string json;
        encoder.encodeRows(block, 0, block.rows(), json);
        // QJsonValue keeps int64 exact; each row becomes one JSON object keyed by field name.
        const QJsonArray rows = QJsonDocument::fromJson(QByteArray::fromStdString(json)).array();
        for (const auto &row : rows) {
            QJsonObject object;
            const QJsonArray cells = row.toArray();
            for (qsizetype c = 0; c < cells.size() && c < m_names.size(); ++c)
                object.insert(m_names[c], cells[c]);
            out.push_back(QJsonDocument(object).toJson(QJsonDocument::Compact));
        }
    }
    return out;
}

void StreamGeneratorSource::run(SourceOutput &out)
{
    qint64 produced = 0;
    while (true) {
        double elapsed = static_cast<double>(m_clock.nowNanos() - m_startNanos) / 1e9;
        qint64 due = static_cast<qint64>(std::floor(std::max(0.0, elapsed) * m_eps + 1e-9)) - produced;
        if (due > 0) {
            qint64 n = std::min(due, kMaxBatch);
            auto rows = generate(n);
            if (!rows)
                out.error(rows.failure().message);
            else if (out.deliver(*rows))
                produced += n;
            if (rows && n < due) { // more to catch up, unless stopping
                if (!waitTick(0))
                    return;
                continue;
            }
        }
        if (!waitTick(kTickMs))
            return;
    }
}

bool StreamGeneratorSource::waitTick(int ms)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
    return !m_stopping;
}

void StreamGeneratorSource::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_wake.notify_all();
}

std::optional<Failure> StreamGeneratorSource::probe(int)
{
    auto one = generate(1);
    return one ? std::nullopt : std::optional<Failure>(one.failure());
}

} // namespace tideline::workspace
