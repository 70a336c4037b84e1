#include "ui/forms/ResourceForm.h"
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tideline::ui::forms {

void styleErrorLabel(QLabel *label)
{
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, QColor(0xe5, 0x39, 0x35));
    label->setPalette(p);
}

ResourceForm::ResourceForm(client::WorkspaceClient *client, client::Resource resource, const QString &key, QWidget *parent)
    : QDialog(parent), m_client(client), m_resource(resource), m_key(key), m_layout(new QVBoxLayout(this)),
      m_form(new QFormLayout), m_status(new QLabel(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    auto *body = new QWidget(this);
    auto *column = new QVBoxLayout(body);
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(m_form);
    column->addStretch(1); // a taller window leaves its space below the fields, not between them
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_layout->addWidget(scroll, 1);
    m_status->setObjectName(QStringLiteral("formServerError"));
    m_status->hide();
    m_layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(isNew() ? tr("Create") : tr("Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("formSaveButton"));
    m_save->setDefault(true);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("formCloseButton"));
    m_layout->addWidget(buttons);
    connect(m_save, &QPushButton::clicked, this, &ResourceForm::save);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
}

void ResourceForm::addField(const QString &label, const QString &field, QWidget *widget)
{
    auto *box = new QWidget(m_form->parentWidget());
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(widget);
    auto *error = new QLabel(box);
    error->setObjectName(field + QStringLiteral("Error"));
    styleErrorLabel(error);
    error->hide();
    v->addWidget(error);
    m_form->addRow(label, box);
    m_errors.insert(field, error);
    m_fields.insert(field, widget);
    m_order.append(field);
}

QLineEdit *ResourceForm::addLineField(const QString &label, const QString &field, const char *objectName, const QString &text,
                                      const QString &placeholder)
{
    auto *edit = new QLineEdit(text, m_form->parentWidget());
    edit->setObjectName(QLatin1String(objectName));
    edit->setPlaceholderText(placeholder);
    addField(label, field, edit);
    return edit;
}

QPlainTextEdit *ResourceForm::addCodeField(const QString &label, const QString &field, const char *objectName, const QString &text,
                                           const QString &placeholder, int lines)
{
    auto *edit = new QPlainTextEdit(text, m_form->parentWidget());
    edit->setObjectName(QLatin1String(objectName));
    edit->setPlaceholderText(placeholder);
    edit->setFont(QFont(QStringLiteral("monospace")));
    edit->setFixedHeight(edit->fontMetrics().height() * lines + 14);
    addField(label, field, edit);
    return edit;
}

void ResourceForm::addSection(const QString &title)
{
    auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), m_form->parentWidget());
    label->setContentsMargins(0, 8, 0, 0);
    m_form->addRow(label);
}

void ResourceForm::setFieldError(const QString &field, const QString &message)
{
    QLabel *label = m_errors.value(field);
    if (!label)
        return;
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

void ResourceForm::setFieldVisible(const QString &field, bool visible)
{
    if (QWidget *w = m_fields.value(field))
        m_form->setRowVisible(w->parentWidget(), visible);
}

bool ResourceForm::isFieldVisible(const QString &field) const
{
    QWidget *w = m_fields.value(field);
    return w && !w->parentWidget()->isHidden();
}

QString ResourceForm::fieldError(const QString &field) const
{
    QLabel *label = m_errors.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

void ResourceForm::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors))
        label->hide();
    m_status->hide();
}

void ResourceForm::setStatus(const QString &text, bool error)
{
    m_statusIsError = error;
    m_status->setText(text);
    if (error)
        styleErrorLabel(m_status);
    else
        m_status->setPalette(palette());
    m_status->setVisible(!text.isEmpty());
}

QString ResourceForm::serverError() const
{
    return m_status->isHidden() || !m_statusIsError ? QString() : m_status->text();
}

bool ResourceForm::save()
{
    clearErrors();
    const QHash<QString, QString> errors = validate();
    if (!errors.isEmpty()) {
        for (auto it = errors.begin(); it != errors.end(); ++it)
            setFieldError(it.key(), it.value());
        for (const QString &field : std::as_const(m_order))
            if (errors.contains(field)) {
                m_fields.value(field)->setFocus(); // to the first field (in form order) that needs the user
                break;
            }
        setStatus(tr("Fix the fields marked in red; nothing was sent."), true);
        return false;
    }
    const quint64 request = ++m_request; // a second click supersedes the first answer
    m_save->setEnabled(false);
    setStatus(tr("Sending…"), false);
    QPointer<ResourceForm> self(this);
    auto done = [self, request](const client::Reply &reply) {
        if (!self || request != self->m_request)
            return;
        self->m_save->setEnabled(true);
        if (!reply.ok) {
            const QString message = reply.error.code ? tr("The server refused it: code %1: %2").arg(reply.error.code).arg(reply.error.message)
                                                     : tr("The server refused it: %1").arg(reply.error.message);
            self->setStatus(message, true);
            if (const QString field = self->fieldForServerError(reply.error.message); !field.isEmpty())
                self->setFieldError(field, reply.error.message);
            self->serverRefused(reply.error);
            return;
        }
        const QJsonObject answer = reply.value.toObject();
        self->setStatus(self->isNew() ? tr("Created.") : tr("Saved."), false);
        Q_EMIT self->saved(self->m_resource, self->savedName(answer), answer);
    };
    if (isNew())
        m_client->create(m_resource, requestBody(), done);
    else
        m_client->update(m_resource, m_key, updateBody(), done);
    return true;
}

QString ResourceForm::savedName(const QJsonObject &answer) const
{
    return answer.value(QStringLiteral("name")).toString(requestBody().value(QStringLiteral("name")).toString());
}

QString ResourceForm::fieldForServerError(const QString &message) const
{
    const QString name = requestBody().value(QStringLiteral("name")).toString();
    // "stream 'x' exists", "Stream default.x already exists": the name is what to change.
    if (!name.isEmpty() && message.contains(name) && (message.contains(QLatin1String("exist")) || message.contains(QLatin1String("name"))))
        return QStringLiteral("name");
    return {};
}

} // namespace tideline::ui::forms
