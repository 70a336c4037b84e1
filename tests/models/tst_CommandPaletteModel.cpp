// CommandPaletteModel: fuzzy matching and ranking of objects and actions.
#include <QAbstractItemModelTester>
#include <QtTest>
#include "models/CommandPaletteModel.h"

using Model = tideline::models::CommandPaletteModel;

class tst_CommandPaletteModel : public QObject {
    Q_OBJECT
private:
    static QStringList titles(const Model &m)
    {
        QStringList out;
        for (int r = 0; r < m.rowCount(); ++r)
            out << m.index(r, 0).data().toString();
        return out;
    }

private Q_SLOTS:
    void fuzzyScore()
    {
        QVERIFY(Model::fuzzyScore(u"dvc", u"devices") > 0);
        QCOMPARE(Model::fuzzyScore(u"dvx", u"devices"), -1);
        QCOMPARE(Model::fuzzyScore(u"sd", u"devices"), -1); // order matters
        QCOMPARE(Model::fuzzyScore(u"", u"anything"), 0);
        QVERIFY(Model::fuzzyScore(u"DEV", u"devices") > 0); // case-insensitive
        // A prefix beats a hit in the middle; consecutive letters beat scattered ones.
        QVERIFY(Model::fuzzyScore(u"dev", u"devices") > Model::fuzzyScore(u"dev", u"my_devices"));
        QVERIFY(Model::fuzzyScore(u"run", u"Run statement") > Model::fuzzyScore(u"run", u"Refresh unused n"));
        // Word starts count: "nqt" is New Query Tab.
        QVERIFY(Model::fuzzyScore(u"nqt", u"New query tab") > Model::fuzzyScore(u"nqt", u"unquoted"));
    }

    void ranksAndFilters()
    {
        Model model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries({{QStringLiteral("devices"), QStringLiteral("stream"), {}, {}, 1},
                          {QStringLiteral("device_avg"), QStringLiteral("materialized view"), {}, {}, 2},
                          {QStringLiteral("orders"), QStringLiteral("stream"), {}, {}, 3},
                          {QStringLiteral("Run statement"), QStringLiteral("Query"), QStringLiteral("Ctrl+Return"), {}, 4},
                          {QStringLiteral("New query tab"), QStringLiteral("File"), QStringLiteral("Ctrl+T"), {}, 5}});
        QCOMPARE(model.rowCount(), 5); // no filter: everything, in the given order
        QCOMPARE(titles(model).first(), QStringLiteral("devices"));

        model.setFilter(QStringLiteral("dev"));
        QCOMPARE(titles(model), (QStringList{QStringLiteral("devices"), QStringLiteral("device_avg")}));
        QCOMPARE(model.index(0, 0).data(Model::PayloadRole).toInt(), 1);

        model.setFilter(QStringLiteral("query"));
        QCOMPARE(titles(model).first(), QStringLiteral("New query tab")); // the title wins over the detail
        QVERIFY(titles(model).contains(QStringLiteral("Run statement"))); // "Query" in the detail still finds it
        QCOMPARE(model.index(titles(model).indexOf(QStringLiteral("Run statement")), 0).data(Model::ShortcutRole).toString(),
                 QStringLiteral("Ctrl+Return"));

        model.setFilter(QStringLiteral("zzz"));
        QCOMPARE(model.rowCount(), 0);
        model.setFilter(QString());
        QCOMPARE(model.rowCount(), 5);
    }
};

QTEST_MAIN(tst_CommandPaletteModel)
#include "tst_CommandPaletteModel.moc"
