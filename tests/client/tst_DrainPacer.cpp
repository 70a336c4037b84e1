// DrainPacer: a burst of hand-overs wakes the handle's thread once at once and once more after
// the interval, with everything that arrived in between.
#include <QCoreApplication>
#include <QTest>
#include <gtest/gtest.h>
#include "client/DrainPacer.h"

using tideline::client::DrainPacer;

TEST(DrainPacer, ABurstIsDrainedAtOnceThenOnceMoreAfterTheInterval)
{
    QObject owner;
    int drains = 0;
    DrainPacer pacer(&owner, [&] { ++drains; }, 50);
    pacer.request();
    EXPECT_EQ(drains, 1); // the first one is not delayed
    for (int i = 0; i < 1000; ++i)
        pacer.request();
    EXPECT_EQ(drains, 1); // the rest wait for the interval
    EXPECT_TRUE(QTest::qWaitFor([&] { return drains == 2; }, 5000));
    QTest::qWait(120);
    EXPECT_EQ(drains, 2); // one drain took the whole burst
}

TEST(DrainPacer, ARequestAfterAQuietIntervalIsDrainedAtOnce)
{
    QObject owner;
    int drains = 0;
    DrainPacer pacer(&owner, [&] { ++drains; }, 10);
    pacer.request();
    QTest::qWait(30);
    pacer.request();
    EXPECT_EQ(drains, 2);
}
