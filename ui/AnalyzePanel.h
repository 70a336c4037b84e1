#pragma once
// The Analyze side panel of a query tab: what WorkspaceClient::analyze() says about the
// statement at the cursor - streaming or bounded, aggregating or not, query type, joins and
// group-by keys - and the result and required (source) columns with their types. Shows the
// engine's error instead when the SQL does not analyze.
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QToolButton;

namespace tideline::ui {

class AnalyzePanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalyzePanel(QWidget *parent = nullptr);

    void setBusy(const QString &sql);
    void setAnalysis(const QJsonObject &analysis);
    void setError(const QString &message);
    QString summaryText() const;
    QTreeWidget *columnsTree() const { return m_columns; }

Q_SIGNALS:
    void refreshRequested();
    void closeRequested();

private:
    void addColumns(const QString &title, const QJsonArray &columns, bool withSource);

    QLabel *m_mode;
    QLabel *m_summary;
    QTreeWidget *m_columns;
};

} // namespace tideline::ui
