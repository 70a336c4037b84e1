#pragma once
// The SQL text editor: a monospace QPlainTextEdit with line numbers and SqlHighlighter.
// Ctrl+Enter asks to run the selection or the statement at the cursor, Ctrl+Shift+Enter the
// whole script, Esc to cancel; the owner (QueryTab) runs them. showError() underlines the
// position an engine error points at (until the next edit or run). With a CompletionModel set,
// SqlCompleter pops up completions while typing (and on Ctrl+Space).
#include <QPlainTextEdit>

namespace tideline::models {
class CompletionModel;
}

namespace tideline::ui {

class SqlCompleter;
class SqlHighlighter;

class SqlEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    struct Statement {
        QString sql;
        int offset = 0; // of sql in the document, to map error positions back
    };
    // The selection if any, otherwise the statement (between semicolons) around the cursor.
    Statement currentStatement() const;
    Statement wholeScript() const;
    static QList<Statement> splitStatements(const QString &text);

    void showError(int position);
    void clearError();
    bool hasError() const { return m_errorPosition >= 0; }
    SqlHighlighter *highlighter() const { return m_highlighter; }
    void setCompletionModel(models::CompletionModel *model);
    SqlCompleter *completer() const { return m_completer; }

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

Q_SIGNALS:
    void runRequested(const tideline::ui::SqlEditor::Statement &statement);
    void cancelRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateLineNumberArea(const QRect &rect, int dy);
    void updateExtraSelections();

    QWidget *m_lineNumbers;
    SqlHighlighter *m_highlighter;
    SqlCompleter *m_completer = nullptr;
    int m_errorPosition = -1;
};

} // namespace tideline::ui
