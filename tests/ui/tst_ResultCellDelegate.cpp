// The result grid's painting: ASCII laid out without the text engine measures like the text
// engine, elides with "…" inside its width, refuses what it cannot do; NULL cells are drawn muted;
// the row-number header shows the row's number in the query's output after the ring evicts.
#include <QStandardItemModel>
#include <QTableView>
#include <QtTest>
#include "models/ResultModel.h"
#include "ui/AsciiGlyphCache.h"
#include "ui/ResultCellDelegate.h"
#include "ui/RowNumberHeader.h"

using namespace tideline;

namespace {

// The darkest pixel of a cell: the ink of its text.
int darkestGray(const QImage &image, const QRect &rect)
{
    int darkest = 255;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            darkest = std::min(darkest, qGray(image.pixel(x, y)));
    return darkest;
}

} // namespace

class tst_ResultCellDelegate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void asciiMeasuresLikeTheTextEngine()
    {
        ui::AsciiGlyphCache cache;
        ui::AsciiGlyphCache::Run run;
        const QFont font = QApplication::font();
        for (const QString &text : {QStringLiteral("1234567.89"), QStringLiteral("device-42"), QStringLiteral("2024-05-01 12:00:13")}) {
            QVERIFY(cache.layout(font, text, 10000, run));
            QCOMPARE(run.glyphs.glyphIndexes().size(), text.size());
            QVERIFY2(qAbs(run.width - QFontMetricsF(font).horizontalAdvance(text)) <= 1.0 + text.size() * 0.25, qPrintable(text));
        }
        QVERIFY(cache.layout(font, QString(), 100, run));
        QCOMPARE(run.width, 0.0);
    }

    void tooWideTextEndsInAnEllipsisWithinItsWidth()
    {
        ui::AsciiGlyphCache cache;
        ui::AsciiGlyphCache::Run run;
        const QFont font = QApplication::font();
        const QString text = QStringLiteral("{\"site\":\"berlin-0\",\"fw\":\"1.4.3\"}");
        const qreal full = QFontMetricsF(font).horizontalAdvance(text);
        QVERIFY(cache.layout(font, text, full / 2, run));
        QVERIFY(run.width <= full / 2);
        QVERIFY(run.glyphs.glyphIndexes().size() < text.size());
        const QList<quint32> ellipsis = run.glyphs.rawFont().glyphIndexesForString(QStringLiteral("…"));
        if (ellipsis.value(0) != 0)
            QCOMPARE(run.glyphs.glyphIndexes().last(), ellipsis.first());
        QVERIFY(cache.layout(font, text, 1, run)); // nothing fits: the ellipsis alone
        QVERIFY(run.glyphs.glyphIndexes().size() <= 3);
    }

    void otherTextIsLeftToTheTextEngine()
    {
        ui::AsciiGlyphCache cache;
        ui::AsciiGlyphCache::Run run;
        QVERIFY(!cache.layout(QApplication::font(), QStringLiteral("Zürich"), 1000, run));
        QVERIFY(!cache.layout(QApplication::font(), QStringLiteral("tab\there"), 1000, run));
    }

    void nullIsDrawnMutedAndTextAligned()
    {
        QStandardItemModel model(1, 3);
        model.setData(model.index(0, 0), QStringLiteral("88888888"));
        model.setData(model.index(0, 1), QStringLiteral("NULL"));
        model.setData(model.index(0, 1), true, models::ResultModel::IsNullRole);
        model.setData(model.index(0, 2), QStringLiteral("8"));
        model.setData(model.index(0, 2), int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
        QTableView view;
        view.setItemDelegate(new ui::ResultCellDelegate(&view));
        view.setModel(&model);
        view.resize(600, 120);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.viewport()->grab().toImage();
        const QRect text = view.visualRect(model.index(0, 0)).adjusted(1, 1, -1, -1);
        const QRect null = view.visualRect(model.index(0, 1)).adjusted(1, 1, -1, -1);
        QVERIFY2(darkestGray(image, text) < 80, "the value is drawn in the text colour");
        QVERIFY2(darkestGray(image, null) > darkestGray(image, text) + 40, "NULL is drawn lighter than values");
        const QRect cell = view.visualRect(model.index(0, 2));
        const QRect leftHalf(cell.left() + 1, cell.top() + 1, cell.width() / 2, cell.height() - 2);
        const QRect rightHalf(cell.center().x(), cell.top() + 1, cell.width() / 2 - 2, cell.height() - 2);
        QVERIFY2(darkestGray(image, rightHalf) < darkestGray(image, leftHalf), "a number is right-aligned");
    }

    void rowNumbersCountTheQueryOutput()
    {
        models::ResultModel model;
        model.setColumns({{QStringLiteral("id"), QStringLiteral("int64")}});
        model.setCapacity(10);
        client::ResultBatch batch(1);
        for (int i = 0; i < 25; ++i)
            batch.appendCell(QByteArray::number(i));
        model.appendBatch(batch);
        model.flushNow();
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("16"));
        QCOMPARE(model.headerData(9, Qt::Vertical).toString(), QStringLiteral("25"));
        QTableView view;
        auto *header = new ui::RowNumberHeader(&view);
        view.setVerticalHeader(header);
        view.setModel(&model);
        const int twoDigits = header->sizeHint().width();
        client::ResultBatch more(1);
        for (int i = 0; i < 100; ++i)
            more.appendCell(QByteArray::number(i));
        model.appendBatch(more);
        model.flushNow();
        QCOMPARE(model.headerData(9, Qt::Vertical).toString(), QStringLiteral("125"));
        QVERIFY2(header->sizeHint().width() > twoDigits, "the header widens when the numbers gain a digit");
    }
};

QTEST_MAIN(tst_ResultCellDelegate)
#include "tst_ResultCellDelegate.moc"
