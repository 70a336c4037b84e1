// tideline: the workbench. Composition root only: parses the command line, builds the
// connection manager (saved profiles, secrets, and the factory that turns a profile into a
// LocalClient or a RemoteClient), the main window and the tab journal; connects to the last
// connection used (or --data-dir); --demo seeds a live demo workspace and opens a query on it.
//
//   tideline [--data-dir DIR] [--demo] [--theme system|light|dark]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>
#include "app/gui/DemoWorkspace.h"
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "models/ConnectionManager.h"
#include "models/ConnectionProfileModel.h"
#include "models/SecretStore.h"
#include "models/SwitchableClient.h"
#include "models/TabJournal.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/TabSessionKeeper.h"
#include "ui/Theme.h"

using namespace tideline;

namespace {

std::unique_ptr<client::WorkspaceClient> makeBackend(const models::ConnectionProfile &profile, const QString &secret)
{
    if (profile.kind == models::ConnectionProfile::Kind::Local) {
        QDir().mkpath(profile.dataDir);
        return std::make_unique<client::LocalClient>(profile.dataDir);
    }
    client::RemoteOptions options;
    options.baseUrl = profile.url;
    options.workspace = profile.workspace;
    if (profile.auth == models::ConnectionProfile::Auth::ApiKey) {
        options.apiKey = secret;
    } else {
        options.user = profile.user;
        options.password = secret;
    }
    return std::make_unique<client::RemoteClient>(options);
}

// The profile to open: the local one on --data-dir when it is given (created if new), else the
// last one used, else a first local profile on the default folder.
QString startProfile(models::ConnectionProfileModel *profiles, const QString &dataDir, bool dataDirGiven)
{
    if (!dataDirGiven && profiles->indexOf(profiles->lastUsed()) >= 0)
        return profiles->lastUsed();
    for (const models::ConnectionProfile &p : profiles->profiles())
        if (p.kind == models::ConnectionProfile::Kind::Local && QDir(p.dataDir) == QDir(dataDir))
            return p.id;
    if (!dataDirGiven && !profiles->profiles().isEmpty())
        return profiles->profiles().first().id;
    const models::ConnectionProfile local = models::ConnectionProfile::newLocal(QObject::tr("Local engine"), dataDir);
    profiles->upsert(local);
    return local.id;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tideline"));
    QApplication::setOrganizationName(QStringLiteral("tideline"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tideline: a workbench for streaming SQL"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString defaultDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("The data folder of the local engine."),
                               QStringLiteral("DIR"), defaultDir);
    QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Seed a live demo workspace (a stream with events, saved queries)."));
    QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("system, light or dark."), QStringLiteral("THEME"),
                             QStringLiteral("system"));
    // For docs/screenshots: grab the window after a delay, save it and quit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window after --screenshot-delay ms, then quit."),
                                  QStringLiteral("FILE"));
    QCommandLineOption delay(QStringLiteral("screenshot-delay"), QStringLiteral("Milliseconds before the screenshot."),
                             QStringLiteral("MS"), QStringLiteral("6000"));
    parser.addOptions({dataDir, demo, theme, screenshot, delay});
    parser.process(app);

    ui::Theme::apply(ui::Theme::fromString(parser.value(theme)));
    const QString dir = parser.value(dataDir);
    QDir().mkpath(dir);

    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    models::SecretStore secrets(QStringLiteral("tideline"), appData);
    models::ConnectionManager connections(makeBackend, &secrets);
    models::SwitchableClient &client = *connections.client();
    ui::MainWindow window(&client);
    window.setConnectionManager(&connections);
    window.openHistory(QDir(appData).filePath(QStringLiteral("tideline-history.sqlite")));
    models::TabJournal journal(QDir(appData).filePath(QStringLiteral("tabs.json")));
    ui::TabSessionKeeper keeper(&window, &journal);
    const int restored = keeper.restore();

    app::DemoWorkspace seeder(&client);
    if (parser.isSet(demo)) {
        QObject::connect(&client, &client::WorkspaceClient::stateChanged, &seeder, [&seeder](client::ConnectionState s) {
            if (s == client::ConnectionState::Connected)
                seeder.start();
        });
        QObject::connect(&seeder, &app::DemoWorkspace::seeded, &window, &ui::MainWindow::refreshExplorer);
        QObject::connect(&seeder, &app::DemoWorkspace::ready, &window, [&window] {
            window.refreshExplorer();
            ui::QueryTab *tab = window.newQueryTab(QStringLiteral(
                "-- Live: average temperature per device over 5-second windows\n"
                "SELECT window_start, device, count() AS events, round(avg(temperature), 2) AS avg_temp\n"
                "FROM tumble(devices, 5s)\nGROUP BY window_start, device;\n\n"
                "-- Every event as it arrives (put the cursor here, Ctrl+Enter)\nSELECT * FROM devices;\n"), QStringLiteral("demo"));
            QTextCursor cursor = tab->editor()->textCursor();
            cursor.setPosition(int(tab->editor()->toPlainText().indexOf(QLatin1String("SELECT * FROM devices"))) + 5);
            tab->editor()->setTextCursor(cursor);
            tab->runCurrent();
        });
    } else if (restored == 0) {
        window.newQueryTab();
    }
    window.show();
    connections.connectTo(startProfile(connections.profiles(), dir, parser.isSet(dataDir)));
    if (parser.isSet(screenshot)) {
        QTimer::singleShot(parser.value(delay).toInt(), &window, [&window, path = parser.value(screenshot)] {
            if (!window.grab().save(path))
                qWarning("cannot write %s", qPrintable(path));
            QApplication::quit();
        });
    }
    return app.exec();
}
