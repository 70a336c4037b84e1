#pragma once
// Checks of the resource forms, done before anything is sent, with the wording shown next to
// the field: object names as the API states them ("a maximum of 64 letters, numbers, or _, and
// start with a letter"), Proton type names (int8 … uint256, float32/64, decimal(p, s),
// datetime64(3, 'UTC'), string, fixed_string(n), uuid, ipv4/6, bool, json, enum8('a' = 1), and
// array/nullable/low_cardinality/map/tuple of those), durations ("24h", "90m") and JSON objects.
// An empty QString means "fine". Pure functions: no client, no widgets.
#include <QString>

namespace tideline::models {

class FormValidation {
public:
    static QString nameError(const QString &name, const QString &what);
    static QString typeError(const QString &type);
    static bool isType(const QString &type) { return typeError(type).isEmpty(); }
    // Go-style durations as the API takes them for expire_in ("24h", "1h30m", "90s").
    static QString durationError(const QString &duration);
    // A free-form JSON object (sink properties); empty text is fine (no properties).
    static QString jsonObjectError(const QString &text);
    static QString urlError(const QString &url);
    // A URL of one of `schemes` (websocket: ws, wss; NATS: nats, tls), or a comma-separated list of them.
    static QString urlError(const QString &urls, const QStringList &schemes);
    // "host:port[, host:port…]" (Kafka brokers).
    static QString hostPortsError(const QString &list);
};

} // namespace tideline::models
