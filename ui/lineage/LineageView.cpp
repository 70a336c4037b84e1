#include "ui/lineage/LineageView.h"
#include <QApplication>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainterPath>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>
#include "models/LineageGraph.h"
#include "ui/lineage/LineageNodeItem.h"

namespace tideline::ui::lineage {

using models::LineageGraph;

namespace {

constexpr qreal kColumnGap = 110;
constexpr qreal kRowGap = 26;

QToolButton *toolButton(QWidget *parent, const char *name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

// A curve from the right edge of `from` to the left edge of `to`, with an arrow head.
QGraphicsPathItem *edgeItem(const QRectF &from, const QRectF &to, const QColor &color)
{
    const QPointF a(from.right(), from.center().y());
    const QPointF b(to.left(), to.center().y());
    const qreal dx = std::max<qreal>(40, (b.x() - a.x()) / 2);
    QPainterPath path(a);
    path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
    path.moveTo(b);
    path.lineTo(b + QPointF(-8, -4));
    path.moveTo(b);
    path.lineTo(b + QPointF(-8, 4));
    auto *item = new QGraphicsPathItem(path);
    item->setPen(QPen(color, 1.4));
    item->setZValue(0);
    return item;
}

} // namespace

LineageView::LineageView(client::WorkspaceClient *client, QWidget *parent)
    : QWidget(parent), m_graph(new LineageGraph(client, this)), m_scene(new QGraphicsScene(this)), m_view(new QGraphicsView(m_scene, this)),
      m_search(new QLineEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("lineageView"));
    m_view->setObjectName(QStringLiteral("lineageGraphicsView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_view->viewport()->installEventFilter(this);
    m_search->setObjectName(QStringLiteral("lineageSearch"));
    m_search->setPlaceholderText(tr("Find a stream, view, sink… (Enter)"));
    m_search->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("lineageStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    auto *fitButton = toolButton(this, "lineageFitButton", tr("Fit"), tr("Zoom to show the whole graph"));
    auto *refresh = toolButton(this, "lineageRefreshButton", tr("⟳ Refresh"), tr("Read the topology again"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(m_search, 1);
    bar->addWidget(fitButton);
    bar->addWidget(refresh);
    bar->addWidget(m_status);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(fitButton, &QToolButton::clicked, this, &LineageView::fit);
    connect(refresh, &QToolButton::clicked, this, &LineageView::reload);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) { search(t); });
    connect(m_graph, &LineageGraph::loaded, this, &LineageView::rebuildScene);
    connect(m_graph, &LineageGraph::throughputChanged, this, &LineageView::updateThroughput);
    connect(m_graph, &LineageGraph::failed, this, [this](const QString &m) { m_status->setText(tr("Partly loaded: %1").arg(m)); });
    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, m_graph, &LineageGraph::refreshThroughput);
    reload();
}

void LineageView::reload()
{
    m_status->setText(tr("Loading…"));
    m_graph->reload();
}

void LineageView::rebuildScene()
{
    m_scene->clear();
    m_items.clear();
    const auto &nodes = m_graph->nodes();
    QHash<int, QRectF> rects;
    for (int i = 0; i < nodes.size(); ++i) {
        const auto &n = nodes[i];
        auto *item = new LineageNodeItem(n.id, n.name, n.kind);
        item->setPos(n.layer * (LineageNodeItem::kWidth + kColumnGap), n.slot * (LineageNodeItem::kHeight + kRowGap));
        item->clicked = [this](const QString &id) { nodeClicked(id); };
        item->setThroughput(n.throughput, m_graph->index(i).data(LineageGraph::HasStatsRole).toBool());
        m_scene->addItem(item);
        m_items.insert(n.id, item);
        rects.insert(i, item->sceneBoundingRect().adjusted(2, 2, -2, -2));
    }
    const QColor edgeColor = QApplication::palette().color(QPalette::PlaceholderText);
    for (const auto &e : m_graph->edges())
        m_scene->addItem(edgeItem(rects.value(e.from), rects.value(e.to), edgeColor));
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    m_status->setText(nodes.isEmpty() ? tr("No streams yet.")
                                      : tr("%n objects", nullptr, int(nodes.size())) + QStringLiteral(" · ")
                                            + tr("%n links", nullptr, int(m_graph->edges().size())));
    if (!m_highlighted.isEmpty() || !m_search->text().isEmpty())
        search(m_search->text());
    fit();
}

void LineageView::updateThroughput()
{
    const auto &nodes = m_graph->nodes();
    for (int i = 0; i < nodes.size(); ++i)
        if (LineageNodeItem *item = m_items.value(nodes[i].id))
            item->setThroughput(nodes[i].throughput, m_graph->index(i).data(LineageGraph::HasStatsRole).toBool());
}

void LineageView::fit()
{
    if (m_scene->items().isEmpty())
        return;
    m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // Never blow a small graph up beyond its natural size: text would look coarse.
    if (m_view->transform().m11() > 1.0)
        m_view->setTransform(QTransform());
}

bool LineageView::search(const QString &text)
{
    if (LineageNodeItem *old = m_items.value(m_highlighted))
        old->setHighlighted(false);
    m_highlighted.clear();
    const int row = m_graph->find(text);
    if (row < 0)
        return false;
    m_highlighted = m_graph->nodes().at(row).id;
    if (LineageNodeItem *item = m_items.value(m_highlighted)) {
        item->setHighlighted(true);
        m_view->centerOn(item);
    }
    return true;
}

void LineageView::nodeClicked(const QString &id)
{
    const int row = m_graph->indexOf(id);
    if (row < 0)
        return;
    const auto &n = m_graph->nodes().at(row);
    Q_EMIT openRequested(n.resource, n.name, n.object);
}

void LineageView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_poll.start();
    fit();
}

void LineageView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll.stop(); // a hidden tab asks for no stats
}

bool LineageView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        const auto *wheel = static_cast<QWheelEvent *>(event);
        const qreal factor = wheel->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        m_view->scale(factor, factor);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace tideline::ui::lineage
