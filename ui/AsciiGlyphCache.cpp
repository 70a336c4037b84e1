#include "ui/AsciiGlyphCache.h"

namespace tideline::ui {

void AsciiGlyphCache::load(const QFont &font)
{
    m_font = font;
    m_loaded = true;
    m_raw = QRawFont::fromFont(font);
    m_usable = m_raw.isValid();
    if (!m_usable)
        return;
    QChar chars[kCount + 1];
    for (int i = 0; i < kCount; ++i)
        chars[i] = QChar(kFirst + i);
    chars[kCount] = QChar(0x2026); // …
    quint32 glyphs[kCount + 1] = {};
    int count = kCount + 1;
    QPointF advances[kCount + 1];
    if (!m_raw.glyphIndexesForChars(chars, kCount + 1, glyphs, &count) || count != kCount + 1
        || !m_raw.advancesForGlyphIndexes(glyphs, advances, kCount + 1)) {
        m_usable = false;
        return;
    }
    for (int i = 0; i < kCount; ++i) {
        m_glyph[size_t(i)] = glyphs[i];
        m_advance[size_t(i)] = advances[i].x();
        // Glyph 0 is "missing": that character would need a fallback font.
        m_usable = m_usable && (glyphs[i] != 0 || i == 0);
    }
    m_ellipsisGlyph = glyphs[kCount];
    m_ellipsisAdvance = advances[kCount].x();
    if (m_ellipsisGlyph == 0) { // no "…" in this font: three dots
        m_ellipsisGlyph = m_glyph['.' - kFirst];
        m_ellipsisAdvance = -1;
    }
}

bool AsciiGlyphCache::layout(const QFont &font, const QString &text, qreal maxWidth, Run &run)
{
    if (!m_loaded || font != m_font)
        load(font);
    if (!m_usable)
        return false;
    const qsizetype n = text.size();
    const QChar *chars = text.constData();
    m_indexes.resize(n);
    m_positions.resize(n);
    qreal x = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = chars[i].unicode();
        if (c < kFirst || c >= kFirst + kCount)
            return false;
        m_indexes[i] = m_glyph[size_t(c - kFirst)];
        m_positions[i] = QPointF(x, 0);
        x += m_advance[size_t(c - kFirst)];
    }
    if (x > maxWidth && n > 0) { // keep the longest prefix that fits with the ellipsis after it
        const bool dots = m_ellipsisAdvance < 0;
        const qreal step = dots ? m_advance['.' - kFirst] : m_ellipsisAdvance;
        const int marks = dots ? 3 : 1;
        qsizetype kept = n - 1;
        while (kept > 0 && m_positions[kept].x() + marks * step > maxWidth)
            --kept;
        x = m_positions[kept].x();
        m_indexes.resize(kept);
        m_positions.resize(kept);
        for (int i = 0; i < marks; ++i, x += step) {
            m_indexes.append(m_ellipsisGlyph);
            m_positions.append(QPointF(x, 0));
        }
    }
    run.glyphs.setRawFont(m_raw);
    run.glyphs.setGlyphIndexes(m_indexes);
    run.glyphs.setPositions(m_positions);
    run.width = x;
    return true;
}

} // namespace tideline::ui
