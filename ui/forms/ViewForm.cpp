#include "ui/forms/ViewForm.h"
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include "models/FormValidation.h"

namespace tideline::ui::forms {

using models::FormValidation;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QSpinBox *retentionSpin(QWidget *parent, const char *name, const QString &special, const QString &suffix, qint64 value, qint64 unit, bool has)
{
    auto *s = new QSpinBox(parent);
    s->setObjectName(QLatin1String(name));
    s->setRange(-1, 100000000);
    s->setSpecialValueText(special);
    s->setSuffix(suffix);
    s->setGroupSeparatorShown(true);
    s->setToolTip(QObject::tr("0 = unlimited"));
    s->setValue(!has ? -1 : value <= 0 ? 0 : int(std::min<qint64>(value / unit, s->maximum())));
    return s;
}

} // namespace

ViewForm::ViewForm(client::WorkspaceClient *client, bool materialized, const QJsonObject &view, const QStringList &streams, QWidget *parent)
    : ResourceForm(client, materialized ? client::Resource::MaterializedView : client::Resource::View,
                   view.value(QStringLiteral("name")).toString(), parent),
      m_materialized(materialized)
{
    setObjectName(QStringLiteral("viewForm"));
    const QString kind = materialized ? tr("materialized view") : tr("view");
    setWindowTitle(isNew() ? tr("New %1").arg(kind) : tr("%1 %2").arg(materialized ? tr("Materialized view") : tr("View"), key()));
    QWidget *body = form()->parentWidget();
    m_name = new QLineEdit(key(), body);
    m_name->setObjectName(QStringLiteral("viewNameEdit"));
    m_name->setPlaceholderText(materialized ? QStringLiteral("hot_devices") : QStringLiteral("recent_devices"));
    m_name->setEnabled(isNew());
    m_description = new QLineEdit(view.value(QStringLiteral("description")).toString(), body);
    m_description->setObjectName(QStringLiteral("viewDescriptionEdit"));
    m_description->setPlaceholderText(tr("optional"));
    m_query = new QPlainTextEdit(view.value(QStringLiteral("query")).toString(), body);
    m_query->setObjectName(QStringLiteral("viewQueryEdit"));
    m_query->setFont(QFont(QStringLiteral("monospace")));
    m_query->setPlaceholderText(QStringLiteral("SELECT device, avg(temp) FROM tumble(devices, 5s) GROUP BY device, window_start"));
    m_query->setMinimumHeight(120);
    m_query->setReadOnly(!isNew());
    addField(tr("Name"), QStringLiteral("name"), m_name);
    addField(tr("Description"), QStringLiteral("description"), m_description);
    addField(tr("Query"), QStringLiteral("query"), m_query);
    if (materialized) {
        addSection(tr("Where it writes"));
        m_target = new QComboBox(body);
        m_target->setObjectName(QStringLiteral("viewTargetCombo"));
        m_target->setEditable(true);
        m_target->addItem(QString());
        m_target->addItems(streams);
        m_target->setCurrentText(view.value(QStringLiteral("target_stream")).toString());
        m_target->lineEdit()->setPlaceholderText(tr("empty: an inner stream of its own"));
        m_target->setEnabled(isNew());
        m_target->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed); // the placeholder must not be cut off
        m_ttl = new QLineEdit(view.value(QStringLiteral("ttl_expression")).toString(), body);
        m_ttl->setObjectName(QStringLiteral("viewTtlEdit"));
        m_ttl->setPlaceholderText(QStringLiteral("to_datetime(_tp_time) + INTERVAL 28 DAY"));
        m_retentionMiB = retentionSpin(body, "viewRetentionSizeSpin", tr("server default (10 GiB)"), tr(" MiB"),
                                       view.value(QStringLiteral("logstore_retention_bytes")).toInteger(), kMiB,
                                       view.contains(QStringLiteral("logstore_retention_bytes")));
        m_retentionHours = retentionSpin(body, "viewRetentionTimeSpin", tr("server default (7 days)"), tr(" hours"),
                                         view.value(QStringLiteral("logstore_retention_ms")).toInteger(), 3600000,
                                         view.contains(QStringLiteral("logstore_retention_ms")));
        addField(tr("Target stream"), QStringLiteral("target_stream"), m_target);
        addField(tr("TTL"), QStringLiteral("ttl_expression"), m_ttl);
        addField(tr("Retention (size)"), QStringLiteral("logstore_retention_bytes"), m_retentionMiB);
        addField(tr("Retention (time)"), QStringLiteral("logstore_retention_ms"), m_retentionHours);
    }
    resize(680, materialized ? 560 : 420);
}

void ViewForm::setQuery(const QString &sql)
{
    m_query->setPlainText(sql);
}

QJsonObject ViewForm::requestBody() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("query"), m_query->toPlainText().trimmed()}};
    if (!m_description->text().trimmed().isEmpty())
        body.insert(QStringLiteral("description"), m_description->text().trimmed());
    if (!m_materialized) {
        body.insert(QStringLiteral("materialized"), false);
        return body;
    }
    if (!m_target->currentText().trimmed().isEmpty())
        body.insert(QStringLiteral("target_stream"), m_target->currentText().trimmed());
    QJsonObject storage = updateBody(); // TTL and retention, shared with an edit
    storage.remove(QStringLiteral("description"));
    for (auto it = storage.begin(); it != storage.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QJsonObject ViewForm::updateBody() const
{
    QJsonObject body{{QStringLiteral("description"), m_description->text().trimmed()}};
    if (!m_materialized)
        return body;
    if (!m_ttl->text().trimmed().isEmpty())
        body.insert(QStringLiteral("ttl_expression"), m_ttl->text().trimmed());
    if (m_retentionMiB->value() >= 0)
        body.insert(QStringLiteral("logstore_retention_bytes"), m_retentionMiB->value() == 0 ? qint64(-1) : qint64(m_retentionMiB->value()) * kMiB);
    if (m_retentionHours->value() >= 0)
        body.insert(QStringLiteral("logstore_retention_ms"), m_retentionHours->value() == 0 ? qint64(-1) : qint64(m_retentionHours->value()) * 3600000);
    return body;
}

QHash<QString, QString> ViewForm::validate() const
{
    QHash<QString, QString> errors;
    if (!isNew())
        return errors;
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), m_materialized ? tr("materialized view") : tr("view")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    const QString query = m_query->toPlainText().trimmed();
    static const QRegularExpression select(QStringLiteral("^\\(*\\s*(SELECT|WITH)\\b"), QRegularExpression::CaseInsensitiveOption);
    if (query.isEmpty())
        errors.insert(QStringLiteral("query"), tr("The query is required: the SELECT the view runs."));
    else if (!select.match(query).hasMatch())
        errors.insert(QStringLiteral("query"), tr("The query must be a SELECT (or WITH … SELECT)."));
    if (m_materialized) {
        const QString target = m_target->currentText().trimmed();
        if (!target.isEmpty())
            if (QString e = FormValidation::nameError(target, tr("target stream")); !e.isEmpty())
                errors.insert(QStringLiteral("target_stream"), e);
        if (!target.isEmpty() && target == m_name->text().trimmed())
            errors.insert(QStringLiteral("target_stream"), tr("A materialized view cannot write into itself."));
    }
    return errors;
}

QString ViewForm::fieldForServerError(const QString &message) const
{
    if (message.contains(QLatin1String("yntax")) || message.contains(QLatin1String("Unknown")) || message.contains(QLatin1String("unknown"))
        || message.contains(QLatin1String("identifier")) || message.contains(QLatin1String("query")))
        return QStringLiteral("query");
    if (m_materialized && !m_target->currentText().trimmed().isEmpty() && message.contains(m_target->currentText().trimmed()))
        return QStringLiteral("target_stream");
    return ResourceForm::fieldForServerError(message);
}

} // namespace tideline::ui::forms
