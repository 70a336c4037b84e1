#pragma once
// One node of the lineage graph: a rounded box with the object's kind (coloured stripe and
// label), its name, and its events/s when known. Highlighting (search) thickens the outline.
// Clicking it calls the view back through the `clicked` function.
#include <QGraphicsObject>
#include <functional>

namespace tideline::ui::lineage {

class LineageNodeItem : public QGraphicsObject {
    Q_OBJECT
public:
    static constexpr qreal kWidth = 190;
    static constexpr qreal kHeight = 58;

    LineageNodeItem(const QString &id, const QString &name, const QString &kind, QGraphicsItem *parent = nullptr);

    QString id() const { return m_id; }
    QString name() const { return m_name; }
    void setThroughput(double eventsPerSecond, bool hasStats);
    QString throughputText() const { return m_throughput; }
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }
    std::function<void(const QString &)> clicked;
    static QColor kindColor(const QString &kind);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    QString m_id, m_name, m_kind, m_throughput;
    bool m_highlighted = false;
};

} // namespace tideline::ui::lineage
