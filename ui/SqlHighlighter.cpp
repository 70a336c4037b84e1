#include "ui/SqlHighlighter.h"
#include <QGuiApplication>
#include <QPalette>
#include <QSet>

namespace tideline::ui {

namespace {
enum BlockState { Normal = 0, InBlockComment = 1 };
}

const QStringList &SqlHighlighter::keywords()
{
    static const QStringList list = QStringLiteral(
        "select from where group by order having limit offset as and or not in is null like ilike between case when "
        "then else end join left right inner outer full cross on using union all distinct insert into values create "
        "drop alter stream streams view views materialized external table tables database if exists replace with "
        "settings format show describe explain emit changes periodic after watermark delay timeout last update "
        "changelog versioned_kv changelog_kv append partition primary key ttl interval second minute hour day week "
        "month year asc desc true false default comment function returns language javascript python remote "
        "engine random seek_to query_mode set system kill use array tuple map nullable low_cardinality "
        "datetime datetime64 date string int8 int16 int32 int64 uint8 uint16 uint32 uint64 float32 float64 "
        "decimal bool uuid json enrich dedup version_column sink source alert udf into subscribe")
        .split(QLatin1Char(' '));
    return list;
}

const QStringList &SqlHighlighter::functions()
{
    static const QStringList list = QStringLiteral(
        "tumble hop session table window_start window_end count sum avg min max uniq uniq_exact quantile p90 p99 "
        "top_k latest earliest lag now now64 to_datetime to_string to_int64 emit_version json_extract_string "
        "json_extract_int date_diff to_start_of_minute to_start_of_hour rand random_in_type if multi_if coalesce "
        "array_join length lower upper concat round floor ceil abs")
        .split(QLatin1Char(' '));
    return list;
}

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document),
      m_word(QStringLiteral("\\b[A-Za-z_][A-Za-z0-9_]*\\b")),
      m_numberRe(QStringLiteral("\\b[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?[smhdw]?\\b"))
{
    refreshColors();
}

void SqlHighlighter::refreshColors()
{
    // Dark backgrounds get lighter, less saturated variants of the same hues.
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_keyword.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1a, 0x4f, 0xc4));
    m_keyword.setFontWeight(QFont::Bold);
    m_function.setForeground(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x8b, 0x2d, 0xa8));
    m_string.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xb3, 0x54, 0x00));
    m_comment.setForeground(dark ? QColor(0x80, 0x8a, 0x99) : QColor(0x7a, 0x80, 0x87));
    m_comment.setFontItalic(true);
    rehighlight();
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    static const QSet<QString> kw(keywords().cbegin(), keywords().cend());
    static const QSet<QString> fn(functions().cbegin(), functions().cend());
    for (auto it = m_word.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString w = m.captured().toLower();
        if (kw.contains(w))
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_keyword);
        else if (fn.contains(w))
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_function);
    }
    for (auto it = m_numberRe.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_number);
    }
    // Strings and comments last, scanning once so quotes inside comments (and -- inside
    // strings) are handled; they override the word colours above.
    setCurrentBlockState(Normal);
    int i = 0;
    if (previousBlockState() == InBlockComment) {
        const int end = int(text.indexOf(QLatin1String("*/")));
        const int len = end < 0 ? int(text.size()) : end + 2;
        setFormat(0, len, m_comment);
        if (end < 0) {
            setCurrentBlockState(InBlockComment);
            return;
        }
        i = len;
    }
    while (i < text.size()) {
        const QChar c = text[i];
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            int j = i + 1;
            while (j < text.size() && text[j] != c)
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            const int end = std::min<int>(j + 1, int(text.size()));
            setFormat(i, end - i, c == QLatin1Char('\'') ? m_string : QTextCharFormat());
            i = end;
        } else if (text.mid(i, 2) == QLatin1String("--")) {
            setFormat(i, int(text.size()) - i, m_comment);
            return;
        } else if (text.mid(i, 2) == QLatin1String("/*")) {
            const int end = int(text.indexOf(QLatin1String("*/"), i + 2));
            const int len = end < 0 ? int(text.size()) - i : end + 2 - i;
            setFormat(i, len, m_comment);
            if (end < 0) {
                setCurrentBlockState(InBlockComment);
                return;
            }
            i += len;
        } else {
            ++i;
        }
    }
}

} // namespace tideline::ui
