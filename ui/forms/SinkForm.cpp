#include "ui/forms/SinkForm.h"
#include <QComboBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include "models/FormValidation.h"

namespace tideline::ui::forms {

using models::FormValidation;

namespace {

// Properties that have their own field; every other property goes through "Other properties".
const QStringList kOwnProperties = {QStringLiteral("url"), QStringLiteral("http_method"), QStringLiteral("content_type"),
                                    QStringLiteral("payload_field"), QStringLiteral("template"), QStringLiteral("http_header"),
                                    QStringLiteral("retries")};

QString compactJson(const QJsonObject &o)
{
    return o.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

SinkForm::SinkForm(client::WorkspaceClient *client, const QJsonObject &sink, QWidget *parent)
    : ResourceForm(client, client::Resource::Sink, sink.value(QStringLiteral("id")).toString(), parent), m_original(sink)
{
    setObjectName(QStringLiteral("sinkForm"));
    setWindowTitle(isNew() ? tr("New sink") : tr("Sink %1").arg(sink.value(QStringLiteral("name")).toString()));
    QWidget *body = form()->parentWidget();
    const QJsonObject props = sink.value(QStringLiteral("properties")).toObject();
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "sinkNameEdit", sink.value(QStringLiteral("name")).toString(),
                          QStringLiteral("hot_devices_to_http"));
    m_description = addLineField(tr("Description"), QStringLiteral("description"), "sinkDescriptionEdit",
                                 sink.value(QStringLiteral("description")).toString(), tr("optional"));
    m_type = new QComboBox(body);
    m_type->setObjectName(QStringLiteral("sinkTypeCombo"));
    m_type->addItems({QStringLiteral("http"), QStringLiteral("slack"), QStringLiteral("redpanda_connect")});
    if (const QString type = sink.value(QStringLiteral("type")).toString(); !type.isEmpty()) {
        if (m_type->findText(type) < 0)
            m_type->addItem(type);
        m_type->setCurrentText(type);
    }
    addField(tr("Type"), QStringLiteral("type"), m_type);
    m_query = addCodeField(tr("Query"), QStringLiteral("query"), "sinkQueryEdit", sink.value(QStringLiteral("query")).toString(),
                           QStringLiteral("SELECT * FROM devices WHERE temp > 40"), 4);
    addSection(tr("Properties"));
    m_url = addLineField(tr("URL"), QStringLiteral("url"), "sinkUrlEdit", props.value(QStringLiteral("url")).toString(),
                         QStringLiteral("https://hooks.example.com/ingest"));
    m_method = new QComboBox(body);
    m_method->setObjectName(QStringLiteral("sinkMethodCombo"));
    m_method->addItems({QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH")});
    m_method->setCurrentText(props.value(QStringLiteral("http_method")).toString(QStringLiteral("POST")));
    addField(tr("HTTP method"), QStringLiteral("http_method"), m_method);
    m_contentType = addLineField(tr("Content type"), QStringLiteral("content_type"), "sinkContentTypeEdit",
                                 props.value(QStringLiteral("content_type")).toString(), QStringLiteral("application/json"));
    m_template = addLineField(tr("Payload template"), QStringLiteral("template"), "sinkTemplateEdit",
                              props.value(QStringLiteral("payload_field")).toString(props.value(QStringLiteral("template")).toString()),
                              tr("empty: each row as JSON; or a template like {{ .device }} is at {{ .temp }}"));
    m_headers = addCodeField(tr("Headers"), QStringLiteral("http_header"), "sinkHeadersEdit",
                             compactJson(props.value(QStringLiteral("http_header")).toObject()), QStringLiteral(R"({"Authorization": "Bearer …"})"), 2);
    m_retries = new QSpinBox(body);
    m_retries->setObjectName(QStringLiteral("sinkRetriesSpin"));
    m_retries->setRange(0, 100);
    m_retries->setValue(props.value(QStringLiteral("retries")).toInt());
    addField(tr("Retries"), QStringLiteral("retries"), m_retries);
    QJsonObject extra = props;
    for (const QString &k : kOwnProperties)
        extra.remove(k);
    m_extra = addCodeField(tr("Other properties"), QStringLiteral("properties"), "sinkExtraEdit", compactJson(extra),
                           QStringLiteral(R"({"timeout": "10s"})"), 3);
    connect(m_type, &QComboBox::currentTextChanged, this, &SinkForm::typeChanged);
    typeChanged();
    resize(680, 640);
}

void SinkForm::setQuery(const QString &sql)
{
    m_query->setPlainText(sql);
}

void SinkForm::typeChanged()
{
    const bool http = m_type->currentText() == QLatin1String("http");
    for (QWidget *w : std::initializer_list<QWidget *>{m_method, m_contentType, m_headers, m_retries})
        w->setEnabled(http);
    m_url->setEnabled(m_type->currentText() != QLatin1String("redpanda_connect"));
}

QJsonObject SinkForm::requestBody() const
{
    QJsonObject props = QJsonDocument::fromJson(m_extra->toPlainText().toUtf8()).object();
    const QString type = m_type->currentText();
    if (m_url->isEnabled() && !m_url->text().trimmed().isEmpty())
        props.insert(QStringLiteral("url"), m_url->text().trimmed());
    if (!m_template->text().isEmpty())
        props.insert(type == QLatin1String("http") ? QStringLiteral("payload_field") : QStringLiteral("template"), m_template->text());
    if (type == QLatin1String("http")) {
        props.insert(QStringLiteral("http_method"), m_method->currentText());
        if (!m_contentType->text().trimmed().isEmpty())
            props.insert(QStringLiteral("content_type"), m_contentType->text().trimmed());
        if (const QJsonObject headers = QJsonDocument::fromJson(m_headers->toPlainText().toUtf8()).object(); !headers.isEmpty())
            props.insert(QStringLiteral("http_header"), headers);
        if (m_retries->value() > 0)
            props.insert(QStringLiteral("retries"), m_retries->value());
    }
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("type"), type},
                     {QStringLiteral("query"), m_query->toPlainText().trimmed()}, {QStringLiteral("properties"), props}};
    if (!m_description->text().trimmed().isEmpty())
        body.insert(QStringLiteral("description"), m_description->text().trimmed());
    return body;
}

QHash<QString, QString> SinkForm::validate() const
{
    QHash<QString, QString> errors;
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), tr("sink")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    static const QRegularExpression select(QStringLiteral("^\\(*\\s*(SELECT|WITH)\\b"), QRegularExpression::CaseInsensitiveOption);
    if (m_query->toPlainText().trimmed().isEmpty())
        errors.insert(QStringLiteral("query"), tr("The query is required: its rows are what the sink sends."));
    else if (!select.match(m_query->toPlainText().trimmed()).hasMatch())
        errors.insert(QStringLiteral("query"), tr("The query must be a SELECT."));
    if (m_url->isEnabled())
        if (QString e = FormValidation::urlError(m_url->text()); !e.isEmpty())
            errors.insert(QStringLiteral("url"), e);
    if (m_headers->isEnabled())
        if (QString e = FormValidation::jsonObjectError(m_headers->toPlainText()); !e.isEmpty())
            errors.insert(QStringLiteral("http_header"), e);
    if (QString e = FormValidation::jsonObjectError(m_extra->toPlainText()); !e.isEmpty())
        errors.insert(QStringLiteral("properties"), e);
    return errors;
}

QString SinkForm::fieldForServerError(const QString &message) const
{
    if (message.startsWith(QLatin1String("type")))
        return QStringLiteral("type");
    if (message.startsWith(QLatin1String("query")) || message.contains(QLatin1String("yntax")) || message.contains(QLatin1String("Unknown")))
        return QStringLiteral("query");
    return ResourceForm::fieldForServerError(message);
}

} // namespace tideline::ui::forms
