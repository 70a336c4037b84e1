#pragma once
// Lays panels out on the Console's 12-column grid (a cell is width/12 by kRowHeight pixels) from
// their `position`. In edit mode a panel's header drags it and its corner grip resizes it; on
// release the panel snaps to whole cells and the new position is written to the document.
#include <QList>
#include <QPoint>
#include <QRect>
#include <QWidget>

namespace tideline::models {
class DashboardDocument;
}

namespace tideline::ui::dashboard {

class PanelWidget;

class DashboardGrid : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRowHeight = 64;
    static constexpr int kGap = 6;

    explicit DashboardGrid(models::DashboardDocument *document, QWidget *parent = nullptr);

    void setPanels(const QList<PanelWidget *> &panels); // in document order
    void setEditMode(bool editing) { m_editing = editing; }
    void relayout();
    QRect cellsToPixels(const QRect &cells) const;
    QRect pixelsToCells(const QRect &pixels) const;
    QSize sizeHint() const override;

Q_SIGNALS:
    void positionChanged(int index); // a panel was moved or resized by the user

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int indexOfHandle(QObject *handle, bool *isGrip) const;

    models::DashboardDocument *m_document;
    QList<PanelWidget *> m_panels;
    bool m_editing = false;
    int m_dragging = -1;
    bool m_resizing = false;
    QPoint m_pressGlobal;
    QRect m_startGeometry;
};

} // namespace tideline::ui::dashboard
