#pragma once
// The two backends of a GUI test that must behave the same on both: the embedded engine
// (LocalClient on a folder) and a real tidelined on loopback (RemoteClient), both connected.
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "tests/ui/Tidelined.h"

namespace tideline::tests {

// Runs one statement (DDL) to its end; a test failure when it fails or does not end in time.
inline void runStatement(client::WorkspaceClient *c, const QString &sql)
{
    auto *h = c->runQuery(sql);
    bool done = false, failed = false;
    QObject::connect(h, &client::QueryHandle::finished, h, [&] { done = true; });
    QObject::connect(h, &client::QueryHandle::failed, h, [&](const client::ErrorInfo &e) {
        qWarning() << e.message;
        done = failed = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    delete h;
    QVERIFY2(!failed, qPrintable(sql));
}

struct BothBackends {
    QTemporaryDir dir;
    Tidelined server;
    std::unique_ptr<client::WorkspaceClient> local, remote;

    // Starts the server, connects both clients and runs `ddl` on each (QTest::currentTestFailed()
    // says whether it all worked).
    void open(const QString &ddl)
    {
        QVERIFY(server.start(dir.filePath(QStringLiteral("server")), dir.filePath(QStringLiteral("api-key"))));
        client::RemoteOptions options;
        options.baseUrl = QUrl(server.url);
        options.apiKey = server.key;
        options.requestTimeoutMs = 10000;
        remote = std::make_unique<client::RemoteClient>(options);
        local = std::make_unique<client::LocalClient>(dir.filePath(QStringLiteral("local")));
        for (auto *c : {local.get(), remote.get()}) {
            c->open();
            QTRY_VERIFY_WITH_TIMEOUT(c->state() == client::ConnectionState::Connected, 20000);
            runStatement(c, ddl);
        }
    }
    client::WorkspaceClient *backend(bool isRemote) const { return isRemote ? remote.get() : local.get(); }
};

} // namespace tideline::tests
