#pragma once
// New / edit a view or a materialized view (CreateViewRequest, CreateMaterializedViewRequest):
// name, description, the SELECT, and for a materialized view its target stream (optional: an
// inner stream is made otherwise), TTL and retention of what it stores. The API cannot change
// the query of an existing view, so an edit sends only the description (and for an MV its TTL
// and retention). A syntax error the server reports is shown under the query.
#include "ui/forms/ResourceForm.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tideline::ui::forms {

class ViewForm : public ResourceForm {
    Q_OBJECT
public:
    // `materialized` picks the collection; an empty `view` makes a new one. `streams` are offered
    // as target streams.
    ViewForm(client::WorkspaceClient *client, bool materialized, const QJsonObject &view, const QStringList &streams,
             QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    bool isMaterialized() const { return m_materialized; }
    void setQuery(const QString &sql);

protected:
    QJsonObject updateBody() const override;
    QString fieldForServerError(const QString &message) const override;

private:
    bool m_materialized;
    QLineEdit *m_name, *m_description, *m_ttl = nullptr;
    QPlainTextEdit *m_query;
    QComboBox *m_target = nullptr;
    QSpinBox *m_retentionMiB = nullptr, *m_retentionHours = nullptr;
};

} // namespace tideline::ui::forms
