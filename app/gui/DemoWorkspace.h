#pragma once
// --demo: makes the workspace alive. Creates the stream `devices` and a few saved queries
// (once: both survive restarts), then ingests a batch of simulated sensor events every 200 ms
// through WorkspaceClient::ingest (the engine has no random streams yet). Runs on the GUI
// thread; every call is asynchronous.
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace tideline::client {
class WorkspaceClient;
}

namespace tideline::app {

class DemoWorkspace : public QObject {
    Q_OBJECT
public:
    explicit DemoWorkspace(client::WorkspaceClient *client, QObject *parent = nullptr);
    void start(); // call once the client is Connected

Q_SIGNALS:
    void ready();  // the stream exists and events are flowing
    void seeded(); // a saved query was created (or all existed): the catalog changed

private:
    void createSavedQueries();
    void ingestBatch();

    client::WorkspaceClient *m_client;
    QTimer m_timer;
    QRandomGenerator m_random{20261125};
    bool m_started = false;
};

} // namespace tideline::app
