#pragma once
// What the engine knows about one catalog object at run time: its parsed definition, its columns
// and settings and, for stored streams, its open log. Built from the canonical CREATE statement
// (the catalog's `ddl`), both when the object is created and when the engine reopens.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/catalog/Catalog.h"
#include "engine/sql/Ast.h"
#include "engine/storage/StreamLog.h"

namespace tideline::engine {

enum class StreamMode : uint8_t { Append, VersionedKv, ChangelogKv, Changelog };

class ExternalStream;

struct StreamColumn {
    std::string name;
    DataTypePtr type;
    sql::ExprPtr defaultExpr; // DEFAULT / MATERIALIZED
    sql::ExprPtr aliasExpr;   // ALIAS: computed at read time, not stored, not in *
    std::string comment;
    std::string codec;
};

struct StreamInfo {
    CatalogObject object;
    sql::StatementPtr create;               // the parsed CREATE statement
    std::vector<StreamColumn> columns;      // stored columns incl. _tp_time (and _tp_delta for changelog_kv), then alias columns
    StreamMode mode = StreamMode::Append;
    std::vector<std::string> primaryKey;
    std::map<std::string, std::string> settings; // as written, values unquoted
    std::shared_ptr<StreamLog> log;         // streams, materialized views' inner streams
    std::shared_ptr<ExternalStream> external; // external streams (ExternalStream.h)
    std::string externalError;              // why `external` is missing after a reopen

    const std::string &database() const { return object.database; }
    const std::string &name() const { return object.name; }
    CatalogObjectKind kind() const { return object.kind; }
    bool isView() const { return object.kind == CatalogObjectKind::View; }
    bool isStored() const { return log != nullptr; }
    const StreamColumn *column(const std::string &name) const;
    // The SELECT of a view or materialized view.
    sql::SelectUnionPtr select() const { return create ? create->select : nullptr; }
};

// Builds the run-time description from a CREATE statement (validating columns, reserved names,
// types and settings); the log is opened by the engine.
Result<std::shared_ptr<StreamInfo>> describeStream(const sql::Statement &create);

} // namespace tideline::engine
