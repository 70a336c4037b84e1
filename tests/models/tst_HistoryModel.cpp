// HistoryModel: runs recorded, persisted in SQLite, searchable.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>
#include "models/HistoryModel.h"

using namespace tideline;
using Model = models::HistoryModel;

class tst_HistoryModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordsPersistsAndSearches()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            Model model;
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QVERIFY2(model.open(path), qPrintable(model.errorString()));
            const qint64 a = model.startRun(QStringLiteral("SELECT * FROM devices"), QStringLiteral("local"));
            const qint64 b = model.startRun(QStringLiteral("SELECT bad"), QStringLiteral("remote"));
            QCOMPARE(model.rowCount(), 2);
            QCOMPARE(model.data(model.index(0, Model::Status)).toString(), QStringLiteral("running"));
            model.finishRun(a, QStringLiteral("canceled"), 1234, 5000);
            model.finishRun(b, QStringLiteral("failed"), 0, 3, QStringLiteral("Code: 62. Syntax error"));
            QCOMPARE(model.data(model.index(0, Model::Error)).toString(), QStringLiteral("Code: 62. Syntax error"));
            QCOMPARE(model.data(model.index(1, Model::Rows)).toString(), QLocale().toString(1234));
        }
        Model reopened;
        QAbstractItemModelTester tester(&reopened, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.rowCount(), 2);
        QCOMPARE(reopened.entry(0).sql, QStringLiteral("SELECT bad")); // newest first
        QCOMPARE(reopened.entry(1).status, QStringLiteral("canceled"));
        QCOMPARE(reopened.entry(1).durationMs, 5000);
        reopened.setFilter(QStringLiteral("devices"));
        QCOMPARE(reopened.rowCount(), 1);
        reopened.setFilter(QStringLiteral("syntax"));
        QCOMPARE(reopened.entry(0).status, QStringLiteral("failed"));
        reopened.setFilter(QStringLiteral("50%"));
        QCOMPARE(reopened.rowCount(), 0);
        reopened.startRun(QStringLiteral("SELECT 1"), QStringLiteral("local")); // not a match: stays hidden
        QCOMPARE(reopened.rowCount(), 0);
        reopened.setFilter(QString());
        QCOMPARE(reopened.rowCount(), 3);
    }
};

QTEST_MAIN(tst_HistoryModel)
#include "tst_HistoryModel.moc"
