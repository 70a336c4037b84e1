#include "models/ConnectionProfileModel.h"
#include <QSettings>

namespace tideline::models {

namespace {

const QString kGroup = QStringLiteral("connections");

} // namespace

ConnectionProfileModel::ConnectionProfileModel(QObject *parent) : QAbstractListModel(parent)
{
    reload();
}

void ConnectionProfileModel::reload()
{
    beginResetModel();
    m_profiles.clear();
    QSettings settings;
    settings.beginGroup(kGroup);
    const QStringList order = settings.value(QStringLiteral("order")).toStringList();
    for (const QString &id : order) {
        if (!settings.childGroups().contains(id))
            continue; // the order outlived a profile removed by hand: skip it
        settings.beginGroup(id);
        m_profiles << ConnectionProfile::load(settings, id);
        settings.endGroup();
    }
    endResetModel();
}

int ConnectionProfileModel::indexOf(const QString &id) const
{
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).id == id)
            return i;
    return -1;
}

ConnectionProfile ConnectionProfileModel::profile(const QString &id) const
{
    const int i = indexOf(id);
    return i < 0 ? ConnectionProfile{} : m_profiles.at(i);
}

void ConnectionProfileModel::upsert(const ConnectionProfile &profile)
{
    Q_ASSERT(!profile.id.isEmpty());
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.remove(profile.id); // no stale keys from an older version of the profile
    settings.beginGroup(profile.id);
    profile.save(settings);
    settings.endGroup();
    settings.endGroup();

    const int i = indexOf(profile.id);
    if (i >= 0) {
        m_profiles[i] = profile;
        Q_EMIT dataChanged(index(i), index(i));
        return;
    }
    beginInsertRows({}, int(m_profiles.size()), int(m_profiles.size()));
    m_profiles << profile;
    endInsertRows();
    saveOrder();
}

void ConnectionProfileModel::remove(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    beginRemoveRows({}, i, i);
    m_profiles.removeAt(i);
    endRemoveRows();
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.remove(id);
    if (settings.value(QStringLiteral("lastUsed")).toString() == id)
        settings.remove(QStringLiteral("lastUsed"));
    settings.endGroup();
    saveOrder();
}

QString ConnectionProfileModel::lastUsed() const
{
    QSettings settings;
    return settings.value(kGroup + QStringLiteral("/lastUsed")).toString();
}

void ConnectionProfileModel::setLastUsed(const QString &id)
{
    QSettings settings;
    settings.setValue(kGroup + QStringLiteral("/lastUsed"), id);
}

void ConnectionProfileModel::saveOrder()
{
    QStringList order;
    for (const ConnectionProfile &p : m_profiles)
        order << p.id;
    QSettings settings;
    settings.setValue(kGroup + QStringLiteral("/order"), order);
}

int ConnectionProfileModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

QVariant ConnectionProfileModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionProfile &p = m_profiles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return p.name;
    case Qt::ToolTipRole:
    case SummaryRole:
        return p.summary();
    case IdRole:
        return p.id;
    case KindRole:
        return int(p.kind);
    default:
        return {};
    }
}

} // namespace tideline::models
