#pragma once
// What the GUI tests do to widgets, the way a user does it: find a child by objectName (a
// missing one is a broken test, so it aborts), click a visible and enabled button, type into a
// line or text edit (replacing what is there), pick a combo entry, trigger a named action.
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QtTest>

namespace tideline::tests {

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

inline void click(QWidget *parent, const char *name)
{
    auto *b = child<QAbstractButton>(parent, name);
    QVERIFY2(b->isVisible() && b->isEnabled(), name);
    QTest::mouseClick(b, Qt::LeftButton);
}

inline void typeInto(QWidget *edit, const QString &text)
{
    edit->setFocus();
    if (auto *line = qobject_cast<QLineEdit *>(edit))
        line->selectAll();
    if (auto *plain = qobject_cast<QPlainTextEdit *>(edit))
        plain->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Picks the entry as a user does (activated is what forms listen to, besides currentIndexChanged).
inline void choose(QComboBox *combo, const QString &text)
{
    const int i = combo->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    combo->setCurrentIndex(i);
    Q_EMIT combo->activated(i);
}

inline void trigger(QObject *window, const char *action)
{
    child<QAction>(window, action)->trigger();
}

} // namespace tideline::tests
