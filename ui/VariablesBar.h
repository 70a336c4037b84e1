#pragma once
// One input box per `{{name}}` in the SQL, in a row under the run bar; hidden when the SQL has
// none. Values survive a variable disappearing while the user edits and coming back.
#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLineEdit;

namespace tideline::ui {

class VariablesBar : public QWidget {
    Q_OBJECT
public:
    explicit VariablesBar(QWidget *parent = nullptr);

    void setNames(const QStringList &names);
    QStringList names() const { return m_names; }
    QHash<QString, QString> values() const;
    QLineEdit *input(const QString &name) const { return m_inputs.value(name); }
    void setValue(const QString &name, const QString &value);

Q_SIGNALS:
    void runRequested(); // Enter in a box

private:
    QHBoxLayout *m_layout;
    QStringList m_names;
    QHash<QString, QLineEdit *> m_inputs;
    QHash<QString, QString> m_remembered;
};

} // namespace tideline::ui
