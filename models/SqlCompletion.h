#pragma once
// What to offer at the cursor: keywords, streams and views, their columns, aliases and
// functions with a one-line doc. A pure function over a catalog snapshot, so CompletionModel
// can run it on a worker thread while the user keeps typing. The SQL is scanned with regular
// expressions, not parsed: it is usually half-written, and a parser would reject it.
#include <QList>
#include <QString>
#include <atomic>

namespace tideline::models {

enum class CompletionKind { Keyword, Stream, View, Column, Alias, Function };

struct CompletionItem {
    QString text;   // inserted in place of the prefix
    CompletionKind kind = CompletionKind::Keyword;
    QString detail; // type of a column, object of an alias, one-line doc of a function
};

struct CompletionCatalog {
    struct Column {
        QString name;
        QString type;
    };
    struct Object {
        QString name;
        CompletionKind kind = CompletionKind::Stream;
        QList<Column> columns;
    };
    QList<Object> objects;
    const Object *find(const QString &name) const; // by name, case-insensitive; a db. prefix ignored
};

struct CompletionResult {
    int start = 0;   // of the prefix in the text
    QString prefix;  // the partial word before the cursor
    QList<CompletionItem> items;
};

class SqlCompletion {
public:
    static constexpr int kMaxItems = 200;
    // `cancelled` lets a superseded request stop early; its result is dropped anyway.
    static CompletionResult complete(const CompletionCatalog &catalog, const QString &text, int cursor,
                                     const std::atomic_bool *cancelled = nullptr);
    static QString kindName(CompletionKind kind);

    struct FunctionDoc {
        const char *name;
        const char *doc;
    };
    static const QList<FunctionDoc> &functions();
};

} // namespace tideline::models
