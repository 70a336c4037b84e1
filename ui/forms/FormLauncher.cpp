#include "ui/forms/FormLauncher.h"
#include "models/ObjectTreeModel.h"
#include "ui/forms/ApiKeysDialog.h"
#include "ui/forms/ExternalStreamForm.h"
#include "ui/forms/SchemaForm.h"
#include "ui/forms/SinkForm.h"
#include "ui/forms/SourceForm.h"
#include "ui/forms/StreamForm.h"
#include "ui/forms/UdfForm.h"
#include "ui/forms/ViewForm.h"

namespace tideline::ui::forms {

using client::Resource;

FormLauncher::FormLauncher(client::WorkspaceClient *client, models::ObjectTreeModel *objects, QWidget *window)
    : QObject(window), m_client(client), m_objects(objects), m_window(window)
{
}

QDialog *FormLauncher::open(Resource resource, const QJsonObject &object)
{
    const QString key = models::ObjectTreeModel::ObjectRef{resource, object.value(QStringLiteral("name")).toString(), {}, object}.key();
    const QString id = QStringLiteral("%1/%2").arg(int(resource)).arg(key);
    if (!object.isEmpty())
        if (QDialog *open = m_open.value(id)) {
            open->raise();
            open->activateWindow();
            return m_last = open;
        }
    ResourceForm *form = nullptr;
    switch (resource) {
    case Resource::Stream:
        form = new StreamForm(m_client, object, m_window);
        break;
    case Resource::View:
    case Resource::MaterializedView: {
        QStringList streams;
        for (const QJsonObject &s : m_objects->objects(Resource::Stream))
            streams << s.value(QStringLiteral("name")).toString();
        form = new ViewForm(m_client, resource == Resource::MaterializedView, object, streams, m_window);
        break;
    }
    case Resource::Sink:
        form = new SinkForm(m_client, object, m_window);
        break;
    case Resource::Udf:
        form = new UdfForm(m_client, object, m_window);
        break;
    case Resource::Source: {
        QStringList streams;
        for (const QJsonObject &s : m_objects->objects(Resource::Stream))
            streams << s.value(QStringLiteral("name")).toString();
        auto *source = new SourceForm(m_client, object, streams, m_window);
        connect(source, &SourceForm::targetStreamCreated, this, [this] { m_objects->reload(); });
        form = source;
        break;
    }
    case Resource::ExternalStream:
        form = new ExternalStreamForm(m_client, object, m_window);
        break;
    case Resource::Schema:
        form = new SchemaForm(m_client, object, m_window);
        break;
    default:
        return nullptr;
    }
    connect(form, &ResourceForm::saved, this, &FormLauncher::saved);
    if (!object.isEmpty())
        m_open.insert(id, form);
    form->show();
    return m_last = form;
}

ApiKeysDialog *FormLauncher::openApiKeys()
{
    if (!m_keys)
        m_keys = new ApiKeysDialog(m_client, m_window);
    m_keys->show();
    m_keys->raise();
    m_last = m_keys;
    return m_keys;
}

} // namespace tideline::ui::forms
