#pragma once
// New / edit a user-defined function: name, description, type and by type
// - javascript (CreateUDFRequest): arguments ("name type, name type"), return type, scalar or
//   aggregate, the source in a monospace editor with a template for each (a scalar maps arrays
//   of values; an aggregate is { initialize, process, finalize, serialize, deserialize, merge });
// - remote: the URL and its authentication header;
// - sql: a lambda, `(x, y) -> x * y`, created with CREATE OR REPLACE FUNCTION … AS (it is SQL,
//   not a /udfs document).
// Argument and return types are checked as Proton type names. An edit is a PUT of the whole body.
//
// Test run calls the function as it is in the form, before it is saved: it is created under a
// scratch name (tideline_test_<name>), `SELECT tideline_test_<name>(<sample arguments>)` runs
// (an aggregate gets one row per sample value), the scratch function is dropped, and the result
// or the error is shown under the button; a JavaScript error's line is marked in the editor.
#include "ui/forms/ResourceForm.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace tideline::ui::forms {

class UdfForm : public ResourceForm {
    Q_OBJECT
public:
    UdfForm(client::WorkspaceClient *client, const QJsonObject &udf, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    bool save() override;
    // "val float64, n int32" -> [{name, type}]; `error` says what is wrong with the text.
    static QJsonArray parseArguments(const QString &text, QString *error = nullptr);
    static QString javascriptTemplate(const QString &name, bool aggregation);
    // CREATE OR REPLACE FUNCTION `name` AS <lambda>, for the sql type.
    static QString lambdaStatement(const QString &name, const QString &lambda);
    // The SELECT of a test run; `arguments` as typed ("2.5, 'x'"); an aggregate gets them as rows.
    static QString testStatement(const QString &function, const QString &arguments, bool aggregation);
    // "… (line 3)" of a JavaScript error -> 3; 0 when the message names no line.
    static int errorLine(const QString &message);

    void testRun();
    QString testResult() const;
    bool testFailed() const { return m_testFailed; }

Q_SIGNALS:
    void testFinished(bool ok);

protected:
    void serverRefused(const client::ErrorInfo &error) override;

private:
    void createJavaScript(const QJsonObject &udf);
    void createRemote(const QJsonObject &udf);
    void createTestRun();
    void typeChanged();
    void insertTemplate();
    QString scratchName() const;
    void testCreated(const QString &scratch);
    void testDone(const QString &scratch, bool ok, const QString &text, int line);
    void dropScratch(const QString &scratch);
    void markLine(int line);
    void runStatement(const QString &sql, std::function<void(bool ok, const QString &text, const client::ErrorInfo &error)> done);

    QLineEdit *m_name, *m_description, *m_arguments, *m_returnType, *m_url, *m_headerName, *m_headerValue, *m_lambda, *m_testArgs;
    QComboBox *m_type, *m_auth;
    QCheckBox *m_aggregation;
    QPlainTextEdit *m_source;
    QPushButton *m_testButton;
    QLabel *m_testResult;
    bool m_testFailed = false;
    quint64 m_testRequest = 0;
};

} // namespace tideline::ui::forms
