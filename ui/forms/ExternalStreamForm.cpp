#include "ui/forms/ExternalStreamForm.h"
#include <algorithm>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>
#include "models/FormValidation.h"
#include "models/SourcePreviewModel.h"
#include "ui/forms/UdfForm.h"

namespace tideline::ui::forms {

using client::Resource;
using models::FormValidation;

namespace {

QHash<QString, QString> settingsOf(const QJsonObject &stream)
{
    QHash<QString, QString> out;
    for (const QJsonValue &s : stream.value(QStringLiteral("settings")).toArray())
        out.insert(s[QStringLiteral("key")].toString(), s[QStringLiteral("value")].toString());
    return out;
}

QComboBox *comboOf(QWidget *parent, const char *name, const QStringList &items, const QString &current)
{
    auto *c = new QComboBox(parent);
    c->setObjectName(QLatin1String(name));
    c->addItems(items);
    if (!current.isEmpty()) {
        if (c->findText(current) < 0)
            c->addItem(current);
        c->setCurrentText(current);
    }
    return c;
}

} // namespace

ExternalStreamForm::ExternalStreamForm(client::WorkspaceClient *client, const QJsonObject &stream, QWidget *parent)
    : ResourceForm(client, Resource::ExternalStream, stream.value(QStringLiteral("name")).toString(), parent),
      m_preview(new models::SourcePreviewModel(this))
{
    setObjectName(QStringLiteral("externalStreamForm"));
    setWindowTitle(isNew() ? tr("New external stream") : tr("External stream %1").arg(key()));
    QWidget *body = form()->parentWidget();
    const QHash<QString, QString> s = settingsOf(stream);
    QStringList columns;
    for (const QJsonValue &c : stream.value(QStringLiteral("columns")).toArray())
        columns << c[QStringLiteral("name")].toString() + QLatin1Char(' ') + c[QStringLiteral("type")].toString();
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "extNameEdit", key(), QStringLiteral("kafka_devices"));
    m_description = addLineField(tr("Description"), QStringLiteral("description"), "extDescriptionEdit",
                                 stream.value(QStringLiteral("description")).toString(), tr("optional"));
    addSection(tr("Kafka"));
    m_brokers = addLineField(tr("Brokers"), QStringLiteral("brokers"), "extBrokersEdit", s.value(QStringLiteral("brokers")),
                             QStringLiteral("localhost:9092"));
    m_topic = addLineField(tr("Topic"), QStringLiteral("topic"), "extTopicEdit", s.value(QStringLiteral("topic")), QStringLiteral("devices"));
    m_format = comboOf(body, "extFormatCombo", dataFormats(), s.value(QStringLiteral("data_format")));
    addField(tr("Data format"), QStringLiteral("data_format"), m_format);
    const QString formatSchema = s.value(QStringLiteral("format_schema"));
    m_schema = comboOf(body, "extSchemaCombo", {}, formatSchema.section(QLatin1Char(':'), 0, 0));
    m_schema->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_schema->setPlaceholderText(tr("a format schema (Workspace ▸ New format schema)"));
    addField(tr("Format schema"), QStringLiteral("format_schema"), m_schema);
    m_message = addLineField(tr("Message"), QStringLiteral("format_message"), "extMessageEdit", formatSchema.section(QLatin1Char(':'), 1),
                             tr("the message type in the schema, e.g. Reading"));
    m_columns = addLineField(tr("Columns"), QStringLiteral("columns"), "extColumnsEdit", columns.join(QStringLiteral(", ")),
                             tr("device string, temperature float64 (none: one raw string column)"));
    addSection(tr("Security"));
    m_protocol = comboOf(body, "extProtocolCombo", {QStringLiteral("PLAINTEXT"), QStringLiteral("SASL_PLAINTEXT"), QStringLiteral("SASL_SSL"), QStringLiteral("SSL")},
                         s.value(QStringLiteral("security_protocol")));
    addField(tr("Protocol"), QStringLiteral("security_protocol"), m_protocol);
    m_mechanism = comboOf(body, "extMechanismCombo", {QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512")},
                          s.value(QStringLiteral("sasl_mechanism")));
    addField(tr("SASL mechanism"), QStringLiteral("sasl_mechanism"), m_mechanism);
    m_user = addLineField(tr("User name"), QStringLiteral("username"), "extUserEdit", s.value(QStringLiteral("username")));
    m_password = addLineField(tr("Password"), QStringLiteral("password"), "extPasswordEdit", s.value(QStringLiteral("password")));
    m_password->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    addSection(tr("Preview"));
    form()->addRow(createPreview());
    connect(m_format, &QComboBox::currentTextChanged, this, &ExternalStreamForm::formatChanged);
    connect(m_protocol, &QComboBox::currentTextChanged, this, &ExternalStreamForm::formatChanged);
    if (!isNew()) { // the API cannot change an external stream
        for (QWidget *w : form()->parentWidget()->findChildren<QWidget *>())
            if (qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w))
                w->setEnabled(false);
        saveButton()->setEnabled(false);
        saveButton()->setToolTip(tr("External streams cannot be changed: drop it and create it again"));
    }
    formatChanged();
    loadSchemas(formatSchema.section(QLatin1Char(':'), 0, 0));
    resize(760, 820);
}

QJsonArray ExternalStreamForm::previewColumns(const QJsonArray &declared, const QJsonArray &events)
{
    static const QList<QPair<QString, QString>> virtualColumns{{QStringLiteral("_tp_message_key"), QStringLiteral("string")},
                                                               {QStringLiteral("_tp_shard"), QStringLiteral("int32")},
                                                               {QStringLiteral("_tp_sn"), QStringLiteral("int64")},
                                                               {QStringLiteral("_tp_time"), QStringLiteral("datetime64(3, 'UTC')")}};
    QJsonArray out;
    QSet<QString> named;
    auto add = [&](const QString &name, const QString &type) {
        if (named.contains(name))
            return;
        named.insert(name);
        out.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}});
    };
    for (const QJsonValue &c : declared)
        add(c[QStringLiteral("name")].toString(), c[QStringLiteral("type")].toString());
    QSet<QString> keys;
    for (const QJsonValue &e : events)
        for (const QString &key : e.toObject().keys())
            keys.insert(key);
    QStringList others; // not declared, not virtual: e.g. `raw` of a message that is not in the format
    for (const QString &key : std::as_const(keys))
        if (!named.contains(key) && std::none_of(virtualColumns.begin(), virtualColumns.end(), [&](const auto &v) { return v.first == key; }))
            others << key;
    others.sort();
    for (const QString &key : std::as_const(others))
        add(key, QStringLiteral("string"));
    for (const auto &[name, type] : virtualColumns)
        if (keys.contains(name))
            add(name, type);
    return out;
}

QStringList ExternalStreamForm::dataFormats()
{
    return {QStringLiteral("JSONEachRow"), QStringLiteral("CSV"), QStringLiteral("TSV"), QStringLiteral("RawBLOB"), QStringLiteral("ProtobufSingle")};
}

QWidget *ExternalStreamForm::createPreview()
{
    auto *box = new QWidget(form()->parentWidget());
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_previewButton = new QPushButton(tr("Preview"), box);
    m_previewButton->setObjectName(QStringLiteral("extPreviewButton"));
    m_previewButton->setToolTip(tr("Read a few messages from the earliest offset; nothing is created"));
    row->addWidget(m_previewButton);
    m_previewStatus = new QLabel(tr("Preview reads a few messages of the topic with these settings."), box);
    m_previewStatus->setObjectName(QStringLiteral("extPreviewStatus"));
    m_previewStatus->setWordWrap(true);
    m_previewStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_previewStatus, 1);
    v->addLayout(row);
    m_previewTable = new QTableView(box);
    m_previewTable->setObjectName(QStringLiteral("extPreviewTable"));
    m_previewTable->setModel(m_preview);
    m_previewTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewTable->horizontalHeader()->setMinimumSectionSize(60);
    m_previewTable->horizontalHeader()->setStretchLastSection(true);
    m_previewTable->verticalHeader()->setDefaultSectionSize(m_previewTable->fontMetrics().height() + 8);
    // Room for the ten messages a preview asks for, without a scroll bar.
    m_previewTable->setMinimumHeight(m_previewTable->verticalHeader()->defaultSectionSize() * 10 + 2 * m_previewTable->fontMetrics().height() + 16);
    m_previewTable->setAlternatingRowColors(true);
    v->addWidget(m_previewTable);
    connect(m_previewButton, &QPushButton::clicked, this, &ExternalStreamForm::preview);
    return box;
}

void ExternalStreamForm::loadSchemas(const QString &current)
{
    QPointer<ExternalStreamForm> self(this);
    client()->list(Resource::Schema, [self, current](const client::Reply &reply) {
        if (!self)
            return;
        QStringList names;
        for (const QJsonValue &s : reply.value.toArray())
            names << s[QStringLiteral("name")].toString();
        self->m_schema->clear();
        self->m_schema->addItems(names);
        if (!current.isEmpty()) {
            if (!names.contains(current))
                self->m_schema->addItem(current);
            self->m_schema->setCurrentText(current);
        } else {
            self->m_schema->setCurrentIndex(-1);
        }
        Q_EMIT self->schemasLoaded();
    });
}

QStringList ExternalStreamForm::schemaNames() const
{
    QStringList out;
    for (int i = 0; i < m_schema->count(); ++i)
        out << m_schema->itemText(i);
    return out;
}

void ExternalStreamForm::formatChanged()
{
    const bool protobuf = m_format->currentText() == QLatin1String("ProtobufSingle");
    setFieldVisible(QStringLiteral("format_schema"), protobuf);
    setFieldVisible(QStringLiteral("format_message"), protobuf);
    const bool sasl = m_protocol->currentText().startsWith(QLatin1String("SASL"));
    setFieldVisible(QStringLiteral("sasl_mechanism"), sasl);
    setFieldVisible(QStringLiteral("username"), sasl);
    setFieldVisible(QStringLiteral("password"), sasl);
}

QJsonArray ExternalStreamForm::settings() const
{
    QJsonArray out;
    auto add = [&out](const char *key, const QString &value) {
        if (!value.isEmpty())
            out.append(QJsonObject{{QStringLiteral("key"), QLatin1String(key)}, {QStringLiteral("value"), value}});
    };
    add("type", QStringLiteral("kafka"));
    add("brokers", m_brokers->text().trimmed());
    add("topic", m_topic->text().trimmed());
    add("data_format", m_format->currentText());
    if (isFieldVisible(QStringLiteral("format_schema")))
        add("format_schema", m_schema->currentText() + QLatin1Char(':') + m_message->text().trimmed());
    if (m_protocol->currentText() != QLatin1String("PLAINTEXT"))
        add("security_protocol", m_protocol->currentText());
    if (isFieldVisible(QStringLiteral("sasl_mechanism"))) {
        add("sasl_mechanism", m_mechanism->currentText());
        add("username", m_user->text().trimmed());
        add("password", m_password->text());
    }
    return out;
}

QJsonObject ExternalStreamForm::requestBody() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("settings"), settings()}};
    if (const QJsonArray columns = UdfForm::parseArguments(m_columns->text()); !columns.isEmpty())
        body.insert(QStringLiteral("columns"), columns);
    if (!m_description->text().trimmed().isEmpty())
        body.insert(QStringLiteral("description"), m_description->text().trimmed());
    return body;
}

QHash<QString, QString> ExternalStreamForm::validate() const
{
    QHash<QString, QString> errors;
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), tr("external stream")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    if (QString e = FormValidation::hostPortsError(m_brokers->text()); !e.isEmpty())
        errors.insert(QStringLiteral("brokers"), e);
    if (m_topic->text().trimmed().isEmpty())
        errors.insert(QStringLiteral("topic"), tr("A topic is needed."));
    if (isFieldVisible(QStringLiteral("format_schema"))) {
        if (m_schema->currentText().isEmpty())
            errors.insert(QStringLiteral("format_schema"), m_schema->count() ? tr("Pick the schema of the messages.")
                                                                              : tr("There is no format schema yet: create one first."));
        if (m_message->text().trimmed().isEmpty())
            errors.insert(QStringLiteral("format_message"), tr("Name the message type, e.g. Reading."));
    }
    QString columnError;
    UdfForm::parseArguments(m_columns->text(), &columnError);
    if (!columnError.isEmpty())
        errors.insert(QStringLiteral("columns"), columnError);
    if (isFieldVisible(QStringLiteral("username")) && m_user->text().trimmed().isEmpty())
        errors.insert(QStringLiteral("username"), tr("SASL needs a user name."));
    return errors;
}

QString ExternalStreamForm::fieldForServerError(const QString &message) const
{
    for (const char *field : {"brokers", "topic", "data_format", "format_schema", "security_protocol", "sasl_mechanism"})
        if (message.contains(QLatin1String(field)) && isFieldVisible(QLatin1String(field)))
            return QLatin1String(field);
    return ResourceForm::fieldForServerError(message);
}

QString ExternalStreamForm::previewStatus() const
{
    return m_previewStatus->text();
}

void ExternalStreamForm::preview()
{
    clearErrors();
    QHash<QString, QString> errors = validate();
    errors.remove(QStringLiteral("name")); // a preview needs only the settings
    if (!errors.isEmpty()) {
        for (auto it = errors.begin(); it != errors.end(); ++it)
            setFieldError(it.key(), it.value());
        m_previewStatus->setText(tr("Fix the settings marked in red first."));
        styleErrorLabel(m_previewStatus);
        return;
    }
    const quint64 request = ++m_previewRequest;
    m_previewButton->setEnabled(false);
    m_previewStatus->setPalette(palette());
    m_previewStatus->setText(tr("Reading messages…"));
    const QJsonObject body{{QStringLiteral("settings"), settings()}, {QStringLiteral("count"), 10},
                           {QStringLiteral("offset"), QStringLiteral("earliest")}, {QStringLiteral("timeout"), 10}};
    QPointer<ExternalStreamForm> self(this);
    client()->preview(Resource::ExternalStream, body, [self, request](const client::Reply &reply) {
        if (!self || request != self->m_previewRequest)
            return;
        self->m_previewButton->setEnabled(true);
        if (!reply.ok) {
            self->m_preview->clear();
            self->m_previewStatus->setText(reply.error.code ? tr("Preview failed (code %1): %2").arg(reply.error.code).arg(reply.error.message)
                                                            : tr("Preview failed: %1").arg(reply.error.message));
            styleErrorLabel(self->m_previewStatus);
            Q_EMIT self->previewFinished(false);
            return;
        }
        const QJsonArray events = reply.value.toArray();
        self->m_preview->set(events, previewColumns(UdfForm::parseArguments(self->m_columns->text()), events));
        self->m_previewTable->resizeColumnsToContents();
        self->m_previewStatus->setText(events.isEmpty() ? tr("The topic has no messages yet.") : tr("%n message(s).", nullptr, int(events.size())));
        Q_EMIT self->previewFinished(true);
    });
}

} // namespace tideline::ui::forms
