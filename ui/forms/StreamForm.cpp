#include "ui/forms/StreamForm.h"
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ColumnListModel.h"
#include "models/FormValidation.h"

namespace tideline::ui::forms {

using models::ColumnListModel;
using models::FormValidation;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// The Type column edits in an editable combo of the common types: any valid type can still be typed.
class TypeDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("columnTypeEditor"));
        combo->setEditable(true);
        combo->addItems(StreamForm::commonTypes());
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QComboBox *>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText().trimmed());
    }
};

QSpinBox *spin(QWidget *parent, const char *name, int min, int max, const QString &special, const QString &suffix)
{
    auto *s = new QSpinBox(parent);
    s->setObjectName(QLatin1String(name));
    s->setRange(min, max);
    s->setSpecialValueText(special); // shown at the minimum: "server default"
    s->setSuffix(suffix);
    s->setValue(min);
    s->setGroupSeparatorShown(true);
    return s;
}

QToolButton *toolButton(QWidget *parent, const char *name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setText(text);
    b->setToolTip(tip);
    return b;
}

} // namespace

StreamForm::StreamForm(client::WorkspaceClient *client, const QJsonObject &stream, QWidget *parent)
    : ResourceForm(client, client::Resource::Stream, stream.value(QStringLiteral("name")).toString(), parent),
      m_columns(new ColumnListModel(this))
{
    setObjectName(QStringLiteral("streamForm"));
    setWindowTitle(isNew() ? tr("New stream") : tr("Stream %1").arg(key()));
    QWidget *body = form()->parentWidget();
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "streamNameEdit", key(), QStringLiteral("devices"));
    m_name->setEnabled(isNew());
    m_description = addLineField(tr("Description"), QStringLiteral("description"), "streamDescriptionEdit",
                                 stream.value(QStringLiteral("description")).toString(), tr("optional"));
    m_columns->setColumns(stream.value(QStringLiteral("columns")).toArray());
    if (isNew() && m_columns->rowCount() == 0) {
        m_columns->addColumn(QStringLiteral("device"), QStringLiteral("string"));
        m_columns->addColumn(QStringLiteral("value"), QStringLiteral("float64"));
    }
    addField(tr("Columns"), QStringLiteral("columns"), createColumns());
    createStorage(stream);
    createAdvanced(stream);
    if (!isNew()) {
        auto *note = new QLabel(tr("The API changes only the description, the TTL and the retention of an existing stream."), body);
        note->setObjectName(QStringLiteral("streamEditNote"));
        note->setWordWrap(true);
        note->setForegroundRole(QPalette::PlaceholderText);
        form()->insertRow(0, note);
        for (QWidget *w : std::initializer_list<QWidget *>{m_mode, m_engine, m_primaryKey, m_eventTime, m_timezone, m_orderBy, m_orderGranularity,
                                                          m_partitionGranularity, m_shards, m_replication, m_families, m_indexes})
            w->setEnabled(false);
        m_columns->setReadOnly(true);
    }
    modeChanged();
    resize(880, 720);
}

QStringList StreamForm::commonTypes()
{
    return {QStringLiteral("string"), QStringLiteral("int32"), QStringLiteral("int64"), QStringLiteral("uint64"), QStringLiteral("float32"),
            QStringLiteral("float64"), QStringLiteral("bool"), QStringLiteral("decimal(18, 4)"), QStringLiteral("datetime64(3, 'UTC')"),
            QStringLiteral("datetime"), QStringLiteral("date"), QStringLiteral("uuid"), QStringLiteral("ipv4"), QStringLiteral("json"),
            QStringLiteral("low_cardinality(string)"), QStringLiteral("nullable(string)"), QStringLiteral("array(string)"),
            QStringLiteral("map(string, string)")};
}

QWidget *StreamForm::createColumns()
{
    auto *box = new QWidget(form()->parentWidget());
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableView(box);
    m_table->setObjectName(QStringLiteral("streamColumnsTable"));
    m_table->setModel(m_columns);
    m_table->setItemDelegateForColumn(ColumnListModel::Type, new TypeDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Sized to fit the dialog's default width without a horizontal scroll bar.
    const QList<int> widths = {110, 150, 70, 60, 50};
    for (int c = 0; c < widths.size(); ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_table->setMinimumHeight(170);
    auto *buttons = new QVBoxLayout;
    QToolButton *add = toolButton(box, "addColumnButton", tr("Add"), tr("Add a column"));
    QToolButton *remove = toolButton(box, "removeColumnButton", tr("Remove"), tr("Remove the selected column"));
    QToolButton *up = toolButton(box, "columnUpButton", tr("Up"), tr("Move the selected column up"));
    QToolButton *down = toolButton(box, "columnDownButton", tr("Down"), tr("Move the selected column down"));
    for (QToolButton *b : {add, remove, up, down}) {
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        b->setEnabled(isNew());
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    row->addWidget(m_table, 1);
    row->addLayout(buttons);
    auto current = [this] { return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : m_columns->rowCount() - 1; };
    connect(add, &QToolButton::clicked, this, [this] {
        const int r = m_columns->addColumn();
        m_table->setCurrentIndex(m_columns->index(r, ColumnListModel::Name));
        m_table->edit(m_table->currentIndex());
    });
    connect(remove, &QToolButton::clicked, this, [this, current] { m_columns->removeColumnAt(current()); });
    connect(up, &QToolButton::clicked, this, [this, current] {
        const int r = current();
        m_columns->moveColumn(r, -1);
        m_table->selectRow(std::max(0, r - 1));
    });
    connect(down, &QToolButton::clicked, this, [this, current] {
        const int r = current();
        m_columns->moveColumn(r, 1);
        m_table->selectRow(std::min(m_columns->rowCount() - 1, r + 1));
    });
    return box;
}

void StreamForm::createStorage(const QJsonObject &stream)
{
    QWidget *body = form()->parentWidget();
    addSection(tr("Storage"));
    m_mode = new QComboBox(body);
    m_mode->setObjectName(QStringLiteral("streamModeCombo"));
    m_mode->addItem(tr("append: every row is a new event"), QStringLiteral("append"));
    m_mode->addItem(tr("changelog: rows carry _tp_delta (+1 / -1)"), QStringLiteral("changelog"));
    m_mode->addItem(tr("changelog_kv: changelog keyed by the primary key"), QStringLiteral("changelog_kv"));
    m_mode->addItem(tr("versioned_kv: the latest row per primary key"), QStringLiteral("versioned_kv"));
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(stream.value(QStringLiteral("mode")).toString(QStringLiteral("append")))));
    m_engine = new QComboBox(body);
    m_engine->setObjectName(QStringLiteral("streamEngineCombo"));
    m_engine->addItem(tr("Stream (append log)"), QString());
    m_engine->addItem(tr("MutableStream (row updates, indexes)"), QStringLiteral("MutableStream"));
    m_engine->setCurrentIndex(stream.value(QStringLiteral("engine")).toString() == QLatin1String("MutableStream") ? 1 : 0);
    addField(tr("Mode"), QStringLiteral("mode"), m_mode);
    addField(tr("Engine"), QStringLiteral("engine"), m_engine);
    m_primaryKey = addLineField(tr("Primary key"), QStringLiteral("primary_key"), "streamPrimaryKeyEdit",
                                stream.value(QStringLiteral("primary_key")).toString(), QStringLiteral("device"));
    m_eventTime = addLineField(tr("Event time column"), QStringLiteral("event_time_column"), "streamEventTimeEdit",
                               stream.value(QStringLiteral("event_time_column")).toString(), tr("a column; empty: the time of ingest"));
    m_timezone = addLineField(tr("Event time zone"), QStringLiteral("event_time_timezone"), "streamTimezoneEdit",
                              stream.value(QStringLiteral("event_time_timezone")).toString(), QStringLiteral("UTC"));
    m_ttl = addLineField(tr("TTL"), QStringLiteral("ttl_expression"), "streamTtlEdit", stream.value(QStringLiteral("ttl_expression")).toString(),
                         QStringLiteral("to_datetime(_tp_time) + INTERVAL 7 DAY"));
    m_retentionMiB = spin(body, "streamRetentionSizeSpin", -1, 100000000, tr("server default (10 GiB)"), tr(" MiB"));
    m_retentionMiB->setToolTip(tr("Largest size of the stream's log; 0 = unlimited"));
    m_retentionHours = spin(body, "streamRetentionTimeSpin", -1, 1000000, tr("server default (7 days)"), tr(" hours"));
    m_retentionHours->setToolTip(tr("How long rows are kept in the log; 0 = unlimited"));
    if (stream.contains(QStringLiteral("logstore_retention_bytes"))) {
        const qint64 bytes = stream.value(QStringLiteral("logstore_retention_bytes")).toInteger();
        m_retentionMiB->setValue(bytes <= 0 ? 0 : int(std::min<qint64>(bytes / kMiB, m_retentionMiB->maximum())));
    }
    if (stream.contains(QStringLiteral("logstore_retention_ms"))) {
        const qint64 ms = stream.value(QStringLiteral("logstore_retention_ms")).toInteger();
        m_retentionHours->setValue(ms <= 0 ? 0 : int(std::min<qint64>(ms / 3600000, m_retentionHours->maximum())));
    }
    addField(tr("Retention (size)"), QStringLiteral("logstore_retention_bytes"), m_retentionMiB);
    addField(tr("Retention (time)"), QStringLiteral("logstore_retention_ms"), m_retentionHours);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &StreamForm::modeChanged);
    connect(m_engine, &QComboBox::currentIndexChanged, this, &StreamForm::modeChanged);
}

void StreamForm::createAdvanced(const QJsonObject &stream)
{
    QWidget *body = form()->parentWidget();
    addSection(tr("Advanced"));
    m_orderBy = addLineField(tr("ORDER BY"), QStringLiteral("order_by_expression"), "streamOrderByEdit",
                             stream.value(QStringLiteral("order_by_expression")).toString(), tr("optional"));
    m_orderGranularity = addLineField(tr("ORDER BY granularity"), QStringLiteral("order_by_granularity"), "streamOrderGranularityEdit",
                                      stream.value(QStringLiteral("order_by_granularity")).toString(), QStringLiteral("H"));
    m_partitionGranularity = addLineField(tr("Partition granularity"), QStringLiteral("partition_by_granularity"), "streamPartitionGranularityEdit",
                                          stream.value(QStringLiteral("partition_by_granularity")).toString(), QStringLiteral("D"));
    m_shards = spin(body, "streamShardsSpin", 0, 1024, tr("server default"), QString());
    m_replication = spin(body, "streamReplicationSpin", 0, 16, tr("server default"), QString());
    m_shards->setValue(stream.value(QStringLiteral("shards")).toInt());
    m_replication->setValue(stream.value(QStringLiteral("replication_factor")).toInt());
    addField(tr("Shards"), QStringLiteral("shards"), m_shards);
    addField(tr("Replication factor"), QStringLiteral("replication_factor"), m_replication);
    auto json = [](const QJsonValue &value) {
        return value.isArray() ? QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)) : QString();
    };
    m_families = addCodeField(tr("Column families"), QStringLiteral("column_families"), "streamColumnFamiliesEdit",
                              json(stream.value(QStringLiteral("column_families"))), QStringLiteral(R"([{"name": "basic", "columns": ["a", "b"]}])"), 3);
    m_indexes = addCodeField(tr("Secondary indexes"), QStringLiteral("secondary_indexes"), "streamSecondaryIndexesEdit",
                             json(stream.value(QStringLiteral("secondary_indexes"))),
                             QStringLiteral(R"([{"name": "by_b", "columns": ["b"], "unique": false}])"), 3);
}

// The primary key is needed by the keyed modes and mutable streams; families and indexes exist
// only for mutable streams. Fields that do not apply are disabled rather than hidden, so the
// form does not jump around while the user picks a mode.
void StreamForm::modeChanged()
{
    if (!isNew())
        return;
    const QString mode = m_mode->currentData().toString();
    const bool mutableStream = !m_engine->currentData().toString().isEmpty();
    const bool keyed = mode.endsWith(QLatin1String("_kv")) || mutableStream;
    m_primaryKey->setEnabled(keyed || !m_primaryKey->text().isEmpty());
    m_primaryKey->setPlaceholderText(keyed ? tr("required in this mode, e.g. device") : tr("only for keyed modes and mutable streams"));
    m_families->setEnabled(mutableStream);
    m_indexes->setEnabled(mutableStream);
}

void StreamForm::retentionInto(QJsonObject &body) const
{
    if (m_retentionMiB->value() >= 0)
        body.insert(QStringLiteral("logstore_retention_bytes"), m_retentionMiB->value() == 0 ? qint64(-1) : qint64(m_retentionMiB->value()) * kMiB);
    if (m_retentionHours->value() >= 0)
        body.insert(QStringLiteral("logstore_retention_ms"), m_retentionHours->value() == 0 ? qint64(-1) : qint64(m_retentionHours->value()) * 3600000);
}

QJsonObject StreamForm::requestBody() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("columns"), m_columns->columnDefs()},
                     {QStringLiteral("mode"), m_mode->currentData().toString()}};
    const QList<QPair<QString, QLineEdit *>> texts = {
        {QStringLiteral("description"), m_description}, {QStringLiteral("primary_key"), m_primaryKey},
        {QStringLiteral("event_time_column"), m_eventTime}, {QStringLiteral("event_time_timezone"), m_timezone},
        {QStringLiteral("ttl_expression"), m_ttl}, {QStringLiteral("order_by_expression"), m_orderBy},
        {QStringLiteral("order_by_granularity"), m_orderGranularity}, {QStringLiteral("partition_by_granularity"), m_partitionGranularity}};
    for (const auto &[field, edit] : texts)
        if (!edit->text().trimmed().isEmpty())
            body.insert(field, edit->text().trimmed());
    if (const QString engine = m_engine->currentData().toString(); !engine.isEmpty())
        body.insert(QStringLiteral("engine"), engine);
    if (m_shards->value() > 0)
        body.insert(QStringLiteral("shards"), m_shards->value());
    if (m_replication->value() > 0)
        body.insert(QStringLiteral("replication_factor"), m_replication->value());
    for (const auto &[field, edit] : {std::pair{QStringLiteral("column_families"), m_families}, {QStringLiteral("secondary_indexes"), m_indexes}})
        if (edit->isEnabled() && !edit->toPlainText().trimmed().isEmpty())
            body.insert(field, QJsonDocument::fromJson(edit->toPlainText().toUtf8()).array());
    retentionInto(body);
    return body;
}

QJsonObject StreamForm::updateBody() const
{
    QJsonObject body{{QStringLiteral("description"), m_description->text().trimmed()}};
    if (!m_ttl->text().trimmed().isEmpty())
        body.insert(QStringLiteral("ttl_expression"), m_ttl->text().trimmed());
    retentionInto(body);
    return body;
}

QHash<QString, QString> StreamForm::validate() const
{
    QHash<QString, QString> errors;
    if (!isNew()) // only description, TTL and retention are sent; the server checks the TTL expression
        return errors;
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), tr("stream")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    if (m_columns->rowCount() == 0)
        errors.insert(QStringLiteral("columns"), tr("A stream needs at least one column."));
    else if (int bad = m_columns->firstBadRow(); bad >= 0)
        errors.insert(QStringLiteral("columns"), m_columns->rowError(bad));
    const QString mode = m_mode->currentData().toString();
    const bool mutableStream = !m_engine->currentData().toString().isEmpty();
    const QString pk = m_primaryKey->text().trimmed();
    if (pk.isEmpty() && (mode.endsWith(QLatin1String("_kv")) || mutableStream))
        errors.insert(QStringLiteral("primary_key"), mutableStream ? tr("A mutable stream needs a primary key.")
                                                                   : tr("The %1 mode needs a primary key.").arg(mode));
    // A key made of plain column names is checked against the columns; an expression is the server's to judge.
    static const QRegularExpression plainKey(QStringLiteral("^\\(?\\s*[A-Za-z_][A-Za-z0-9_]*(\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*\\s*\\)?$"));
    if (!pk.isEmpty() && plainKey.match(pk).hasMatch()) {
        static const QRegularExpression word(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*"));
        for (auto it = word.globalMatch(pk); it.hasNext();)
            if (const QString c = it.next().captured(); !m_columns->names().contains(c))
                errors.insert(QStringLiteral("primary_key"), tr("\"%1\" is not one of the columns.").arg(c));
    }
    if (const QString et = m_eventTime->text().trimmed(); !et.isEmpty() && !m_columns->names().contains(et))
        errors.insert(QStringLiteral("event_time_column"), tr("\"%1\" is not one of the columns.").arg(et));
    for (const auto &[field, edit] : {std::pair{QStringLiteral("column_families"), m_families}, {QStringLiteral("secondary_indexes"), m_indexes}}) {
        const QString text = edit->toPlainText().trimmed();
        if (!edit->isEnabled() || text.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (!doc.isArray())
            errors.insert(field, tr("A JSON array of {\"name\": …, \"columns\": […]} objects."));
    }
    return errors;
}

QString StreamForm::fieldForServerError(const QString &message) const
{
    if (message.startsWith(QLatin1String("primary_key")))
        return QStringLiteral("primary_key");
    if (message.startsWith(QLatin1String("ttl_expression")) || message.contains(QLatin1String("TTL")))
        return QStringLiteral("ttl_expression");
    if (message.startsWith(QLatin1String("columns")))
        return QStringLiteral("columns");
    if (message.contains(QLatin1String("mutable stream")))
        return QStringLiteral("engine");
    return ResourceForm::fieldForServerError(message);
}

} // namespace tideline::ui::forms
