#include "models/SqlCompletion.h"
#include <QSet>
#include <QStringList>
#include <algorithm>

namespace tideline::models {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

const QStringList &keywords()
{
    static const QStringList list = QStringLiteral(
        "SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET AS AND OR NOT IN IS NULL LIKE ILIKE BETWEEN CASE WHEN "
        "THEN ELSE END JOIN LEFT RIGHT INNER OUTER FULL CROSS ON USING UNION ALL DISTINCT INSERT INTO VALUES CREATE "
        "DROP ALTER STREAM VIEW MATERIALIZED EXTERNAL TABLE DATABASE IF EXISTS REPLACE WITH SETTINGS FORMAT SHOW "
        "DESCRIBE EXPLAIN EMIT CHANGES PERIODIC AFTER WATERMARK DELAY TIMEOUT LAST UPDATE CHANGELOG PARTITION PRIMARY "
        "KEY TTL INTERVAL ASC DESC TRUE FALSE DEFAULT COMMENT FUNCTION RETURNS LANGUAGE SEEK_TO QUERY_MODE SET SYSTEM "
        "KILL QUERY USE ARRAY TUPLE MAP ASOF LATEST ENRICH DEDUP SINK SOURCE ALERT")
        .split(QLatin1Char(' '));
    return list;
}

// Words that end a FROM item, so they are never taken for an alias.
bool isClauseWord(const QString &lower)
{
    static const QSet<QString> words = {
        QStringLiteral("where"), QStringLiteral("group"), QStringLiteral("order"), QStringLiteral("limit"),
        QStringLiteral("join"), QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("inner"),
        QStringLiteral("outer"), QStringLiteral("full"), QStringLiteral("cross"), QStringLiteral("on"),
        QStringLiteral("using"), QStringLiteral("emit"), QStringLiteral("settings"), QStringLiteral("having"),
        QStringLiteral("union"), QStringLiteral("partition"), QStringLiteral("asof"), QStringLiteral("latest"),
        QStringLiteral("format"), QStringLiteral("window"), QStringLiteral("as")};
    return words.contains(lower);
}

bool isTableFunction(const QString &lower)
{
    return lower == QLatin1String("tumble") || lower == QLatin1String("hop") || lower == QLatin1String("session")
        || lower == QLatin1String("table") || lower == QLatin1String("dedup") || lower == QLatin1String("changelog");
}

struct Token {
    QString text; // a word (quoted names unquoted) or one punctuation character
    bool word = false;
};

QList<Token> tokenize(const QString &sql)
{
    QList<Token> out;
    for (int i = 0; i < sql.size();) {
        const QChar c = sql[i];
        if (c.isSpace()) {
            ++i;
        } else if (sql.mid(i, 2) == QLatin1String("--")) {
            const int nl = int(sql.indexOf(QLatin1Char('\n'), i));
            i = nl < 0 ? int(sql.size()) : nl + 1;
        } else if (sql.mid(i, 2) == QLatin1String("/*")) {
            const int end = int(sql.indexOf(QLatin1String("*/"), i + 2));
            i = end < 0 ? int(sql.size()) : end + 2;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            int j = i + 1;
            while (j < sql.size() && sql[j] != c)
                j += sql[j] == QLatin1Char('\\') ? 2 : 1;
            if (c != QLatin1Char('\'')) // a quoted name is a word; a string literal is dropped
                out.append({sql.mid(i + 1, j - i - 1), true});
            i = j + 1;
        } else if (isWordChar(c)) {
            int j = i;
            while (j < sql.size() && isWordChar(sql[j]))
                ++j;
            out.append({sql.mid(i, j - i), !c.isDigit()});
            i = j;
        } else {
            out.append({QString(c), false});
            ++i;
        }
    }
    return out;
}

struct TableRef {
    QString name;  // empty for a subquery
    QString alias;
    const CompletionCatalog::Object *object = nullptr;
};

struct Scope {
    QList<TableRef> tables;
    QStringList columnAliases;
};

int skipParens(const QList<Token> &t, int i) // t[i] is "(": returns the index after its ")"
{
    for (int depth = 0; i < t.size(); ++i) {
        if (t[i].text == QLatin1String("("))
            ++depth;
        else if (t[i].text == QLatin1String(")") && --depth == 0)
            return i + 1;
    }
    return i;
}

// One FROM/JOIN item starting at t[i]: a name (db.name), a table function over a stream, or a
// subquery, then an optional alias. Returns the index after it.
int readTableRef(const QList<Token> &t, int i, const CompletionCatalog &catalog, Scope &scope)
{
    TableRef ref;
    if (i < t.size() && t[i].text == QLatin1String("(")) {
        i = skipParens(t, i);
    } else if (i < t.size() && t[i].word) {
        ref.name = t[i++].text;
        if (i + 1 < t.size() && t[i].text == QLatin1String(".") && t[i + 1].word) {
            ref.name += QLatin1Char('.') + t[i + 1].text;
            i += 2;
        }
        if (i < t.size() && t[i].text == QLatin1String("(")) {
            const bool overStream = isTableFunction(ref.name.toLower()) && i + 1 < t.size() && t[i + 1].word;
            ref.name = overStream ? t[i + 1].text : QString();
            i = skipParens(t, i);
        }
    } else {
        return i;
    }
    if (i < t.size() && t[i].text.compare(QLatin1String("as"), Qt::CaseInsensitive) == 0)
        ++i;
    if (i < t.size() && t[i].word && !isClauseWord(t[i].text.toLower()))
        ref.alias = t[i++].text;
    ref.object = ref.name.isEmpty() ? nullptr : catalog.find(ref.name);
    scope.tables.append(ref);
    return i;
}

Scope scan(const QString &statement, const CompletionCatalog &catalog)
{
    Scope scope;
    const QList<Token> t = tokenize(statement);
    QSet<int> tableAliasTokens;
    for (int i = 0; i < t.size(); ++i) {
        const QString lower = t[i].text.toLower();
        if (t[i].word && (lower == QLatin1String("from") || lower == QLatin1String("join"))) {
            const int end = readTableRef(t, i + 1, catalog, scope);
            for (int k = i + 1; k < end; ++k)
                tableAliasTokens.insert(k);
            i = std::max(i, end - 1);
        } else if (lower == QLatin1String("as") && i + 1 < t.size() && t[i + 1].word && !tableAliasTokens.contains(i + 1)) {
            if (!scope.columnAliases.contains(t[i + 1].text))
                scope.columnAliases.append(t[i + 1].text);
        }
    }
    return scope;
}

QString previousWord(const QString &text, int pos)
{
    int end = pos;
    while (end > 0 && text[end - 1].isSpace())
        --end;
    int begin = end;
    while (begin > 0 && isWordChar(text[begin - 1]))
        --begin;
    return text.mid(begin, end - begin).toLower();
}

class Collector {
public:
    Collector(const QString &prefix, const std::atomic_bool *cancelled) : m_prefix(prefix), m_cancelled(cancelled) {}
    void add(const QString &text, CompletionKind kind, const QString &detail)
    {
        if (m_items.size() >= SqlCompletion::kMaxItems || !text.startsWith(m_prefix, Qt::CaseInsensitive))
            return;
        if (text.compare(m_prefix, Qt::CaseInsensitive) == 0 && kind == CompletionKind::Keyword)
            return; // the word is already complete
        const QString key = text.toLower() + QLatin1Char('\x1f') + QString::number(int(kind));
        if (m_seen.contains(key))
            return;
        m_seen.insert(key);
        m_items.append({text, kind, detail});
    }
    void addColumns(const CompletionCatalog::Object *object)
    {
        for (const auto &col : object->columns)
            add(col.name, CompletionKind::Column, col.type + QStringLiteral(" · ") + object->name);
    }
    bool cancelled() const { return m_cancelled && m_cancelled->load(std::memory_order_relaxed); }
    QList<CompletionItem> take() { return std::move(m_items); }

private:
    QString m_prefix;
    const std::atomic_bool *m_cancelled;
    QSet<QString> m_seen;
    QList<CompletionItem> m_items;
};

void addObjects(Collector &c, const CompletionCatalog &catalog)
{
    QList<const CompletionCatalog::Object *> sorted;
    for (const auto &o : catalog.objects)
        sorted.append(&o);
    std::sort(sorted.begin(), sorted.end(), [](auto *a, auto *b) { return a->name.compare(b->name, Qt::CaseInsensitive) < 0; });
    for (const auto *o : sorted)
        c.add(o->name, o->kind, SqlCompletion::kindName(o->kind) + QStringLiteral(" · %1 columns").arg(o->columns.size()));
}

void addFunctions(Collector &c, bool tableFunctionsOnly)
{
    for (const auto &f : SqlCompletion::functions()) {
        const QString name = QString::fromLatin1(f.name);
        if (!tableFunctionsOnly || isTableFunction(name))
            c.add(name, CompletionKind::Function, QString::fromUtf8(f.doc));
    }
}

void addKeywords(Collector &c, const QString &prefix)
{
    // Keywords follow the case the user types in: "sel" → select, "SEL" or nothing → SELECT.
    const bool lower = !prefix.isEmpty() && prefix == prefix.toLower();
    for (const QString &k : keywords())
        c.add(lower ? k.toLower() : k, CompletionKind::Keyword, QStringLiteral("keyword"));
}

} // namespace

const CompletionCatalog::Object *CompletionCatalog::find(const QString &name) const
{
    const QString bare = name.section(QLatin1Char('.'), -1);
    for (const Object &o : objects)
        if (o.name.compare(bare, Qt::CaseInsensitive) == 0 || o.name.compare(name, Qt::CaseInsensitive) == 0)
            return &o;
    return nullptr;
}

QString SqlCompletion::kindName(CompletionKind kind)
{
    switch (kind) {
    case CompletionKind::Keyword: return QStringLiteral("keyword");
    case CompletionKind::Stream: return QStringLiteral("stream");
    case CompletionKind::View: return QStringLiteral("view");
    case CompletionKind::Column: return QStringLiteral("column");
    case CompletionKind::Alias: return QStringLiteral("alias");
    case CompletionKind::Function: return QStringLiteral("function");
    }
    return {};
}

CompletionResult SqlCompletion::complete(const CompletionCatalog &catalog, const QString &text, int cursor,
                                         const std::atomic_bool *cancelled)
{
    CompletionResult result;
    cursor = std::clamp(cursor, 0, int(text.size()));
    int start = cursor;
    while (start > 0 && isWordChar(text[start - 1]))
        --start;
    result.start = start;
    result.prefix = text.mid(start, cursor - start);
    QString qualifier;
    if (start > 0 && text[start - 1] == QLatin1Char('.')) {
        int q = start - 1;
        while (q > 0 && isWordChar(text[q - 1]))
            --q;
        qualifier = text.mid(q, start - 1 - q);
    }
    // The statement around the cursor, without the word being typed (it is no table or alias yet).
    const int stmtBegin = start > 0 ? int(text.lastIndexOf(QLatin1Char(';'), start - 1)) + 1 : 0;
    int stmtEnd = int(text.indexOf(QLatin1Char(';'), cursor));
    if (stmtEnd < 0)
        stmtEnd = int(text.size());
    const Scope scope = scan(text.mid(stmtBegin, start - stmtBegin) + QLatin1Char(' ') + text.mid(cursor, stmtEnd - cursor), catalog);

    Collector c(result.prefix, cancelled);
    if (!qualifier.isEmpty()) {
        const CompletionCatalog::Object *object = nullptr;
        for (const TableRef &t : scope.tables)
            if (t.alias.compare(qualifier, Qt::CaseInsensitive) == 0 || t.name.compare(qualifier, Qt::CaseInsensitive) == 0)
                object = t.object;
        if (!object)
            object = catalog.find(qualifier);
        if (object)
            c.addColumns(object);
        result.items = c.take();
        return result;
    }
    const QString before = previousWord(text, start);
    if (before == QLatin1String("from") || before == QLatin1String("join")) {
        addObjects(c, catalog);
        addFunctions(c, true);
        result.items = c.take();
        return result;
    }
    for (const TableRef &t : scope.tables)
        if (t.object && !c.cancelled())
            c.addColumns(t.object);
    for (const QString &a : scope.columnAliases)
        c.add(a, CompletionKind::Alias, QStringLiteral("alias"));
    for (const TableRef &t : scope.tables)
        if (!t.alias.isEmpty())
            c.add(t.alias, CompletionKind::Alias, t.name.isEmpty() ? QStringLiteral("subquery") : QStringLiteral("alias of %1").arg(t.name));
    if (!c.cancelled()) {
        addFunctions(c, false);
        addKeywords(c, result.prefix);
        addObjects(c, catalog);
    }
    result.items = c.take();
    return result;
}

} // namespace tideline::models
