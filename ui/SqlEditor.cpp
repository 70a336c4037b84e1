#include "ui/SqlEditor.h"
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QTextBlock>
#include "ui/SqlCompleter.h"
#include "ui/SqlHighlighter.h"

namespace tideline::ui {

namespace {

// The gutter delegates painting to the editor, which knows the block geometry.
class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(SqlEditor *editor) : QWidget(editor), m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    SqlEditor *m_editor;
};

} // namespace

SqlEditor::SqlEditor(QWidget *parent)
    : QPlainTextEdit(parent), m_lineNumbers(new LineNumberArea(this)), m_highlighter(new SqlHighlighter(document()))
{
    setObjectName(QStringLiteral("sqlEditor"));
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(10.0, font.pointSizeF()));
    setFont(font);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setPlaceholderText(tr("Write streaming SQL here. Ctrl+Enter runs the statement at the cursor."));
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &SqlEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::textChanged, this, [this] { if (m_errorPosition >= 0) clearError(); });
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

QList<SqlEditor::Statement> SqlEditor::splitStatements(const QString &text)
{
    // Semicolons inside strings, quoted names and comments do not end a statement.
    QList<Statement> out;
    int start = 0;
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
        } else if (text.mid(i, 2) == QLatin1String("--")) {
            const int nl = int(text.indexOf(QLatin1Char('\n'), i));
            i = nl < 0 ? int(text.size()) : nl;
        } else if (text.mid(i, 2) == QLatin1String("/*")) {
            const int end = int(text.indexOf(QLatin1String("*/"), i + 2));
            i = end < 0 ? int(text.size()) : end + 1;
        } else if (c == QLatin1Char(';')) {
            out.append({text.mid(start, i - start), start});
            start = i + 1;
        }
    }
    out.append({text.mid(start), start});
    return out;
}

SqlEditor::Statement SqlEditor::currentStatement() const
{
    const QTextCursor cursor = textCursor();
    if (cursor.hasSelection()) {
        QString sql = cursor.selectedText();
        sql.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
        return {sql, cursor.selectionStart()};
    }
    const QList<Statement> all = splitStatements(toPlainText());
    const int pos = cursor.position();
    // The statement the cursor is in; a cursor right after a ';' (or in trailing blank space)
    // means the statement before it.
    const Statement *best = nullptr;
    for (const Statement &s : all) {
        if (s.sql.trimmed().isEmpty())
            continue;
        if (pos >= s.offset)
            best = &s;
        if (pos <= s.offset + s.sql.size())
            break;
    }
    if (!best)
        return {};
    // Leading blank lines move the offset so error positions still match.
    const int lead = int(best->sql.size() - QString(best->sql).remove(QRegularExpression(QStringLiteral("^\\s+"))).size());
    return {best->sql.mid(lead).trimmed(), best->offset + lead};
}

SqlEditor::Statement SqlEditor::wholeScript() const
{
    return {toPlainText(), 0};
}

void SqlEditor::showError(int position)
{
    m_errorPosition = std::clamp(position, 0, std::max(0, int(document()->characterCount()) - 1));
    updateExtraSelections();
}

void SqlEditor::clearError()
{
    m_errorPosition = -1;
    updateExtraSelections();
}

void SqlEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_errorPosition >= 0) {
        QTextEdit::ExtraSelection error;
        error.cursor = QTextCursor(document());
        error.cursor.setPosition(m_errorPosition);
        error.cursor.movePosition(QTextCursor::EndOfWord, QTextCursor::KeepAnchor);
        if (!error.cursor.hasSelection())
            error.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(0xe5, 0x39, 0x35));
        selections.append(error);
    }
    setExtraSelections(selections);
}

void SqlEditor::setCompletionModel(models::CompletionModel *model)
{
    delete m_completer;
    m_completer = model ? new SqlCompleter(this, model) : nullptr;
}

void SqlEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_completer && m_completer->popupOwnsKey(event)) {
        event->ignore(); // QCompleter's event filter takes Enter/Tab/Esc for the popup
        return;
    }
    if (event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier)) {
        if (m_completer)
            m_completer->requestNow();
        event->accept();
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & Qt::ControlModifier)) {
        const Statement s = (event->modifiers() & Qt::ShiftModifier) ? wholeScript() : currentStatement();
        if (!s.sql.trimmed().isEmpty())
            Q_EMIT runRequested(s);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT cancelRequested();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    if (m_completer)
        m_completer->keyHandled(event);
}

int SqlEditor::lineNumberAreaWidth() const
{
    int digits = 2;
    for (int max = std::max(1, blockCount()); max >= 100; max /= 10)
        ++digits;
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void SqlEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy)
        m_lineNumbers->scroll(0, dy);
    else
        m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
}

void SqlEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_lineNumbers->setGeometry(QRect(r.left(), r.top(), lineNumberAreaWidth(), r.height()));
}

void SqlEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->refreshColors();
}

void SqlEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumbers);
    const QPalette &pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int current = textCursor().blockNumber();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            QColor color = pal.color(QPalette::PlaceholderText);
            if (block.blockNumber() == current)
                color = pal.color(QPalette::Text);
            painter.setPen(color);
            painter.drawText(0, top, m_lineNumbers->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top += height;
    }
}

} // namespace tideline::ui
