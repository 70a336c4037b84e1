#pragma once
// Lays out printable-ASCII text as a glyph run without the text engine.
//
// A live grid draws a hundred fresh strings per frame (new rows every frame when it follows the
// tail); QPainter::drawText itemizes, breaks and shapes each one through HarfBuzz, which is most of
// the cost of a repaint. Numbers, timestamps and identifiers are plain ASCII, where shaping is a
// table lookup: this cache holds each character's glyph and advance for one font and builds the
// QGlyphRun directly, eliding with "…" when the text is too wide. Text with any other character,
// or a font lacking one of these glyphs, is refused and the caller draws it the usual way.
// GUI thread only.
#include <QFont>
#include <QGlyphRun>
#include <QRawFont>
#include <array>

namespace tideline::ui {

class AsciiGlyphCache {
public:
    struct Run {
        QGlyphRun glyphs;
        qreal width = 0; // of what is drawn, ellipsis included
    };

    // False when `text` is not printable ASCII or the font cannot do it here.
    bool layout(const QFont &font, const QString &text, qreal maxWidth, Run &run);

private:
    void load(const QFont &font);

    static constexpr int kFirst = 0x20, kCount = 0x7f - 0x20;
    QFont m_font;
    bool m_loaded = false, m_usable = false;
    QRawFont m_raw;
    std::array<quint32, kCount> m_glyph{};
    std::array<qreal, kCount> m_advance{};
    quint32 m_ellipsisGlyph = 0;
    qreal m_ellipsisAdvance = 0;
    QList<quint32> m_indexes; // scratch, reused between calls
    QList<QPointF> m_positions;
};

} // namespace tideline::ui
