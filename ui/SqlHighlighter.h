#pragma once
// Syntax colours for Proton's streaming SQL: keywords (with the streaming ones: EMIT, WATERMARK,
// tumble, hop, session, table, ...), strings, numbers, line and block comments. Colours come
// from the palette so the light and the dark theme both read well; refreshColors() after a
// theme change.
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tideline::ui {

class SqlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);
    void refreshColors();
    static const QStringList &keywords();
    static const QStringList &functions();

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyword, m_function, m_string, m_number, m_comment;
    QRegularExpression m_word, m_numberRe;
};

} // namespace tideline::ui
