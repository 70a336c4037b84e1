// tideline: the workbench. Composition root only: parses the command line, creates the
// backend (the embedded engine on a data folder) and the main window; --demo seeds a live
// demo workspace and opens a query on it.
//
//   tideline [--data-dir DIR] [--demo] [--theme system|light|dark]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>
#include "app/gui/DemoWorkspace.h"
#include "client/local/LocalClient.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/Theme.h"

using namespace tideline;

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

    client::LocalClient client(dir);
    ui::MainWindow window(&client);
    window.openHistory(QDir(dir).filePath(QStringLiteral("tideline-history.sqlite")));

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
    } else {
        window.newQueryTab();
    }
    window.show();
    client.open();
    if (parser.isSet(screenshot)) {
        QTimer::singleShot(parser.value(delay).toInt(), &window, [&window, path = parser.value(screenshot)] {
            if (!window.grab().save(path))
                qWarning("cannot write %s", qPrintable(path));
            QApplication::quit();
        });
    }
    return app.exec();
}
