#pragma once
// What the GUI tests do to widgets, the way a user does it: find a child by objectName (a
// missing one is a broken test, so it aborts), click a visible and enabled button, type into a
// line or text edit (replacing what is there), pick a combo entry, trigger a named action; show
// the main window and open a form through its menu action.
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QtTest>
#include <memory>
#include "ui/MainWindow.h"
#include "ui/forms/FormLauncher.h"

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

inline std::unique_ptr<ui::MainWindow> showMainWindow(client::WorkspaceClient *client)
{
    auto w = std::make_unique<ui::MainWindow>(client);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    return w;
}

// Triggers the menu action that opens a form; the form it opened, or null.
template <typename Form>
Form *openForm(ui::MainWindow &w, const char *action)
{
    trigger(&w, action);
    auto *form = qobject_cast<Form *>(w.forms()->current());
    if (form && !QTest::qWaitForWindowExposed(form))
        qWarning("form not exposed");
    return form;
}

} // namespace tideline::tests
