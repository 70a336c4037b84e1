#pragma once
// New / edit a source (CreateSourceRequest): name, description, type (stream_generator,
// websocket, nats, nats_jetstream, kafka) with the properties of that type (only its rows are
// shown; each is checked next to its field before anything is sent), and the target stream
// (an existing one, or a new name). Preview runs POST /source/preview: the sample events in a
// grid whose headers carry the inferred column types (POST /source/infer over all samples),
// and "Create stream" makes the target stream from those columns. Create stores the source
// (stopped, as the API does) and starts it when "Start after creating" is on.
//
// For an existing source the Status section shows running/stopped with Start and Stop and the
// live stats (rows written, failures, throughput, the latest error), polled every second while
// the form is visible. Its type cannot change (UpdateSourceRequest has none); an edit is a PUT
// and the API takes it only while the source is stopped.
#include <QTimer>
#include "ui/forms/ResourceForm.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;

namespace tideline::models {
class SourcePreviewModel;
}

namespace tideline::ui::forms {

class SourceForm : public ResourceForm {
    Q_OBJECT
public:
    SourceForm(client::WorkspaceClient *client, const QJsonObject &source, const QStringList &streams, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    static QStringList types();
    // The `properties` the fields of the current type make.
    QJsonObject properties() const;
    models::SourcePreviewModel *previewModel() const { return m_preview; }
    QString previewStatus() const;
    QString sourceStatus() const { return m_status; }
    QString statsText() const;

    void preview();
    void createTargetStream();
    void start();
    void stop();
    void refreshStats();

Q_SIGNALS:
    void previewFinished(bool ok);
    void targetStreamCreated(const QString &name);
    void statusChanged(const QString &status);

protected:
    QString fieldForServerError(const QString &message) const override;
    QJsonObject updateBody() const override; // without `type`: UpdateSourceRequest has none
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createTypeFields(const QJsonObject &props);
    QWidget *createPreview();
    QWidget *createStatus();
    void typeChanged();
    void setPreviewStatus(const QString &text, bool error);
    void previewAnswered(const QJsonArray &events);
    void statusAnswered(const QJsonObject &source);
    void runAction(const QString &action);
    QLineEdit *line(const QString &label, const QString &field, const char *name, const QJsonObject &props, const QString &placeholder);
    QComboBox *combo(const QString &label, const QString &field, const char *name, const QStringList &items, const QJsonObject &props);

    QString m_id;
    QStringList m_streams;
    QLineEdit *m_name, *m_description;
    QComboBox *m_type, *m_target;
    QHash<QString, QWidget *> m_props; // property name -> its editor
    QCheckBox *m_startAfter = nullptr;
    models::SourcePreviewModel *m_preview;
    QTableView *m_previewTable = nullptr;
    QLabel *m_previewStatus = nullptr;
    QPushButton *m_previewButton = nullptr, *m_createStream = nullptr;
    QLabel *m_statusLabel = nullptr, *m_stats = nullptr;
    QPushButton *m_startButton = nullptr, *m_stopButton = nullptr;
    QString m_status;
    QJsonObject m_lastStats;
    QTimer m_poll;
    quint64 m_previewRequest = 0;
};

} // namespace tideline::ui::forms
