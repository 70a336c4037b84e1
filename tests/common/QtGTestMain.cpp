// main() for GoogleTest programs of the Qt layers: a QCoreApplication must exist before any
// QObject with timers or sockets, and tests that need the event loop spin it themselves.
#include <QCoreApplication>
#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
