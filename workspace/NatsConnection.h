#pragma once
// A libnats connection made from a NATS source's properties, shared by `nats` and
// `nats_jetstream`: `url` (a list, or comma-separated), `token`, `username`/`password`,
// `credentials_file` (a .creds file, for NGS and operator mode), `tls.disable`,
// `tls.skip_verify_server`. TLS is asked for when a URL is tls:// or `tls.disable` is false;
// otherwise the server decides, as plain libnats does.
#include <QStringList>
#include <nats/nats.h>
#include "workspace/SourceProperties.h"

namespace tideline::workspace {

struct NatsSettings {
    QStringList urls;
    QString token, username, password, credentialsFile;
    bool secure = false;
    bool skipVerify = false;

    static NatsSettings read(SourceProperties &props);
};

class NatsConnection {
public:
    NatsConnection() = default;
    ~NatsConnection();
    NatsConnection(const NatsConnection &) = delete;
    NatsConnection &operator=(const NatsConnection &) = delete;

    // Empty on success, else why not.
    QString connect(const NatsSettings &settings, int timeoutMs);
    natsConnection *get() const { return m_nc; }

private:
    natsConnection *m_nc = nullptr;
};

QString natsError(natsStatus status);

} // namespace tideline::workspace
