#include "ui/forms/SchemaForm.h"
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTextBlock>
#include "models/FormValidation.h"

namespace tideline::ui::forms {

SchemaForm::SchemaForm(client::WorkspaceClient *client, const QJsonObject &schema, QWidget *parent)
    : ResourceForm(client, client::Resource::Schema, schema.value(QStringLiteral("name")).toString(), parent)
{
    setObjectName(QStringLiteral("schemaForm"));
    setWindowTitle(isNew() ? tr("New format schema") : tr("Format schema %1").arg(key()));
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "schemaNameEdit", key(), QStringLiteral("sensor_proto"));
    m_name->setEnabled(isNew());
    m_type = new QComboBox(form()->parentWidget());
    m_type->setObjectName(QStringLiteral("schemaTypeCombo"));
    m_type->addItem(QStringLiteral("Protobuf"));
    addField(tr("Type"), QStringLiteral("type"), m_type);
    m_content = addCodeField(tr("Body"), QStringLiteral("content"), "schemaContentEdit",
                             schema.contains(QStringLiteral("content")) ? schema.value(QStringLiteral("content")).toString() : protobufTemplate(),
                             tr("syntax = \"proto3\"; message …"), 22);
    m_content->setLineWrapMode(QPlainTextEdit::NoWrap);
    connect(m_content, &QPlainTextEdit::textChanged, this, [this] {
        if (m_markedLine) {
            m_content->setExtraSelections({});
            m_markedLine = 0;
        }
    });
    resize(720, 680);
}

QString SchemaForm::protobufTemplate()
{
    return QStringLiteral("syntax = \"proto3\";\n\nmessage Reading {\n  string device = 1;\n  double temperature = 2;\n  int64 time_ms = 3;\n}\n");
}

QJsonObject SchemaForm::requestBody() const
{
    return {{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("type"), m_type->currentText()},
            {QStringLiteral("content"), m_content->toPlainText()}};
}

QHash<QString, QString> SchemaForm::validate() const
{
    QHash<QString, QString> errors;
    if (QString e = models::FormValidation::nameError(m_name->text().trimmed(), tr("schema")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    if (m_content->toPlainText().trimmed().isEmpty())
        errors.insert(QStringLiteral("content"), tr("The body is required: the text of a .proto file."));
    return errors;
}

std::pair<int, int> SchemaForm::errorPlace(const QString &message)
{
    static const QRegularExpression place(QStringLiteral("line (\\d+), column (\\d+)"));
    const auto m = place.match(message);
    return m.hasMatch() ? std::pair{m.captured(1).toInt(), m.captured(2).toInt()} : std::pair{0, 0};
}

QString SchemaForm::fieldForServerError(const QString &message) const
{
    if (errorPlace(message).first > 0 || message.contains(QLatin1String("schema"), Qt::CaseInsensitive))
        return message.contains(m_name->text().trimmed()) && message.contains(QLatin1String("exist")) ? QStringLiteral("name") : QStringLiteral("content");
    return ResourceForm::fieldForServerError(message);
}

void SchemaForm::serverRefused(const client::ErrorInfo &error)
{
    const auto [line, column] = errorPlace(error.message);
    if (line <= 0 || line > m_content->blockCount())
        return;
    QTextEdit::ExtraSelection mark;
    mark.format.setBackground(QColor(0xe5, 0x39, 0x35, 60));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    QTextCursor cursor(m_content->document()->findBlockByNumber(line - 1));
    mark.cursor = cursor;
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, column - 1));
    m_content->setExtraSelections({mark});
    m_content->setTextCursor(cursor); // the cursor at the place, so the user types right there
    m_content->setFocus();
    m_markedLine = line;
}

} // namespace tideline::ui::forms
