#pragma once
// Query variables: `{{name}}` placeholders in the SQL, filled from input boxes before a run
// (the Timeplus Console's syntax, so saved queries and dashboard SQL carry over).
// A value that is a plain number goes in as is; anything else becomes a single-quoted string
// literal with `\` and `'` escaped, so a value can never end the literal and inject SQL.
// Pure functions; any thread.
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace tideline::models {

class QueryVariables {
public:
    // Variable names in order of first appearance, each once.
    static QStringList names(const QString &sql);
    static QString quote(const QString &value);

    struct Substitution {
        QString sql;
        QStringList missing; // variables without a value (left in the SQL as written)
        // Maps a position in `sql` back to the text the user wrote, for error underlines.
        int toOriginal(int position) const;

        struct Span {
            int original = 0; // start of `{{name}}` in the input
            int originalLength = 0;
            int substituted = 0; // start of the value in `sql`
            int substitutedLength = 0;
        };
        QList<Span> spans;
    };
    static Substitution substitute(const QString &sql, const QHash<QString, QString> &values);
};

} // namespace tideline::models
