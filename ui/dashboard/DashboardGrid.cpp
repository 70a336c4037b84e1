#include "ui/dashboard/DashboardGrid.h"
#include <QMouseEvent>
#include <QPainter>
#include <cmath>
#include "client/QueryHandle.h"
#include "models/DashboardDocument.h"
#include "ui/dashboard/PanelWidget.h"

namespace tideline::ui::dashboard {

using models::DashboardDocument;

DashboardGrid::DashboardGrid(DashboardDocument *document, QWidget *parent) : QWidget(parent), m_document(document)
{
    setObjectName(QStringLiteral("dashboardGrid"));
}

void DashboardGrid::setPanels(const QList<PanelWidget *> &panels)
{
    m_panels = panels;
    for (PanelWidget *p : panels) {
        p->setParent(this);
        p->header()->installEventFilter(this);
        p->resizeGrip()->installEventFilter(this);
        p->show();
    }
    relayout();
}

QRect DashboardGrid::cellsToPixels(const QRect &cells) const
{
    const double cell = double(width()) / DashboardDocument::kColumns;
    const int x = int(std::round(cells.x() * cell)), right = int(std::round((cells.x() + cells.width()) * cell));
    return QRect(x + kGap / 2, cells.y() * kRowHeight + kGap / 2, right - x - kGap, cells.height() * kRowHeight - kGap);
}

QRect DashboardGrid::pixelsToCells(const QRect &pixels) const
{
    const double cell = double(width()) / DashboardDocument::kColumns;
    const int x = int(std::round(pixels.x() / cell)), y = int(std::round(double(pixels.y()) / kRowHeight));
    const int w = std::max(1, int(std::round((pixels.width() + kGap) / cell)));
    const int h = std::max(1, int(std::round(double(pixels.height() + kGap) / kRowHeight)));
    return QRect(std::max(0, x), std::max(0, y), w, h);
}

void DashboardGrid::relayout()
{
    for (int i = 0; i < m_panels.size() && i < m_document->panelCount(); ++i) {
        const QRect r = cellsToPixels(m_document->position(i));
        m_panels[i]->setGeometry(r);
        m_panels[i]->resizeGrip()->move(r.width() - 14, r.height() - 14);
    }
    updateGeometry();
    setMinimumHeight(sizeHint().height());
    update();
}

QSize DashboardGrid::sizeHint() const
{
    int rows = 0;
    for (int i = 0; i < m_document->panelCount(); ++i)
        rows = std::max(rows, m_document->position(i).bottom() + 1);
    return QSize(800, std::max(4, rows + (m_editing ? 4 : 0)) * kRowHeight);
}

void DashboardGrid::resizeEvent(QResizeEvent *)
{
    relayout();
}

void DashboardGrid::paintEvent(QPaintEvent *)
{
    if (!m_editing)
        return;
    // The grid's cells, faintly, so the user sees where a panel will snap.
    QPainter p(this);
    QColor c = palette().color(QPalette::Mid);
    c.setAlpha(60);
    p.setPen(QPen(c, 1, Qt::DotLine));
    const double cell = double(width()) / DashboardDocument::kColumns;
    for (int i = 1; i < DashboardDocument::kColumns; ++i)
        p.drawLine(QPointF(i * cell, 0), QPointF(i * cell, height()));
    for (int y = kRowHeight; y < height(); y += kRowHeight)
        p.drawLine(0, y, width(), y);
}

int DashboardGrid::indexOfHandle(QObject *handle, bool *isGrip) const
{
    for (int i = 0; i < m_panels.size(); ++i) {
        if (m_panels[i]->header() == handle || m_panels[i]->resizeGrip() == handle) {
            *isGrip = m_panels[i]->resizeGrip() == handle;
            return i;
        }
    }
    return -1;
}

bool DashboardGrid::eventFilter(QObject *watched, QEvent *event)
{
    const auto type = event->type();
    if (!m_editing || (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease))
        return QWidget::eventFilter(watched, event);
    auto *mouse = static_cast<QMouseEvent *>(event);
    bool grip = false;
    const int index = indexOfHandle(watched, &grip);
    if (index < 0)
        return false;
    PanelWidget *panel = m_panels[index];
    if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
        m_dragging = index;
        m_resizing = grip;
        m_pressGlobal = mouse->globalPosition().toPoint();
        m_startGeometry = panel->geometry();
        panel->raise();
        return true;
    }
    if (m_dragging != index)
        return false;
    const QPoint delta = mouse->globalPosition().toPoint() - m_pressGlobal;
    const QRect moved = m_resizing ? QRect(m_startGeometry.topLeft(), m_startGeometry.size() + QSize(delta.x(), delta.y()))
                                   : m_startGeometry.translated(delta);
    if (type == QEvent::MouseMove) {
        panel->setGeometry(moved.normalized());
        return true;
    }
    m_dragging = -1;
    m_document->setPosition(index, pixelsToCells(moved.normalized()));
    relayout();
    Q_EMIT positionChanged(index);
    return true;
}

} // namespace tideline::ui::dashboard
