#include "ui/forms/UdfForm.h"
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include "models/FormValidation.h"

namespace tideline::ui::forms {

using models::FormValidation;

UdfForm::UdfForm(client::WorkspaceClient *client, const QJsonObject &udf, QWidget *parent)
    : ResourceForm(client, client::Resource::Udf, udf.value(QStringLiteral("name")).toString(), parent)
{
    setObjectName(QStringLiteral("udfForm"));
    setWindowTitle(isNew() ? tr("New function") : tr("Function %1").arg(key()));
    QWidget *body = form()->parentWidget();
    auto edit = [body](const char *name, const QString &text, const QString &placeholder) {
        auto *e = new QLineEdit(text, body);
        e->setObjectName(QLatin1String(name));
        e->setPlaceholderText(placeholder);
        return e;
    };
    QStringList args;
    for (const QJsonValue &a : udf.value(QStringLiteral("arguments")).toArray())
        args << a[QStringLiteral("name")].toString() + QLatin1Char(' ') + a[QStringLiteral("type")].toString();
    const QJsonObject auth = udf.value(QStringLiteral("auth_context")).toObject();
    m_name = edit("udfNameEdit", key(), QStringLiteral("add_tax"));
    m_name->setEnabled(isNew());
    m_description = edit("udfDescriptionEdit", udf.value(QStringLiteral("description")).toString(), tr("optional"));
    m_type = new QComboBox(body);
    m_type->setObjectName(QStringLiteral("udfTypeCombo"));
    m_type->addItems({QStringLiteral("javascript"), QStringLiteral("remote")});
    m_type->setCurrentText(udf.value(QStringLiteral("type")).toString(QStringLiteral("javascript")));
    m_arguments = edit("udfArgumentsEdit", args.join(QStringLiteral(", ")), QStringLiteral("price float64, rate float64"));
    m_returnType = edit("udfReturnTypeEdit", udf.value(QStringLiteral("return_type")).toString(), QStringLiteral("float64"));
    m_aggregation = new QCheckBox(tr("An aggregate function (initialize, process, finalize)"), body);
    m_aggregation->setObjectName(QStringLiteral("udfAggregationCheck"));
    m_aggregation->setChecked(udf.value(QStringLiteral("is_aggregation")).toBool());
    m_source = new QPlainTextEdit(udf.value(QStringLiteral("source")).toString(), body);
    m_source->setObjectName(QStringLiteral("udfSourceEdit"));
    m_source->setFont(QFont(QStringLiteral("monospace")));
    m_source->setMinimumHeight(140);
    auto *useTemplate = new QPushButton(tr("Insert a template"), body);
    useTemplate->setObjectName(QStringLiteral("udfTemplateButton"));
    m_url = edit("udfUrlEdit", udf.value(QStringLiteral("url")).toString(), QStringLiteral("https://functions.example.com/add_tax"));
    m_auth = new QComboBox(body);
    m_auth->setObjectName(QStringLiteral("udfAuthCombo"));
    m_auth->addItems({QStringLiteral("none"), QStringLiteral("auth_header")});
    m_auth->setCurrentText(udf.value(QStringLiteral("auth_method")).toString(QStringLiteral("none")));
    m_headerName = edit("udfHeaderNameEdit", auth.value(QStringLiteral("key_name")).toString(), QStringLiteral("X-Api-Key"));
    m_headerValue = edit("udfHeaderValueEdit", auth.value(QStringLiteral("key_value")).toString(), tr("secret"));
    m_headerValue->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    addField(tr("Name"), QStringLiteral("name"), m_name);
    addField(tr("Description"), QStringLiteral("description"), m_description);
    addField(tr("Type"), QStringLiteral("type"), m_type);
    addField(tr("Arguments"), QStringLiteral("arguments"), m_arguments);
    addField(tr("Return type"), QStringLiteral("return_type"), m_returnType);
    addSection(tr("JavaScript"));
    addField(QString(), QStringLiteral("is_aggregation"), m_aggregation);
    addField(tr("Source"), QStringLiteral("source"), m_source);
    form()->addRow(QString(), useTemplate);
    addSection(tr("Remote"));
    addField(tr("URL"), QStringLiteral("url"), m_url);
    addField(tr("Authentication"), QStringLiteral("auth_method"), m_auth);
    addField(tr("Header name"), QStringLiteral("key_name"), m_headerName);
    addField(tr("Header value"), QStringLiteral("key_value"), m_headerValue);
    connect(m_type, &QComboBox::currentTextChanged, this, &UdfForm::typeChanged);
    connect(m_auth, &QComboBox::currentTextChanged, this, &UdfForm::typeChanged);
    connect(useTemplate, &QPushButton::clicked, this, [this] {
        m_source->setPlainText(javascriptTemplate(m_name->text().trimmed().isEmpty() ? QStringLiteral("my_function") : m_name->text().trimmed(),
                                                  m_aggregation->isChecked()));
    });
    typeChanged();
    resize(680, 700);
}

QString UdfForm::javascriptTemplate(const QString &name, bool aggregation)
{
    if (!aggregation) // a scalar JS UDF gets a column of values per call and returns as many
        return QStringLiteral("function %1(values) {\n  return values.map(v => v * 2);\n}\n").arg(name);
    return QStringLiteral("{\n  initialize: function() { this.sum = 0; },\n"
                          "  process: function(values) { for (const v of values) this.sum += v; },\n"
                          "  finalize: function() { return this.sum; },\n"
                          "  serialize: function() { return JSON.stringify({sum: this.sum}); },\n"
                          "  deserialize: function(s) { this.sum = JSON.parse(s).sum; },\n"
                          "  merge: function(s) { this.sum += JSON.parse(s).sum; }\n}\n");
}

void UdfForm::typeChanged()
{
    const bool js = m_type->currentText() == QLatin1String("javascript");
    m_aggregation->setEnabled(js);
    m_source->setEnabled(js);
    m_url->setEnabled(!js);
    m_auth->setEnabled(!js);
    m_headerName->setEnabled(!js && m_auth->currentText() == QLatin1String("auth_header"));
    m_headerValue->setEnabled(m_headerName->isEnabled());
}

QJsonArray UdfForm::parseArguments(const QString &text, QString *error)
{
    QJsonArray out;
    QStringList names;
    // Split on commas outside parentheses: decimal(10, 2) is one type.
    QStringList parts;
    int depth = 0;
    QString current;
    for (QChar c : text) {
        depth += c == QLatin1Char('(') ? 1 : c == QLatin1Char(')') ? -1 : 0;
        if (c == QLatin1Char(',') && depth == 0) {
            parts << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty() || !parts.isEmpty())
        parts << current;
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        const int space = int(part.indexOf(QLatin1Char(' ')));
        const QString name = space < 0 ? part : part.left(space);
        const QString type = space < 0 ? QString() : part.mid(space + 1).trimmed();
        QString e = FormValidation::nameError(name, tr("argument"));
        if (e.isEmpty() && type.isEmpty())
            e = tr("\"%1\" needs a type, e.g. \"%1 float64\".").arg(name);
        else if (e.isEmpty())
            e = FormValidation::typeError(type);
        else
            e = tr("\"%1\": %2").arg(part, e);
        if (e.isEmpty() && names.contains(name))
            e = tr("\"%1\" is used twice.").arg(name);
        if (!e.isEmpty()) {
            if (error)
                *error = e;
            return {};
        }
        names << name;
        out.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}});
    }
    return out;
}

QJsonObject UdfForm::requestBody() const
{
    const QString type = m_type->currentText();
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()}, {QStringLiteral("type"), type},
                     {QStringLiteral("arguments"), parseArguments(m_arguments->text())},
                     {QStringLiteral("return_type"), m_returnType->text().trimmed()}};
    if (!m_description->text().trimmed().isEmpty())
        body.insert(QStringLiteral("description"), m_description->text().trimmed());
    if (type == QLatin1String("javascript")) {
        body.insert(QStringLiteral("source"), m_source->toPlainText());
        body.insert(QStringLiteral("is_aggregation"), m_aggregation->isChecked());
        return body;
    }
    body.insert(QStringLiteral("url"), m_url->text().trimmed());
    body.insert(QStringLiteral("auth_method"), m_auth->currentText());
    if (m_auth->currentText() == QLatin1String("auth_header"))
        body.insert(QStringLiteral("auth_context"), QJsonObject{{QStringLiteral("key_name"), m_headerName->text().trimmed()},
                                                                {QStringLiteral("key_value"), m_headerValue->text()}});
    return body;
}

QHash<QString, QString> UdfForm::validate() const
{
    QHash<QString, QString> errors;
    if (QString e = FormValidation::nameError(m_name->text().trimmed(), tr("function")); !e.isEmpty())
        errors.insert(QStringLiteral("name"), e);
    QString argError;
    parseArguments(m_arguments->text(), &argError);
    if (!argError.isEmpty())
        errors.insert(QStringLiteral("arguments"), argError);
    if (QString e = FormValidation::typeError(m_returnType->text()); !e.isEmpty())
        errors.insert(QStringLiteral("return_type"), m_returnType->text().trimmed().isEmpty() ? tr("The return type is required.") : e);
    if (m_type->currentText() == QLatin1String("javascript")) {
        if (m_source->toPlainText().trimmed().isEmpty())
            errors.insert(QStringLiteral("source"), tr("A JavaScript function needs its source (Insert a template to start)."));
    } else {
        if (QString e = FormValidation::urlError(m_url->text()); !e.isEmpty())
            errors.insert(QStringLiteral("url"), e);
        if (m_auth->currentText() == QLatin1String("auth_header") && m_headerName->text().trimmed().isEmpty())
            errors.insert(QStringLiteral("key_name"), tr("Name the header that carries the secret."));
    }
    return errors;
}

} // namespace tideline::ui::forms
