#pragma once
// A small line chart drawn with QPainter: a series of values (oldest first) as a filled line in
// the palette's highlight colour, the latest value and the maximum as text. Cheap enough to
// repaint on every stats refresh; no axes, no interaction. Colours come from the palette, so
// it follows the light and dark themes.
#include <QWidget>

namespace tideline::ui {

class Sparkline : public QWidget {
    Q_OBJECT
public:
    explicit Sparkline(QWidget *parent = nullptr);

    void setValues(const QList<double> &values);
    const QList<double> &values() const { return m_values; }
    void setCaption(const QString &caption); // "events/s (live)"
    void setUnit(const QString &unit) { m_unit = unit; update(); }
    void setPlaceholder(const QString &text) { m_placeholder = text; update(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_values;
    QString m_caption;
    QString m_unit;
    QString m_placeholder;
};

} // namespace tideline::ui
