// The workbench end to end on both backends, clicked like a user under the offscreen platform:
// create a connection in the Connections dialog (a local engine on a temporary folder, or a
// tidelined started here on 127.0.0.1:0 with its API key), test it, connect, create a stream
// with SQL in an editor tab, run a streaming query and watch rows arrive as the test ingests,
// pause (the grid holds still while the query goes on), resume, cancel with Esc and with the
// Stop button, export the buffer to CSV. Waits spin the event loop until a condition holds.
#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "models/ConnectionManager.h"
#include "models/ConnectionProfileModel.h"
#include "models/ResultModel.h"
#include "models/SecretStore.h"
#include "models/SwitchableClient.h"
#include "ui/ConnectionSwitcher.h"
#include "ui/ConnectionsDialog.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/ResultView.h"
#include "ui/SqlEditor.h"
#include "ui/Theme.h"
#include "tests/ui/UiTestUtil.h"

using namespace tideline;
using namespace tideline::tests;

namespace {

// The server as an operator runs it: tidelined --listen 127.0.0.1:0 prints its address.
struct Tidelined {
    QProcess process;
    QString url;

    bool start(const QString &dataDir, const QString &keyFile)
    {
        process.setProgram(qEnvironmentVariable("TIDELINE_BIN_DIR") + QStringLiteral("/tidelined"));
        process.setArguments({QStringLiteral("--data-dir"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--api-key-file"), keyFile});
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start();
        if (!process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(30000);
        while (!process.canReadLine() && process.state() == QProcess::Running && !deadline.hasExpired())
            QTest::qWait(20); // spinning: the event loop runs while we wait for the first line
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        if (!line.startsWith(QLatin1String("listening on ")))
            return false;
        url = QStringLiteral("http://") + line.mid(13);
        return true;
    }
    ~Tidelined()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(20000);
        }
    }
};

std::unique_ptr<client::WorkspaceClient> makeBackend(const models::ConnectionProfile &p, const QString &secret)
{
    if (p.kind == models::ConnectionProfile::Kind::Local)
        return std::make_unique<client::LocalClient>(p.dataDir);
    client::RemoteOptions options;
    options.baseUrl = p.url;
    options.workspace = p.workspace;
    if (p.auth == models::ConnectionProfile::Auth::UserPassword) {
        options.user = p.user;
        options.password = secret;
    } else {
        options.apiKey = secret;
    }
    options.requestTimeoutMs = 10000;
    return std::make_unique<client::RemoteClient>(options);
}

} // namespace

class tst_Connections : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    int m_nextId = 0;
    int m_ingestsInFlight = 0;

    // Ingests `count` rows (id, device) into the stream through the window's connection.
    void ingest(client::WorkspaceClient *c, int count)
    {
        QJsonArray rows;
        for (int i = 0; i < count; ++i, ++m_nextId)
            rows.append(QJsonArray{m_nextId, QStringLiteral("device-%1").arg(m_nextId % 5)});
        const QJsonObject body{{QStringLiteral("columns"), QJsonArray{QStringLiteral("id"), QStringLiteral("device")}},
                               {QStringLiteral("data"), rows}};
        ++m_ingestsInFlight;
        c->ingest(QStringLiteral("e2e_events"), client::IngestFormat::Compact, QJsonDocument(body).toJson(QJsonDocument::Compact),
                  [this](const client::Reply &r) {
                      --m_ingestsInFlight;
                      QVERIFY2(r.ok, qPrintable(r.error.message));
                  });
    }
    // Spins the event loop, ingesting a few rows every 50 ms, until `done` holds (or 20 s); then
    // waits for the ingests still in flight, so that what the test does next (pause, cancel,
    // close) never aborts one of them.
    bool ingestUntil(client::WorkspaceClient *c, const std::function<bool()> &done)
    {
        QDeadlineTimer deadline(20000);
        while (!done()) {
            if (deadline.hasExpired())
                return false;
            if (m_ingestsInFlight < 4) // a slow server gets no backlog of requests
                ingest(c, 7);
            QTest::qWait(50);
        }
        while (m_ingestsInFlight > 0 && !deadline.hasExpired())
            QTest::qWait(10);
        return m_ingestsInFlight == 0;
    }

    // POST /users with the administrator's key: 201 when the user now exists.
    static bool createUser(const QString &url, const QString &key, const QString &user, const QString &password)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(url + QStringLiteral("/default/api/v1beta2/users")));
        request.setRawHeader("X-Api-Key", key.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const QJsonObject body{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}, {QStringLiteral("role"), QStringLiteral("admin")}};
        std::unique_ptr<QNetworkReply> reply(network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
            return false;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201;
    }

    ui::ConnectionsDialog *openDialog(ui::MainWindow &window)
    {
        QTest::mouseClick(child<QToolButton>(&window, "manageConnectionsButton"), Qt::LeftButton);
        auto *dialog = window.findChild<ui::ConnectionsDialog *>();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    }

    // Fills the dialog's form for a new connection, tests a wrong key or password first
    // (remote), then the right one, and connects. A remote connection signs in with `user` and
    // the password `key` when `user` is set, else with the API key `key`.
    void createConnection(ui::ConnectionsDialog *dialog, bool remote, const QString &where, const QString &key, const QString &user = {})
    {
        QTest::mouseClick(child<QPushButton>(dialog, "addConnectionButton"), Qt::LeftButton);
        typeInto(child<QLineEdit>(dialog, "nameEdit"), remote ? QStringLiteral("tidelined") : QStringLiteral("scratch"));
        auto *kind = child<QComboBox>(dialog, "kindCombo");
        kind->setFocus();
        QTest::keyClick(kind, remote ? Qt::Key_Down : Qt::Key_Up); // the draft starts remote
        QCOMPARE(kind->currentIndex(), remote ? 1 : 0);
        auto *status = child<QLabel>(dialog, "connectionStatusLabel");
        auto *test = child<QPushButton>(dialog, "testConnectionButton");
        if (remote) {
            typeInto(child<QLineEdit>(dialog, "urlEdit"), where);
            const char *secretEdit = "apiKeyEdit";
            if (!user.isEmpty()) {
                auto *auth = child<QComboBox>(dialog, "authCombo");
                auth->setFocus();
                QTest::keyClick(auth, Qt::Key_Down);
                QCOMPARE(auth->currentIndex(), 1);
                QVERIFY(child<QLineEdit>(dialog, "userEdit")->isVisible());
                QVERIFY(!child<QLineEdit>(dialog, "apiKeyEdit")->isVisible());
                typeInto(child<QLineEdit>(dialog, "userEdit"), user);
                secretEdit = "passwordEdit";
            }
            typeInto(child<QLineEdit>(dialog, secretEdit), QStringLiteral("wrong-secret"));
            QTest::mouseClick(test, Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("Failed")), 20000);
            typeInto(child<QLineEdit>(dialog, secretEdit), key);
        } else {
            typeInto(child<QLineEdit>(dialog, "dataDirEdit"), where);
        }
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("Connected")), 20000);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("tideline-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_Connections"));
        // Never the user's settings: profiles go to a temporary folder.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("config")));
    }

    void workbench_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::addColumn<QString>("user"); // remote: sign in as this user (with a password) instead of an API key
        QTest::newRow("local") << false << QString();
        QTest::newRow("remote") << true << QString();
        QTest::newRow("remote-user") << true << QStringLiteral("analyst");
    }

    void workbench()
    {
        QFETCH(bool, remote);
        QFETCH(QString, user);
        QSettings().clear();
        QTemporaryDir dir;
        Tidelined server;
        QString key;
        if (remote) {
            QVERIFY(server.start(dir.filePath(QStringLiteral("server")), dir.filePath(QStringLiteral("api-key"))));
            QFile keyFile(dir.filePath(QStringLiteral("api-key")));
            QVERIFY(keyFile.open(QIODevice::ReadOnly));
            key = QString::fromUtf8(keyFile.readAll()).trimmed();
            if (!user.isEmpty()) { // the administrator creates the user; the workbench signs in as it
                QVERIFY(createUser(server.url, key, user, QStringLiteral("s3cret-pass")));
                key = QStringLiteral("s3cret-pass");
            }
        }
        models::SecretStore secrets(QStringLiteral("tideline-tests"), dir.filePath(QStringLiteral("secrets")),
                                    models::SecretStore::Backend::EncryptedFile);
        models::ConnectionManager manager(makeBackend, &secrets);
        ui::MainWindow window(manager.client());
        window.setConnectionManager(&manager);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        ui::ConnectionsDialog *dialog = openDialog(window);
        QVERIFY(dialog);
        createConnection(dialog, remote, remote ? server.url : dir.filePath(QStringLiteral("engine")), key, user);
        QTRY_VERIFY_WITH_TIMEOUT(manager.client()->state() == client::ConnectionState::Connected, 20000);
        QVERIFY(child<QLabel>(&window, "connectionLabel")->text().contains(QLatin1String("</span> connected")));
        QVERIFY(!window.findChild<ui::ConnectionsDialog *>()); // Connect closed it
        // Secrets go to the encrypted file here: the user was told so, once.
        QVERIFY(window.findChild<QMessageBox *>(QStringLiteral("secretFallbackNotice")));
        QVERIFY(QSettings().value(QLatin1String(ui::ConnectionSwitcher::kNoticeShownKey)).toBool());
        QCOMPARE(manager.profiles()->rowCount(), 1);
        QCOMPARE(manager.currentId(), manager.profiles()->profiles().first().id);
        QCOMPARE(child<QComboBox>(&window, "connectionCombo")->currentText(), remote ? QStringLiteral("tidelined") : QStringLiteral("scratch"));
        if (remote)
            verifySecretNotInSettings(key);

        runStreamingSession(window, manager.client());
    }

    // The screens this test clicks, in both palettes: saved to $TIDELINE_SCREENSHOT_DIR when it
    // is set (docs/screenshots/), else to a temporary folder; always checked to be drawn.
    void screenshots()
    {
        QSettings().clear();
        QSettings().setValue(QLatin1String(ui::ConnectionSwitcher::kNoticeShownKey), true); // the notice box is not the subject
        QTemporaryDir dir;
        models::SecretStore secrets(QStringLiteral("tideline-tests"), dir.filePath(QStringLiteral("secrets")),
                                    models::SecretStore::Backend::EncryptedFile);
        models::ConnectionManager manager(makeBackend, &secrets);
        const auto local = models::ConnectionProfile::newLocal(QStringLiteral("Local engine"), dir.filePath(QStringLiteral("engine")));
        auto staging = models::ConnectionProfile::newRemote(QStringLiteral("staging"), QUrl(QStringLiteral("https://staging.example.com:8000")));
        auto prod = models::ConnectionProfile::newRemote(QStringLiteral("production (read-only)"), QUrl(QStringLiteral("https://tp.example.com")), QStringLiteral("analytics"));
        prod.auth = models::ConnectionProfile::Auth::UserPassword;
        prod.user = QStringLiteral("ada");
        bool saved = false;
        manager.profiles()->upsert(local);
        manager.profiles()->upsert(prod);
        manager.save(staging, QStringLiteral("tp_0123456789abcdef"), [&](bool ok, const QString &) { saved = ok; });
        QTRY_VERIFY(saved);
        const QString out = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : dir.path();
        for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
            ui::Theme::apply(mode);
            const QString suffix = mode == ui::Theme::Mode::Light ? QStringLiteral("light") : QStringLiteral("dark");
            ui::MainWindow window(manager.client());
            window.setConnectionManager(&manager);
            window.newQueryTab(QStringLiteral("SELECT window_start, device, count() AS events\nFROM tumble(devices, 5s)\nGROUP BY window_start, device;"));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            if (manager.currentId().isEmpty())
                manager.connectTo(local.id);
            QTRY_VERIFY_WITH_TIMEOUT(manager.client()->state() == client::ConnectionState::Connected, 20000);
            ui::ConnectionsDialog *dialog = window.connectionSwitcher()->openManager();
            dialog->selectProfile(staging.id);
            QTRY_VERIFY(!child<QLineEdit>(dialog, "apiKeyEdit")->text().isEmpty()); // the secret was read back
            dialog->selectProfile(local.id);
            QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
            QTRY_VERIFY(child<QLabel>(dialog, "connectionStatusLabel")->text().startsWith(QLatin1String("Connected")));
            const QImage dialogShot = dialog->grab().toImage();
            dialog->selectProfile(staging.id);
            QTRY_VERIFY(!child<QLineEdit>(dialog, "apiKeyEdit")->text().isEmpty());
            const QImage remoteShot = dialog->grab().toImage();
            dialog->close();
            const QImage windowShot = window.grab().toImage();
            for (const QImage &image : {dialogShot, remoteShot, windowShot})
                QVERIFY(!image.isNull() && image.width() > 300);
            QVERIFY(dialogShot.save(out + QStringLiteral("/connections-local-%1.png").arg(suffix)));
            QVERIFY(remoteShot.save(out + QStringLiteral("/connections-%1.png").arg(suffix)));
            QVERIFY(windowShot.save(out + QStringLiteral("/connection-switcher-%1.png").arg(suffix)));
        }
        ui::Theme::apply(ui::Theme::Mode::Light);
    }

private:
    void verifySecretNotInSettings(const QString &key)
    {
        QSettings settings;
        settings.sync();
        QFile ini(settings.fileName());
        QVERIFY2(ini.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray text = ini.readAll();
        QVERIFY(text.contains("tidelined"));             // the profile is there...
        QVERIFY(!text.contains(key.toUtf8()));           // ...its API key is not
    }

    void runStreamingSession(ui::MainWindow &window, client::WorkspaceClient *c)
    {
        QTest::mouseClick(child<QToolButton>(&window, "newTabButton"), Qt::LeftButton);
        ui::QueryTab *tab = window.currentQueryTab();
        QVERIFY(tab);
        ui::SqlEditor *editor = tab->editor();
        auto *messages = child<QLabel>(tab, "messagesLabel");
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral("CREATE STREAM e2e_events (id int64, device string)"));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning() && !messages->text().startsWith(QLatin1String("Running")), 20000);
        QVERIFY2(!messages->text().startsWith(QLatin1String("Code")), qPrintable(messages->text()));

        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("SELECT id, device FROM e2e_events"));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(tab->resultModel()->columnCount() == 2, 20000); // subscribed: what we ingest now is seen
        auto *table = child<QTableView>(tab, "resultTable");
        QVERIFY(ingestUntil(c, [&] { return table->model()->rowCount() >= 30; }));
        QVERIFY(tab->isRunning());

        // Pause: the grid holds still while the query goes on.
        auto *pause = child<QToolButton>(tab, "pauseButton");
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(tab->resultModel()->isPaused());
        const int frozen = table->model()->rowCount();
        QVERIFY(ingestUntil(c, [&] { return tab->resultModel()->rowsWhilePaused() >= 20; }));
        QCOMPARE(table->model()->rowCount(), frozen);
        QVERIFY(child<QLabel>(tab, "countersLabel")->text().contains(QLatin1String("paused")));
        QTest::mouseClick(pause, Qt::LeftButton); // resume
        QTRY_VERIFY(table->model()->rowCount() >= frozen + 20);

        // Esc cancels (a completion popup left open by the typing takes the first Esc); the
        // buffer stays and exports.
        if (auto *completer = editor->findChild<QCompleter *>(); completer && completer->popup()->isVisible()) {
            QTest::keyClick(editor, Qt::Key_Escape);
            QVERIFY(!completer->popup()->isVisible());
            QVERIFY(tab->isRunning());
        }
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning(), 20000);
        QVERIFY2(messages->text().startsWith(QLatin1String("Cancelled")), qPrintable(messages->text()));
        verifyCsvExport(tab);

        // Run again; the Stop button cancels.
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(tab->isRunning() && tab->resultModel()->columnCount() == 2, 20000);
        QVERIFY(ingestUntil(c, [&] { return table->model()->rowCount() >= 5; }));
        QTest::mouseClick(child<QToolButton>(tab, "stopButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning(), 20000);
        QVERIFY2(messages->text().startsWith(QLatin1String("Cancelled")), qPrintable(messages->text()));
        verifyCsvExport(tab);
    }

    void verifyCsvExport(ui::QueryTab *tab)
    {
        const QString path = m_tmp.filePath(QStringLiteral("export-%1.csv").arg(m_nextId));
        tab->resultView()->setExportPathProvider([path](ui::ResultView::ExportFormat) { return path; });
        QTest::mouseClick(child<QToolButton>(tab, "exportCsvButton"), Qt::LeftButton);
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("id,device"));
        const int rows = tab->resultModel()->rowCount();
        QVERIFY(rows > 0);
        QCOMPARE(lines.size() - 2, rows); // header + trailing newline
        const QModelIndex last = tab->resultModel()->index(rows - 1, 0);
        QVERIFY(lines.at(rows).startsWith(last.data(models::ResultModel::RawTextRole).toString().toUtf8() + ','));
    }
};

QTEST_MAIN(tst_Connections)
#include "tst_Connections.moc"
