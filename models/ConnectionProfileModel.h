#pragma once
// The saved connections, in the user's order, persisted in QSettings (group "connections", one
// sub-group per profile id, plus the order and the last one used). Every change is written at
// once, so a crash loses nothing. Secrets are not here (see SecretStore). GUI thread only.
#include <QAbstractListModel>
#include <QList>
#include "models/ConnectionProfile.h"

namespace tideline::models {

class ConnectionProfileModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, KindRole, SummaryRole };

    // Reads the profiles from QSettings() (organization/application names of the app; tests
    // point QSettings at a temporary folder).
    explicit ConnectionProfileModel(QObject *parent = nullptr);

    const QList<ConnectionProfile> &profiles() const { return m_profiles; }
    int indexOf(const QString &id) const;
    ConnectionProfile profile(const QString &id) const; // a default profile (empty id) when unknown
    // Adds the profile, or replaces the one with the same id; saved at once.
    void upsert(const ConnectionProfile &profile);
    void remove(const QString &id);
    QString lastUsed() const;
    void setLastUsed(const QString &id);
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void saveOrder();

    QList<ConnectionProfile> m_profiles;
};

} // namespace tideline::models
