#include "ui/forms/SourceForm.h"
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QVBoxLayout>
#include "models/FormValidation.h"
#include "models/SourcePreviewModel.h"

namespace tideline::ui::forms {

using client::Resource;
using models::FormValidation;

namespace {

const QString kGenerator = QStringLiteral("stream_generator");
const QString kWebSocket = QStringLiteral("websocket");
const QString kNats = QStringLiteral("nats");
const QString kJetStream = QStringLiteral("nats_jetstream");
const QString kKafka = QStringLiteral("kafka");

// Which types show a property (the API's list per type, docs/ of the sources).
const QHash<QString, QStringList> &typesOf()
{
    static const QHash<QString, QStringList> map = {
        {QStringLiteral("template"), {kGenerator}},
        {QStringLiteral("interval"), {kGenerator}},
        {QStringLiteral("url"), {kWebSocket, kNats, kJetStream}},
        {QStringLiteral("open_message"), {kWebSocket}},
        {QStringLiteral("subject"), {kNats, kJetStream}},
        {QStringLiteral("stream"), {kJetStream}},
        {QStringLiteral("durable"), {kJetStream}},
        {QStringLiteral("deliver"), {kJetStream}},
        {QStringLiteral("queue"), {kNats, kJetStream}},
        {QStringLiteral("brokers"), {kKafka}},
        {QStringLiteral("topic"), {kKafka}},
        {QStringLiteral("offset"), {kKafka}},
        {QStringLiteral("group_id"), {kKafka}},
        {QStringLiteral("sasl"), {kKafka}},
        {QStringLiteral("username"), {kKafka}},
        {QStringLiteral("password"), {kKafka}},
        {QStringLiteral("data_type"), {kWebSocket, kNats, kJetStream, kKafka}},
        {QStringLiteral("format_schema"), {kWebSocket, kNats, kJetStream, kKafka}},
    };
    return map;
}

QString fieldOf(const QString &property)
{
    return QStringLiteral("prop.") + property;
}

QString textOf(QWidget *w)
{
    if (auto *l = qobject_cast<QLineEdit *>(w))
        return l->text().trimmed();
    if (auto *c = qobject_cast<QComboBox *>(w))
        return c->currentText();
    return {};
}

QString humanBytes(double perSecond)
{
    return QLocale().formattedDataSize(qint64(perSecond), 1, QLocale::DataSizeTraditionalFormat) + QStringLiteral("/s");
}

} // namespace

SourceForm::SourceForm(client::WorkspaceClient *client, const QJsonObject &source, const QStringList &streams, QWidget *parent)
    : ResourceForm(client, Resource::Source, source.value(QStringLiteral("id")).toString(), parent), m_id(key()), m_streams(streams),
      m_preview(new models::SourcePreviewModel(this))
{
    setObjectName(QStringLiteral("sourceForm"));
    setWindowTitle(isNew() ? tr("New source") : tr("Source %1").arg(source.value(QStringLiteral("name")).toString()));
    QWidget *body = form()->parentWidget();
    const QJsonObject props = source.value(QStringLiteral("properties")).toObject();
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "sourceNameEdit", source.value(QStringLiteral("name")).toString(),
                          QStringLiteral("iot_generator"));
    m_description = addLineField(tr("Description"), QStringLiteral("description"), "sourceDescriptionEdit",
                                 source.value(QStringLiteral("description")).toString(), tr("optional"));
    m_type = new QComboBox(body);
    m_type->setObjectName(QStringLiteral("sourceTypeCombo"));
    m_type->addItems(types());
    m_type->setCurrentText(source.value(QStringLiteral("type")).toString(kGenerator));
    m_type->setEnabled(isNew());
    addField(tr("Type"), QStringLiteral("type"), m_type);
    m_target = new QComboBox(body);
    m_target->setObjectName(QStringLiteral("sourceTargetCombo"));
    m_target->setEditable(true); // an existing stream, or the name of a new one
    m_target->addItems(streams);
    m_target->setCurrentText(source.value(QStringLiteral("stream")).toString());
    m_target->lineEdit()->setPlaceholderText(tr("an existing stream, or a new name"));
    m_target->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    addField(tr("Target stream"), QStringLiteral("stream"), m_target);
    addSection(tr("Properties"));
    createTypeFields(props);
    if (isNew()) {
        m_startAfter = new QCheckBox(tr("Start after creating"), body);
        m_startAfter->setObjectName(QStringLiteral("sourceStartCheck"));
        m_startAfter->setChecked(true);
        form()->addRow(QString(), m_startAfter);
    }
    addSection(tr("Preview"));
    form()->addRow(createPreview());
    QWidget *status = createStatus();
    addSection(tr("Status"));
    form()->addRow(status);
    connect(m_type, &QComboBox::currentTextChanged, this, &SourceForm::typeChanged);
    connect(this, &ResourceForm::saved, this, [this](Resource, const QString &, const QJsonObject &object) {
        m_id = object.value(QStringLiteral("id")).toString(m_id);
        statusAnswered(object);
        if (m_startAfter && m_startAfter->isChecked())
            start();
        if (m_startAfter) // made: further changes go through Edit… (a PUT of a stopped source)
            saveButton()->setEnabled(false);
        m_poll.start();
    });
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &SourceForm::refreshStats);
    typeChanged();
    if (!isNew())
        statusAnswered(source);
    resize(860, 820);
}

QStringList SourceForm::types()
{
    return {kGenerator, kWebSocket, kNats, kJetStream, kKafka};
}

QLineEdit *SourceForm::line(const QString &label, const QString &field, const char *name, const QJsonObject &props, const QString &placeholder)
{
    const QJsonValue v = props.value(field);
    const QString text = v.isArray() ? [&] {
        QStringList parts;
        for (const QJsonValue &p : v.toArray())
            parts << p.toString();
        return parts.join(QStringLiteral(", "));
    }() : v.isDouble() ? QString::number(v.toDouble()) : v.toString();
    QLineEdit *edit = addLineField(label, fieldOf(field), name, text, placeholder);
    m_props.insert(field, edit);
    return edit;
}

QComboBox *SourceForm::combo(const QString &label, const QString &field, const char *name, const QStringList &items, const QJsonObject &props)
{
    auto *c = new QComboBox(form()->parentWidget());
    c->setObjectName(QLatin1String(name));
    c->addItems(items);
    if (const QString v = props.value(field).toString(); !v.isEmpty()) {
        if (c->findText(v) < 0)
            c->addItem(v);
        c->setCurrentText(v);
    }
    addField(label, fieldOf(field), c);
    m_props.insert(field, c);
    return c;
}

void SourceForm::createTypeFields(const QJsonObject &props)
{
    combo(tr("Template"), QStringLiteral("template"), "sourceTemplateCombo", {QStringLiteral("iot"), QStringLiteral("user_logins"), QStringLiteral("devops")}, props);
    line(tr("Interval"), QStringLiteral("interval"), "sourceIntervalEdit", props, tr("200ms: one event per interval"));
    line(tr("URL"), QStringLiteral("url"), "sourceUrlEdit", props, QStringLiteral("wss://stream.example.com/feed"));
    line(tr("Open message"), QStringLiteral("open_message"), "sourceOpenMessageEdit", props, tr("optional: sent once connected"));
    line(tr("Subject"), QStringLiteral("subject"), "sourceSubjectEdit", props, QStringLiteral("devices.>"));
    line(tr("JetStream stream"), QStringLiteral("stream"), "sourceJsStreamEdit", props, tr("optional when a subject is given"));
    line(tr("Durable name"), QStringLiteral("durable"), "sourceDurableEdit", props, tr("optional: resumes where it stopped"));
    combo(tr("Deliver"), QStringLiteral("deliver"), "sourceDeliverCombo", {QStringLiteral("all"), QStringLiteral("last")}, props);
    line(tr("Queue group"), QStringLiteral("queue"), "sourceQueueEdit", props, tr("optional"));
    line(tr("Brokers"), QStringLiteral("brokers"), "sourceBrokersEdit", props, QStringLiteral("localhost:9092, broker2:9092"));
    line(tr("Topic"), QStringLiteral("topic"), "sourceTopicEdit", props, QStringLiteral("devices"));
    combo(tr("Start at"), QStringLiteral("offset"), "sourceOffsetCombo", {QStringLiteral("earliest"), QStringLiteral("latest")}, props);
    line(tr("Consumer group"), QStringLiteral("group_id"), "sourceGroupEdit", props, tr("optional: one of its own by default"));
    combo(tr("SASL"), QStringLiteral("sasl"), "sourceSaslCombo",
          {QStringLiteral("none"), QStringLiteral("plain"), QStringLiteral("scram-sha-256"), QStringLiteral("scram-sha-512")}, props);
    line(tr("User name"), QStringLiteral("username"), "sourceUserEdit", props, QString());
    line(tr("Password"), QStringLiteral("password"), "sourcePasswordEdit", props, QString())->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    auto *dataType = combo(tr("Messages are"), QStringLiteral("data_type"), "sourceDataTypeCombo",
                           {QStringLiteral("json"), QStringLiteral("text"), QStringLiteral("protobuf")}, props);
    line(tr("Protobuf message"), QStringLiteral("format_schema"), "sourceFormatSchemaEdit", props,
         tr("schema:Message, e.g. readings:Reading (Workspace ▸ New format schema)"));
    connect(static_cast<QComboBox *>(m_props.value(QStringLiteral("sasl"))), &QComboBox::currentTextChanged, this, &SourceForm::typeChanged);
    connect(dataType, &QComboBox::currentTextChanged, this, &SourceForm::typeChanged);
}

QWidget *SourceForm::createPreview()
{
    auto *box = new QWidget(form()->parentWidget());
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    m_previewButton = new QPushButton(tr("Preview"), box);
    m_previewButton->setObjectName(QStringLiteral("sourcePreviewButton"));
    m_previewButton->setToolTip(tr("Read a few events without writing anything"));
    m_createStream = new QPushButton(tr("Create stream from these columns"), box);
    m_createStream->setObjectName(QStringLiteral("sourceCreateStreamButton"));
    m_createStream->setEnabled(false);
    buttons->addWidget(m_previewButton);
    buttons->addWidget(m_createStream);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_previewStatus = new QLabel(tr("Preview reads a few events with these properties; nothing is written."), box);
    m_previewStatus->setObjectName(QStringLiteral("sourcePreviewStatus"));
    m_previewStatus->setWordWrap(true);
    m_previewStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_previewStatus);
    m_previewTable = new QTableView(box);
    m_previewTable->setObjectName(QStringLiteral("sourcePreviewTable"));
    m_previewTable->setModel(m_preview);
    m_previewTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewTable->horizontalHeader()->setMinimumSectionSize(80);
    m_previewTable->verticalHeader()->setDefaultSectionSize(m_previewTable->fontMetrics().height() + 8);
    // Room for the ten samples a preview asks for, without a scroll bar.
    m_previewTable->setMinimumHeight(m_previewTable->verticalHeader()->defaultSectionSize() * 10 + 2 * m_previewTable->fontMetrics().height() + 16);
    m_previewTable->horizontalHeader()->setStretchLastSection(true);
    m_previewTable->setAlternatingRowColors(true);
    v->addWidget(m_previewTable);
    connect(m_previewButton, &QPushButton::clicked, this, &SourceForm::preview);
    connect(m_createStream, &QPushButton::clicked, this, &SourceForm::createTargetStream);
    return box;
}

QWidget *SourceForm::createStatus()
{
    auto *box = new QWidget(form()->parentWidget());
    box->setObjectName(QStringLiteral("sourceStatusBox"));
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_statusLabel = new QLabel(isNew() ? tr("Not created yet.") : QString(), box);
    m_statusLabel->setObjectName(QStringLiteral("sourceStatusLabel"));
    m_startButton = new QPushButton(tr("Start"), box);
    m_startButton->setObjectName(QStringLiteral("sourceStartButton"));
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setObjectName(QStringLiteral("sourceStopButton"));
    m_startButton->setEnabled(false);
    m_stopButton->setEnabled(false);
    row->addWidget(m_statusLabel, 1);
    row->addWidget(m_startButton);
    row->addWidget(m_stopButton);
    v->addLayout(row);
    m_stats = new QLabel(box);
    m_stats->setObjectName(QStringLiteral("sourceStatsLabel"));
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_stats);
    connect(m_startButton, &QPushButton::clicked, this, &SourceForm::start);
    connect(m_stopButton, &QPushButton::clicked, this, &SourceForm::stop);
    return box;
}

void SourceForm::typeChanged()
{
    const QString type = m_type->currentText();
    for (auto it = typesOf().begin(); it != typesOf().end(); ++it)
        setFieldVisible(fieldOf(it.key()), it.value().contains(type));
    const bool sasl = type == kKafka && textOf(m_props.value(QStringLiteral("sasl"))) != QLatin1String("none");
    setFieldVisible(fieldOf(QStringLiteral("username")), sasl);
    setFieldVisible(fieldOf(QStringLiteral("password")), sasl);
    const bool protobuf = typesOf().value(QStringLiteral("data_type")).contains(type)
        && textOf(m_props.value(QStringLiteral("data_type"))) == QLatin1String("protobuf");
    setFieldVisible(fieldOf(QStringLiteral("format_schema")), protobuf);
    if (auto *url = qobject_cast<QLineEdit *>(m_props.value(QStringLiteral("url"))))
        url->setPlaceholderText(type == kWebSocket ? QStringLiteral("wss://stream.example.com/feed") : QStringLiteral("nats://127.0.0.1:4222"));
}

QJsonObject SourceForm::properties() const
{
    const QString type = m_type->currentText();
    QJsonObject props;
    for (auto it = m_props.begin(); it != m_props.end(); ++it) {
        if (!typesOf().value(it.key()).contains(type) || !isFieldVisible(fieldOf(it.key())))
            continue;
        const QString text = textOf(it.value());
        if (text.isEmpty() || (it.key() == QLatin1String("sasl") && text == QLatin1String("none")))
            continue;
        if (it.key() == QLatin1String("url") && type != kWebSocket) { // NATS takes a list of servers
            QJsonArray urls;
            for (const QString &u : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                urls.append(u.trimmed());
            props.insert(it.key(), urls);
        } else {
            props.insert(it.key(), text);
        }
    }
    return props;
}

QJsonObject SourceForm::requestBody() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("type"), m_type->currentText()},
                     {QStringLiteral("stream"), m_target->currentText().trimmed()}, {QStringLiteral("properties"), properties()}};
    if (!m_description->text().trimmed().isEmpty())
        body.insert(QStringLiteral("description"), m_description->text().trimmed());
    return body;
}

QJsonObject SourceForm::updateBody() const
{
    QJsonObject body = requestBody();
    body.remove(QStringLiteral("type"));
    return body;
}

QHash<QString, QString> SourceForm::validate() const
{
    QHash<QString, QString> errors;
    auto need = [&](const QString &property, const QString &error) {
        if (!error.isEmpty() && isFieldVisible(fieldOf(property)))
            errors.insert(fieldOf(property), error);
    };
    auto text = [this](const char *property) { return textOf(m_props.value(QLatin1String(property))); };
    const QString type = m_type->currentText();
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), tr("source")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    const QString target = m_target->currentText().trimmed();
    if (QString e = FormValidation::nameError(target, tr("target stream")); !e.isEmpty())
        errors.insert(QStringLiteral("stream"), e);
    else if (!m_streams.contains(target))
        errors.insert(QStringLiteral("stream"), m_preview->columnCount() > 0
                                                    ? tr("There is no stream \"%1\" yet: Create stream from these columns (below) first.").arg(target)
                                                    : tr("There is no stream \"%1\" yet: Preview, then create it from the inferred columns.").arg(target));
    if (type == kGenerator && !text("interval").isEmpty())
        need(QStringLiteral("interval"), FormValidation::durationError(text("interval")));
    if (type == kWebSocket)
        need(QStringLiteral("url"), FormValidation::urlError(text("url"), {QStringLiteral("ws"), QStringLiteral("wss")}));
    if (type == kNats || type == kJetStream)
        need(QStringLiteral("url"), FormValidation::urlError(text("url"), {QStringLiteral("nats"), QStringLiteral("tls")}));
    if (type == kNats && text("subject").isEmpty())
        need(QStringLiteral("subject"), tr("A subject is needed, like devices.> (wildcards are fine)."));
    if (type == kJetStream && text("subject").isEmpty() && text("stream").isEmpty())
        need(QStringLiteral("subject"), tr("A subject or a JetStream stream is needed."));
    static const QRegularExpression schemaMessage(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*:[A-Za-z_][A-Za-z0-9_.]*$"));
    if (!schemaMessage.match(text("format_schema")).hasMatch())
        need(QStringLiteral("format_schema"), tr("Name the schema and its message type: schema:Message, e.g. readings:Reading."));
    if (type == kKafka) {
        need(QStringLiteral("brokers"), FormValidation::hostPortsError(text("brokers")));
        if (text("topic").isEmpty())
            need(QStringLiteral("topic"), tr("A topic is needed."));
        if (text("sasl") != QLatin1String("none") && text("username").isEmpty())
            need(QStringLiteral("username"), tr("SASL %1 needs a user name.").arg(text("sasl")));
    }
    return errors;
}

QString SourceForm::fieldForServerError(const QString &message) const
{
    // "properties.url is required", "properties.template: 'x' is not one of …"
    static const QRegularExpression property(QStringLiteral("properties\\.([A-Za-z_.]+)"));
    if (auto m = property.match(message); m.hasMatch() && isFieldVisible(fieldOf(m.captured(1))))
        return fieldOf(m.captured(1));
    if (message.contains(QLatin1String("stream")) && message.contains(m_target->currentText().trimmed()))
        return QStringLiteral("stream");
    return ResourceForm::fieldForServerError(message);
}

void SourceForm::setPreviewStatus(const QString &text, bool error)
{
    m_previewStatus->setText(text);
    if (error)
        styleErrorLabel(m_previewStatus);
    else
        m_previewStatus->setPalette(palette());
}

QString SourceForm::previewStatus() const
{
    return m_previewStatus->text();
}

void SourceForm::preview()
{
    clearErrors();
    // Only the properties matter for a preview; the name and target can wait.
    QHash<QString, QString> errors = validate();
    errors.remove(QStringLiteral("name"));
    errors.remove(QStringLiteral("stream"));
    if (!errors.isEmpty()) {
        for (auto it = errors.begin(); it != errors.end(); ++it)
            setFieldError(it.key(), it.value());
        setPreviewStatus(tr("Fix the properties marked in red first."), true);
        return;
    }
    const quint64 request = ++m_previewRequest; // a second click supersedes the first answer
    m_previewButton->setEnabled(false);
    m_createStream->setEnabled(false);
    setPreviewStatus(tr("Reading sample events…"), false);
    const QJsonObject body{{QStringLiteral("type"), m_type->currentText()}, {QStringLiteral("properties"), properties()},
                           {QStringLiteral("size"), 10}, {QStringLiteral("timeout"), QStringLiteral("5s")}};
    QPointer<SourceForm> self(this);
    client()->preview(Resource::Source, body, [self, request](const client::Reply &reply) {
        if (!self || request != self->m_previewRequest)
            return;
        self->m_previewButton->setEnabled(true);
        if (!reply.ok) {
            self->m_preview->clear();
            self->setPreviewStatus(reply.error.code ? tr("Preview failed: code %1: %2").arg(reply.error.code).arg(reply.error.message)
                                                    : tr("Preview failed: %1").arg(reply.error.message), true);
            if (const QString field = self->fieldForServerError(reply.error.message); field.startsWith(QLatin1String("prop.")))
                self->setFieldError(field, reply.error.message);
            Q_EMIT self->previewFinished(false);
            return;
        }
        self->previewAnswered(reply.value.toArray());
    });
}

void SourceForm::previewAnswered(const QJsonArray &events)
{
    if (events.isEmpty()) {
        m_preview->clear();
        setPreviewStatus(tr("No event arrived within 5 seconds. Is anything being sent?"), true);
        Q_EMIT previewFinished(false);
        return;
    }
    const quint64 request = m_previewRequest;
    QPointer<SourceForm> self(this);
    client()->inferColumns(events, [self, request, events](const client::Reply &reply) {
        if (!self || request != self->m_previewRequest)
            return;
        // Without inference the grid still shows the events, every column as text.
        const QJsonArray columns = reply.ok ? reply.value.toObject().value(QStringLiteral("inferred_columns")).toArray() : QJsonArray();
        self->m_preview->set(events, columns);
        self->m_previewTable->resizeColumnsToContents();
        QStringList typed;
        for (int c = 0; c < self->m_preview->columnCount(); ++c)
            typed << QStringLiteral("%1 %2").arg(self->m_preview->columnName(c), self->m_preview->columnType(c));
        self->setPreviewStatus(tr("%n sample event(s). Inferred columns: %1", nullptr, int(events.size())).arg(typed.join(QStringLiteral(", "))), false);
        const QString target = self->m_target->currentText().trimmed();
        self->m_createStream->setEnabled(!self->m_streams.contains(target));
        self->m_createStream->setToolTip(target.isEmpty() ? tr("Name the target stream first") : tr("CREATE STREAM %1 with these columns").arg(target));
        Q_EMIT self->previewFinished(true);
    });
}

void SourceForm::createTargetStream()
{
    const QString target = m_target->currentText().trimmed();
    if (QString e = FormValidation::nameError(target, tr("target stream")); !e.isEmpty()) {
        setFieldError(QStringLiteral("stream"), e);
        return;
    }
    m_createStream->setEnabled(false);
    QPointer<SourceForm> self(this);
    client()->create(Resource::Stream, QJsonObject{{QStringLiteral("name"), target}, {QStringLiteral("columns"), m_preview->columns()}},
                     [self, target](const client::Reply &reply) {
                         if (!self)
                             return;
                         if (!reply.ok) {
                             self->m_createStream->setEnabled(true);
                             self->setFieldError(QStringLiteral("stream"), reply.error.message);
                             self->setPreviewStatus(tr("Could not create stream %1: code %2: %3").arg(target).arg(reply.error.code).arg(reply.error.message), true);
                             return;
                         }
                         self->m_streams << target;
                         self->setFieldError(QStringLiteral("stream"), {});
                         self->setPreviewStatus(tr("Stream %1 created with %n column(s).", nullptr, int(self->m_preview->columnCount())).arg(target), false);
                         Q_EMIT self->targetStreamCreated(target);
                     });
}

void SourceForm::runAction(const QString &action)
{
    if (m_id.isEmpty())
        return;
    m_startButton->setEnabled(false);
    m_stopButton->setEnabled(false);
    QPointer<SourceForm> self(this);
    client()->action(Resource::Source, m_id, action, [self, action](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok)
            self->setStatus(tr("Could not %1 the source: %2").arg(action, reply.error.message), true);
        self->refreshStats();
    });
}

void SourceForm::start()
{
    runAction(QStringLiteral("start"));
}

void SourceForm::stop()
{
    runAction(QStringLiteral("stop"));
}

void SourceForm::statusAnswered(const QJsonObject &source)
{
    const QString status = source.value(QStringLiteral("status")).toString();
    const bool running = status == QLatin1String("running");
    m_statusLabel->setText(running ? tr("● running") : status.isEmpty() ? tr("unknown") : tr("○ %1").arg(status));
    m_startButton->setEnabled(!m_id.isEmpty() && !running);
    m_stopButton->setEnabled(!m_id.isEmpty() && running);
    if (status != m_status) {
        m_status = status;
        Q_EMIT statusChanged(status);
    }
}

QString SourceForm::statsText() const
{
    return m_stats->text();
}

void SourceForm::refreshStats()
{
    if (m_id.isEmpty())
        return;
    QPointer<SourceForm> self(this);
    client()->get(Resource::Source, m_id, [self](const client::Reply &reply) {
        if (self && reply.ok)
            self->statusAnswered(reply.value.toObject());
    });
    client()->stats(Resource::Source, m_id, [self](const client::Reply &reply) {
        if (!self || !reply.ok)
            return;
        const QJsonObject stats = reply.value.toObject();
        const QLocale locale;
        const QJsonArray throughput = stats.value(QStringLiteral("throughput")).toArray();
        const double rate = throughput.isEmpty() ? 0 : throughput.last().toObject().value(QStringLiteral("value")).toDouble();
        QString text = tr("%1 rows written · %2 failed · %3 (this minute)")
                           .arg(locale.toString(qint64(stats.value(QStringLiteral("success_count")).toDouble())),
                                locale.toString(qint64(stats.value(QStringLiteral("failure_count")).toDouble())), humanBytes(rate));
        const QJsonArray errors = stats.value(QStringLiteral("errors")).toArray();
        if (!errors.isEmpty()) {
            const QJsonObject last = errors.last().toObject();
            text += QLatin1Char('\n') + tr("Latest error: %1").arg(last.value(QStringLiteral("message")).toString(last.value(QStringLiteral("error")).toString()));
        }
        self->m_stats->setText(text);
        self->m_lastStats = stats;
    });
}

void SourceForm::showEvent(QShowEvent *event)
{
    ResourceForm::showEvent(event);
    if (!m_id.isEmpty()) {
        refreshStats();
        m_poll.start();
    }
}

void SourceForm::hideEvent(QHideEvent *event)
{
    m_poll.stop(); // polled only while someone can see it
    ResourceForm::hideEvent(event);
}

} // namespace tideline::ui::forms
