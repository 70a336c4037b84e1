#include "ui/forms/UdfForm.h"
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QVBoxLayout>
#include "client/QueryHandle.h"
#include "client/ResultBatch.h"
#include "models/FormValidation.h"

namespace tideline::ui::forms {

using models::FormValidation;

namespace {
const QString kJavaScript = QStringLiteral("javascript");
const QString kRemote = QStringLiteral("remote");
const QString kSql = QStringLiteral("sql");

QString quotedName(const QString &name)
{
    QString escaped = name;
    return QLatin1Char('`') + escaped.replace(QLatin1Char('`'), QStringLiteral("\\`")) + QLatin1Char('`');
}
} // namespace

UdfForm::UdfForm(client::WorkspaceClient *client, const QJsonObject &udf, QWidget *parent)
    : ResourceForm(client, client::Resource::Udf, udf.value(QStringLiteral("name")).toString(), parent)
{
    setObjectName(QStringLiteral("udfForm"));
    setWindowTitle(isNew() ? tr("New function") : tr("Function %1").arg(key()));
    QWidget *body = form()->parentWidget();
    QStringList args;
    for (const QJsonValue &a : udf.value(QStringLiteral("arguments")).toArray())
        args << a[QStringLiteral("name")].toString() + QLatin1Char(' ') + a[QStringLiteral("type")].toString();
    m_name = addLineField(tr("Name"), QStringLiteral("name"), "udfNameEdit", key(), QStringLiteral("add_tax"));
    m_name->setEnabled(isNew());
    m_description = addLineField(tr("Description"), QStringLiteral("description"), "udfDescriptionEdit",
                                 udf.value(QStringLiteral("description")).toString(), tr("optional"));
    m_type = new QComboBox(body);
    m_type->setObjectName(QStringLiteral("udfTypeCombo"));
    m_type->addItems({kJavaScript, kRemote, kSql});
    m_type->setItemData(2, tr("A SQL lambda: CREATE FUNCTION … AS (x) -> expression"), Qt::ToolTipRole);
    m_type->setCurrentText(udf.value(QStringLiteral("type")).toString(kJavaScript));
    m_type->setEnabled(isNew());
    addField(tr("Type"), QStringLiteral("type"), m_type);
    m_arguments = addLineField(tr("Arguments"), QStringLiteral("arguments"), "udfArgumentsEdit", args.join(QStringLiteral(", ")),
                               QStringLiteral("price float64, rate float64"));
    m_returnType = addLineField(tr("Return type"), QStringLiteral("return_type"), "udfReturnTypeEdit",
                               udf.value(QStringLiteral("return_type")).toString(), QStringLiteral("float64"));
    m_lambda = addLineField(tr("Lambda"), QStringLiteral("lambda"), "udfLambdaEdit", QString(), QStringLiteral("(price, rate) -> price * (1 + rate)"));
    m_lambda->setFont(QFont(QStringLiteral("monospace")));
    createJavaScript(udf);
    createRemote(udf);
    createTestRun();
    connect(m_type, &QComboBox::currentTextChanged, this, &UdfForm::typeChanged);
    connect(m_auth, &QComboBox::currentTextChanged, this, &UdfForm::typeChanged);
    connect(m_aggregation, &QCheckBox::toggled, this, &UdfForm::typeChanged);
    connect(m_testButton, &QPushButton::clicked, this, &UdfForm::testRun);
    connect(m_source, &QPlainTextEdit::textChanged, this, [this] { m_source->setExtraSelections({}); });
    typeChanged();
    resize(760, 860);
}

void UdfForm::createJavaScript(const QJsonObject &udf)
{
    QWidget *body = form()->parentWidget();
    addSection(tr("JavaScript"));
    m_aggregation = new QCheckBox(tr("An aggregate function (initialize, process, finalize, serialize, deserialize, merge)"), body);
    m_aggregation->setObjectName(QStringLiteral("udfAggregationCheck"));
    m_aggregation->setChecked(udf.value(QStringLiteral("is_aggregation")).toBool());
    addField(QString(), QStringLiteral("is_aggregation"), m_aggregation);
    m_source = addCodeField(tr("Source"), QStringLiteral("source"), "udfSourceEdit", udf.value(QStringLiteral("source")).toString(),
                            tr("Insert a template to start"), 14);
    m_source->setTabStopDistance(m_source->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    auto *useTemplate = new QPushButton(tr("Insert a template"), body);
    useTemplate->setObjectName(QStringLiteral("udfTemplateButton"));
    useTemplate->setToolTip(tr("Replace the source with a scalar or aggregate template, as the checkbox says"));
    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(useTemplate);
    templateRow->addStretch(1);
    form()->addRow(QString(), templateRow);
    connect(useTemplate, &QPushButton::clicked, this, &UdfForm::insertTemplate);
}

void UdfForm::createRemote(const QJsonObject &udf)
{
    QWidget *body = form()->parentWidget();
    const QJsonObject auth = udf.value(QStringLiteral("auth_context")).toObject();
    addSection(tr("Remote"));
    m_url = addLineField(tr("URL"), QStringLiteral("url"), "udfUrlEdit", udf.value(QStringLiteral("url")).toString(),
                         QStringLiteral("https://functions.example.com/add_tax"));
    m_auth = new QComboBox(body);
    m_auth->setObjectName(QStringLiteral("udfAuthCombo"));
    m_auth->addItems({QStringLiteral("none"), QStringLiteral("auth_header")});
    m_auth->setCurrentText(udf.value(QStringLiteral("auth_method")).toString(QStringLiteral("none")));
    addField(tr("Authentication"), QStringLiteral("auth_method"), m_auth);
    m_headerName = addLineField(tr("Header name"), QStringLiteral("key_name"), "udfHeaderNameEdit", auth.value(QStringLiteral("key_name")).toString(),
                                QStringLiteral("X-Api-Key"));
    m_headerValue = addLineField(tr("Header value"), QStringLiteral("key_value"), "udfHeaderValueEdit",
                                 auth.value(QStringLiteral("key_value")).toString(), tr("secret"));
    m_headerValue->setEchoMode(QLineEdit::PasswordEchoOnEdit);
}

void UdfForm::createTestRun()
{
    QWidget *body = form()->parentWidget();
    addSection(tr("Test run"));
    m_testArgs = addLineField(tr("Sample arguments"), QStringLiteral("test_arguments"), "udfTestArgumentsEdit", QString(),
                              tr("2.5, 0.2 (an aggregate: one value per row, 1, 2, 3)"));
    m_testButton = new QPushButton(tr("Test run"), body);
    m_testButton->setObjectName(QStringLiteral("udfTestButton"));
    m_testButton->setToolTip(tr("Call the function as it is in this form, without saving it"));
    m_testResult = new QLabel(body);
    m_testResult->setObjectName(QStringLiteral("udfTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setFont(QFont(QStringLiteral("monospace")));
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testResult, 1);
    form()->addRow(QString(), testRow);
}

void UdfForm::insertTemplate()
{
    const QString name = m_name->text().trimmed().isEmpty() ? QStringLiteral("my_function") : m_name->text().trimmed();
    m_source->setPlainText(javascriptTemplate(name, m_aggregation->isChecked()));
    if (m_returnType->text().trimmed().isEmpty())
        m_returnType->setText(QStringLiteral("float64"));
}

QString UdfForm::javascriptTemplate(const QString &name, bool aggregation)
{
    if (!aggregation) // called once per block: one array per argument, returns as many values
        return QStringLiteral("// Called with one array per argument (a block of rows);\n"
                              "// returns an array with one result per row.\n"
                              "function %1(values) {\n  return values.map(v => v * 2);\n}\n").arg(name);
    return QStringLiteral("// One object per group. process() gets one array per argument.\n"
                          "{\n"
                          "  initialize: function() { this.sum = 0; },\n"
                          "  process: function(values) { for (const v of values) this.sum += v; },\n"
                          "  finalize: function() { return this.sum; },\n"
                          "  // State for checkpoints and for merging partial aggregates:\n"
                          "  serialize: function() { return JSON.stringify({sum: this.sum}); },\n"
                          "  deserialize: function(state) { this.sum = JSON.parse(state).sum; },\n"
                          "  merge: function(state) { this.sum += JSON.parse(state).sum; }\n"
                          "}\n");
}

QString UdfForm::lambdaStatement(const QString &name, const QString &lambda)
{
    return QStringLiteral("CREATE OR REPLACE FUNCTION %1 AS %2").arg(quotedName(name), lambda.trimmed());
}

QString UdfForm::testStatement(const QString &function, const QString &arguments, bool aggregation)
{
    if (!aggregation)
        return QStringLiteral("SELECT %1(%2)").arg(quotedName(function), arguments.trimmed());
    return QStringLiteral("SELECT %1(x) FROM (SELECT array_join([%2]) AS x)").arg(quotedName(function), arguments.trimmed());
}

int UdfForm::errorLine(const QString &message)
{
    static const QRegularExpression line(QStringLiteral("\\(line (\\d+)\\)"));
    const auto m = line.match(message);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

void UdfForm::typeChanged()
{
    const QString type = m_type->currentText();
    const bool js = type == kJavaScript, remote = type == kRemote, sql = type == kSql;
    setFieldVisible(QStringLiteral("arguments"), !sql);
    setFieldVisible(QStringLiteral("return_type"), !sql);
    setFieldVisible(QStringLiteral("lambda"), sql);
    m_aggregation->setEnabled(js);
    m_source->setEnabled(js);
    m_url->setEnabled(remote);
    m_auth->setEnabled(remote);
    m_headerName->setEnabled(remote && m_auth->currentText() == QLatin1String("auth_header"));
    m_headerValue->setEnabled(m_headerName->isEnabled());
    m_testArgs->setPlaceholderText(js && m_aggregation->isChecked() ? tr("values, one per row: 1, 2, 3") : tr("arguments: 2.5, 0.2"));
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
    if (type == kJavaScript) {
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
    if (m_type->currentText() == kSql) {
        static const QRegularExpression lambda(QStringLiteral("^\\(?\\s*[A-Za-z_][A-Za-z0-9_]*(\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*\\s*\\)?\\s*->\\s*\\S"));
        if (!lambda.match(m_lambda->text().trimmed()).hasMatch())
            errors.insert(QStringLiteral("lambda"), tr("A lambda like (x, y) -> x * y is needed."));
        return errors;
    }
    QString argError;
    parseArguments(m_arguments->text(), &argError);
    if (!argError.isEmpty())
        errors.insert(QStringLiteral("arguments"), argError);
    if (QString e = FormValidation::typeError(m_returnType->text()); !e.isEmpty())
        errors.insert(QStringLiteral("return_type"), m_returnType->text().trimmed().isEmpty() ? tr("The return type is required.") : e);
    if (m_type->currentText() == kJavaScript) {
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

// A SQL lambda is a statement, not a /udfs document: it is run as one.
bool UdfForm::save()
{
    if (m_type->currentText() != kSql)
        return ResourceForm::save();
    clearErrors();
    const QHash<QString, QString> errors = validate();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        setFieldError(it.key(), it.value());
    if (!errors.isEmpty()) {
        setStatus(tr("Fix the fields marked in red; nothing was sent."), true);
        return false;
    }
    const QString name = m_name->text().trimmed();
    setStatus(tr("Sending…"), false);
    runStatement(lambdaStatement(name, m_lambda->text()), [this, name](bool ok, const QString &, const client::ErrorInfo &error) {
        if (!ok) {
            setStatus(tr("The server refused it: code %1: %2").arg(error.code).arg(error.message), true);
            setFieldError(QStringLiteral("lambda"), error.message);
            return;
        }
        setStatus(tr("Created."), false);
        Q_EMIT saved(client::Resource::Udf, name, QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), kSql}});
    });
    return true;
}

// Runs one statement; `done` gets the first cell of the first row (or "" for none), or the error.
void UdfForm::runStatement(const QString &sql, std::function<void(bool, const QString &, const client::ErrorInfo &)> done)
{
    client::QueryHandle *handle = client()->runQuery(sql, {}, this);
    auto first = std::make_shared<QString>();
    auto seen = std::make_shared<bool>(false);
    connect(handle, &client::QueryHandle::rows, this, [first, seen](const client::ResultBatch &batch) {
        if (!*seen && !batch.isEmpty()) {
            *seen = true;
            *first = batch.isNull(0, 0) ? QStringLiteral("NULL") : QString::fromUtf8(batch.text(0, 0));
        }
    });
    connect(handle, &client::QueryHandle::finished, this, [handle, first, done](const QJsonObject &) {
        handle->deleteLater();
        done(true, *first, {});
    });
    connect(handle, &client::QueryHandle::failed, this, [handle, done](const client::ErrorInfo &error) {
        handle->deleteLater();
        done(false, {}, error);
    });
}

QString UdfForm::scratchName() const
{
    return QStringLiteral("tideline_test_") + m_name->text().trimmed();
}

void UdfForm::testRun()
{
    clearErrors();
    QHash<QString, QString> errors = validate();
    if (m_testArgs->text().trimmed().isEmpty())
        errors.insert(QStringLiteral("test_arguments"), tr("Type the arguments to call it with, like 2.5, 0.2."));
    if (!errors.isEmpty()) {
        for (auto it = errors.begin(); it != errors.end(); ++it)
            setFieldError(it.key(), it.value());
        testDone({}, false, tr("Fix the fields marked in red first."), 0);
        return;
    }
    ++m_testRequest;
    m_testButton->setEnabled(false);
    m_testResult->setPalette(palette());
    m_testResult->setText(tr("Running…"));
    const QString scratch = scratchName();
    QPointer<UdfForm> self(this);
    if (m_type->currentText() == kSql) {
        runStatement(lambdaStatement(scratch, m_lambda->text()), [self, scratch](bool ok, const QString &, const client::ErrorInfo &error) {
            if (!self)
                return;
            if (!ok)
                return self->testDone({}, false, tr("code %1: %2").arg(error.code).arg(error.message), 0);
            self->testCreated(scratch);
        });
        return;
    }
    QJsonObject body = requestBody();
    body.insert(QStringLiteral("name"), scratch);
    if (m_type->currentText() == kJavaScript && !m_aggregation->isChecked()) // the runtime looks the function up by the UDF's name
        body.insert(QStringLiteral("source"), m_source->toPlainText() + QStringLiteral("\nvar %1 = %2;").arg(scratch, m_name->text().trimmed()));
    client()->create(client::Resource::Udf, body, [self, scratch](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok)
            return self->testDone({}, false, tr("code %1: %2").arg(reply.error.code).arg(reply.error.message), errorLine(reply.error.message));
        self->testCreated(scratch);
    });
}

void UdfForm::testCreated(const QString &scratch)
{
    const bool aggregation = m_type->currentText() == kJavaScript && m_aggregation->isChecked();
    QPointer<UdfForm> self(this);
    runStatement(testStatement(scratch, m_testArgs->text(), aggregation), [self, scratch](bool ok, const QString &text, const client::ErrorInfo &error) {
        if (!self)
            return;
        if (ok)
            return self->testDone(scratch, true, text, 0);
        QString message = error.code ? tr("code %1: %2").arg(error.code).arg(error.message) : error.message;
        if (error.position >= 0)
            message += tr(" (at position %1 of the test SELECT)").arg(error.position + 1);
        self->testDone(scratch, false, message, errorLine(error.message));
    });
}

void UdfForm::testDone(const QString &scratch, bool ok, const QString &text, int line)
{
    if (!scratch.isEmpty())
        dropScratch(scratch);
    m_testButton->setEnabled(true);
    m_testFailed = !ok;
    // The scratch name means nothing to the user: show the function's own name.
    QString shown = text;
    if (!scratch.isEmpty())
        shown.replace(scratch, m_name->text().trimmed());
    if (ok) {
        m_testResult->setPalette(palette());
        m_testResult->setText(tr("= %1").arg(shown));
    } else {
        styleErrorLabel(m_testResult);
        const bool aggregateShift = m_aggregation->isChecked() && line > 1; // the runtime wraps an aggregate in one line
        const int sourceLine = aggregateShift ? line - 1 : line;
        m_testResult->setText(sourceLine > 0 ? tr("Line %1: %2").arg(sourceLine).arg(shown) : shown);
        markLine(sourceLine);
    }
    Q_EMIT testFinished(ok);
}

void UdfForm::dropScratch(const QString &scratch)
{
    if (m_type->currentText() == kSql)
        runStatement(QStringLiteral("DROP FUNCTION IF EXISTS %1").arg(quotedName(scratch)), [](bool, const QString &, const client::ErrorInfo &) {});
    else
        client()->remove(client::Resource::Udf, scratch, [](const client::Reply &) {});
}

void UdfForm::markLine(int line)
{
    if (line <= 0 || line > m_source->blockCount())
        return;
    QTextEdit::ExtraSelection mark;
    mark.format.setBackground(QColor(0xe5, 0x39, 0x35, 60));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    mark.cursor = QTextCursor(m_source->document()->findBlockByNumber(line - 1));
    m_source->setExtraSelections({mark});
    m_source->setTextCursor(mark.cursor);
}

QString UdfForm::testResult() const
{
    return m_testResult->text();
}

void UdfForm::serverRefused(const client::ErrorInfo &error)
{
    if (int line = errorLine(error.message); line > 0)
        markLine(m_aggregation->isChecked() && line > 1 ? line - 1 : line);
}

} // namespace tideline::ui::forms
