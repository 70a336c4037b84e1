#pragma once
// One function per family of statements, called by Session::execute. Each throws EngineError
// and leaves no partial change behind when it fails.

#include <memory>

#include "engine/exec/QueryCursor.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Session;

std::unique_ptr<QueryCursor> executeSelect(Session &session, const sql::Statement &statement);
std::unique_ptr<QueryCursor> executeInsert(Session &session, const sql::Statement &statement);
std::unique_ptr<QueryCursor> executeCreate(Session &session, const sql::Statement &statement);
std::unique_ptr<QueryCursor> executeDrop(Session &session, const sql::Statement &statement);
std::unique_ptr<QueryCursor> executeAlterLike(Session &session, const sql::Statement &statement); // TRUNCATE, RENAME, ALTER
std::unique_ptr<QueryCursor> executeShow(Session &session, const sql::Statement &statement);      // SHOW, DESCRIBE, EXPLAIN
std::unique_ptr<QueryCursor> executeSystem(Session &session, const sql::Statement &statement);    // SYSTEM PAUSE/UNPAUSE MATERIALIZED VIEW

struct StreamInfo;
struct LogOptions;
struct RecordAnnotation;
// The log's retention limits from a stream's settings (CREATE, ALTER, and reopening at start-up);
// a value that is not an integer throws 72 at `pos`.
LogOptions retentionOptions(const StreamInfo &info, int pos);
// Catalog properties "setting.<name>" keep a materialized view's storage settings set by ALTER
// STREAM ... MODIFY SETTING (its CREATE has no place for them); loading merges them back.
inline const std::string kStoredSettingPrefix = "setting.";
// Appends `rows` to a stored stream as one block: columns matched by name and cast to the
// stream's types, the others filled with their DEFAULT (the materialized-view write path). The
// annotation, when given, is stored in the same record (a view's progress).
Status appendRows(Session &session, StreamInfo &target, const Block &rows, const RecordAnnotation *annotation = nullptr);

// A cursor over fixed rows of text (SHOW, DESCRIBE, EXPLAIN).
std::unique_ptr<QueryCursor> textResult(const std::vector<std::string> &names, const std::vector<std::vector<std::string>> &rows);

} // namespace tideline::engine
