#pragma once
// The lineage tab: the topology of models::LineageGraph drawn left to right with
// QGraphicsView (sources, then streams, views and MVs by depth, sinks at the end of their
// chains), edges as curves with arrow heads. A search box highlights the first matching node
// and centres it; "Fit" zooms to the whole graph (also after every reload); the wheel zooms.
// Clicking a node asks the window to open its page. Nodes with stats show their events/s,
// refreshed on a timer while the tab is visible (the stats calls are asynchronous: the GUI
// thread never waits for them).
#include <QHash>
#include <QTimer>
#include <QWidget>
#include "client/WorkspaceClient.h"

class QGraphicsScene;
class QGraphicsView;
class QLabel;
class QLineEdit;

namespace tideline::models {
class LineageGraph;
}

namespace tideline::ui::lineage {

class LineageNodeItem;

class LineageView : public QWidget {
    Q_OBJECT
public:
    explicit LineageView(client::WorkspaceClient *client, QWidget *parent = nullptr);

    models::LineageGraph *graph() const { return m_graph; }
    QGraphicsView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    void reload();
    void fit();
    // Highlights and centres the first node matching `text`; false when none matches.
    bool search(const QString &text);
    QString highlighted() const { return m_highlighted; }
    // The scene item of a node (by LineageGraph id), for tests and screenshots.
    LineageNodeItem *item(const QString &id) const { return m_items.value(id); }
    void setRefreshInterval(int msecs) { m_poll.setInterval(msecs); }

Q_SIGNALS:
    void openRequested(client::Resource resource, const QString &name, const QJsonObject &object);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuildScene();
    void updateThroughput();
    void nodeClicked(const QString &id);

    models::LineageGraph *m_graph;
    QGraphicsScene *m_scene;
    QGraphicsView *m_view;
    QLineEdit *m_search;
    QLabel *m_status;
    QTimer m_poll;
    QHash<QString, LineageNodeItem *> m_items;
    QString m_highlighted;
};

} // namespace tideline::ui::lineage
