// Statement dispatch and the small statements: INSERT, SHOW, DESCRIBE, EXPLAIN, KILL, SYSTEM,
// SET, USE, TRUNCATE, RENAME, ALTER, SUBSCRIBE/UNSUBSCRIBE/RECOVER, OPTIMIZE.

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlParser.h"

namespace tideline::engine::sql {

StatementPtr SqlParser::parseStatement()
{
    DepthGuard guard(*this);
    size_t pos = peek().pos;
    using Handler = StatementPtr (SqlParser::*)();
    static const std::pair<const char *, Handler> kHandlers[] = {
        {"SELECT", &SqlParser::parseSelectStatement}, {"WITH", &SqlParser::parseSelectStatement},
        {"INSERT", &SqlParser::parseInsert}, {"CREATE", &SqlParser::parseCreate}, {"DROP", &SqlParser::parseDrop},
        {"SHOW", &SqlParser::parseShow}, {"DESCRIBE", &SqlParser::parseDescribe}, {"DESC", &SqlParser::parseDescribe},
        {"EXPLAIN", &SqlParser::parseExplain}, {"KILL", &SqlParser::parseKill}, {"SYSTEM", &SqlParser::parseSystem},
        {"SET", &SqlParser::parseSet}, {"USE", &SqlParser::parseUse}, {"TRUNCATE", &SqlParser::parseTruncate},
        {"RENAME", &SqlParser::parseRename}, {"ALTER", &SqlParser::parseAlter}, {"SUBSCRIBE", &SqlParser::parseSubscribe},
        {"UNSUBSCRIBE", &SqlParser::parseSubscribe}, {"RECOVER", &SqlParser::parseSubscribe}, {"OPTIMIZE", &SqlParser::parseOptimize},
    };
    StatementPtr st;
    if (at(TokenType::LParen)) {
        st = parseSelectStatement();
    } else {
        for (auto [word, handler] : kHandlers) {
            if (atKeyword(word)) {
                st = (this->*handler)();
                break;
            }
            noteExpected(word);
        }
    }
    if (!st)
        fail();
    st->pos = static_cast<int>(pos);
    st->endPos = static_cast<int>(lastEnd());
    return st;
}

StatementPtr SqlParser::parseSelectStatement()
{
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Select;
    st->select = parseSelectUnion();
    if (acceptKeyword("FORMAT"))
        st->format = parseName();
    return st;
}

StatementPtr SqlParser::parseInsert()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Insert;
    expectKeyword("INTO");
    if (!acceptKeyword("STREAM"))
        acceptKeyword("TABLE");
    parseQualifiedName(st->database, st->name);
    if (accept(TokenType::LParen)) {
        do {
            st->insertColumns.push_back(parseName());
        } while (accept(TokenType::Comma));
        expect(TokenType::RParen);
    }
    if (acceptKeyword("SETTINGS"))
        st->settings = parseSettingList();
    if (acceptKeyword("VALUES")) {
        do {
            expect(TokenType::LParen);
            std::vector<ExprPtr> row;
            if (!at(TokenType::RParen))
                row = parseExprList();
            expect(TokenType::RParen);
            st->values.push_back(std::move(row));
            accept(TokenType::Comma);
        } while (at(TokenType::LParen));
    } else if (acceptKeyword("FORMAT")) {
        st->format = parseName();
        parseInsertFormatData(*st);
    } else if (atSubqueryStart()) {
        st->select = parseSelectUnion();
    } else {
        noteExpected("SELECT");
        fail();
    }
    return st;
}

void SqlParser::parseInsertFormatData(Statement &st)
{
    std::string_view sql = m_lexer.sql();
    size_t start = formatDataStart(sql, lastEnd());
    size_t end = formatDataEnd(sql, start);
    size_t trimmed = end;
    while (trimmed > start && (sql[trimmed - 1] == ' ' || sql[trimmed - 1] == '\t' || sql[trimmed - 1] == '\n' || sql[trimmed - 1] == '\r'))
        --trimmed;
    st.formatData = std::string(sql.substr(start, trimmed - start));
    restartLexingAt(end);
    m_lastEnd = trimmed;
}

std::vector<Setting> SqlParser::parseSettingList()
{
    std::vector<Setting> out;
    do {
        Setting s;
        s.name = parseName();
        expect(TokenType::Equals);
        s.value = parseExpr();
        out.push_back(std::move(s));
    } while (accept(TokenType::Comma));
    return out;
}

ObjectKind SqlParser::parseObjectKind(bool required)
{
    struct KindWords {
        const char *first;
        const char *second; // or nullptr
        ObjectKind kind;
    };
    static const KindWords kKinds[] = {
        {"STREAM", nullptr, ObjectKind::Stream}, {"VIEW", nullptr, ObjectKind::View},
        {"MATERIALIZED", "VIEW", ObjectKind::MaterializedView}, {"DATABASE", nullptr, ObjectKind::Database},
        {"FUNCTION", nullptr, ObjectKind::Function}, {"FORMAT", "SCHEMA", ObjectKind::FormatSchema},
        {"EXTERNAL", "STREAM", ObjectKind::ExternalStream}, {"EXTERNAL", "TABLE", ObjectKind::ExternalTable},
        {"RANDOM", "STREAM", ObjectKind::RandomStream}, {"DICTIONARY", nullptr, ObjectKind::Dictionary},
        {"TABLE", nullptr, ObjectKind::Table},
    };
    for (const KindWords &k : kKinds) {
        if (k.second ? acceptKeywords({k.first, k.second}) : acceptKeyword(k.first))
            return k.kind;
    }
    if (required)
        fail();
    return ObjectKind::Unknown;
}

StatementPtr SqlParser::parseShow()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Show;
    if (acceptKeyword("CREATE")) {
        st->showWhat = "CREATE";
        st->objectKind = parseObjectKind(false);
        parseQualifiedName(st->database, st->name);
        return st;
    }
    static const char *kStop[] = {"FROM", "IN", "LIKE", "WHERE", "LIMIT", "ILIKE", "SETTINGS", "FORMAT"};
    while (at(TokenType::Identifier)) {
        bool stop = false;
        for (const char *w : kStop)
            if (!st->showWhat.empty())
            stop = stop || atKeyword(w);
        if (stop)
            break;
        st->showWhat += (st->showWhat.empty() ? "" : " ") + toUpper(take().text);
    }
    if (st->showWhat.empty()) {
        noteExpected("STREAMS");
        noteExpected("DATABASES");
        fail();
    }
    if (acceptKeyword("FROM") || acceptKeyword("IN")) {
        st->showFrom = parseName();
        if (accept(TokenType::Dot))
            st->name = parseName();
    }
    if (acceptKeyword("LIKE"))
        st->showLike = parseStringLiteral();
    if (acceptKeyword("WHERE"))
        st->showWhere = parseExpr();
    return st;
}

StatementPtr SqlParser::parseDescribe()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Describe;
    if (at(TokenType::LParen) && atSubqueryStart(1)) {
        take();
        st->select = parseSelectUnion();
        expect(TokenType::RParen);
        return st;
    }
    if (!(atName() && (at(TokenType::EndOfStream, 1) || at(TokenType::Semicolon, 1) || at(TokenType::Dot, 1))))
        st->objectKind = parseObjectKind(false);
    parseQualifiedName(st->database, st->name);
    return st;
}

StatementPtr SqlParser::parseExplain()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Explain;
    for (const char *kind : {"AST", "SYNTAX", "PLAN", "PIPELINE", "ESTIMATE"}) {
        if (acceptKeyword(kind)) {
            st->explainKind = kind;
            break;
        }
    }
    st->explained = parseStatement();
    return st;
}

StatementPtr SqlParser::parseKill()
{
    take();
    expectKeyword("QUERY");
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Kill;
    if (acceptKeyword("WHERE"))
        st->killWhere = parseExpr();
    if (acceptKeyword("SYNC"))
        st->killSync = true;
    else
        acceptKeyword("ASYNC");
    return st;
}

bool isSystemCommandWord(std::string_view word)
{
    static const char *kWords[] = {
        "PAUSE", "UNPAUSE", "RESUME", "ABORT", "RECOVER", "MATERIALIZED", "VIEW", "VIEWS", "FLUSH", "LOGS", "DROP", "CACHE",
        "DNS", "MARK", "UNCOMPRESSED", "RELOAD", "CONFIG", "DICTIONARIES", "DICTIONARY", "STOP", "START", "MERGES", "SYNC",
        "REPLICA", "STREAM", "TABLE", "SHUTDOWN", "KILL", "CLEAR", "CHECKPOINT", "QUERY", "FUNCTIONS", "FUNCTION", "FORMAT",
        "SCHEMA", "SCHEMAS", "FILESYSTEM", "MMAP", "COMPILED", "EXPRESSION", "DISTRIBUTED", "SENDS", "FETCHES", "MOVES",
        "TTL", "ENABLE", "DISABLE", "EXTERNAL", "STREAMS", "ALL"};
    for (const char *w : kWords)
        if (equalsIgnoreCase(word, w))
            return true;
    return false;
}

StatementPtr SqlParser::parseSystem()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::System;
    while (at(TokenType::Identifier) && isSystemCommandWord(peek().text))
        st->systemCommand += (st->systemCommand.empty() ? "" : " ") + toUpper(take().text);
    if (st->systemCommand.empty()) {
        noteExpected("system command");
        fail();
    }
    if (atName())
        parseQualifiedName(st->database, st->name);
    return st;
}

StatementPtr SqlParser::parseSet()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Set;
    st->settings = parseSettingList();
    return st;
}

StatementPtr SqlParser::parseUse()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Use;
    st->objectKind = ObjectKind::Database;
    st->name = parseName();
    return st;
}

StatementPtr SqlParser::parseTruncate()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Truncate;
    if (!(atName() && !atKeyword("IF") && (at(TokenType::EndOfStream, 1) || at(TokenType::Semicolon, 1) || at(TokenType::Dot, 1))))
        st->objectKind = parseObjectKind(false);
    st->ifExists = acceptIfExists();
    parseQualifiedName(st->database, st->name);
    return st;
}

StatementPtr SqlParser::parseRename()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Rename;
    st->objectKind = parseObjectKind(true);
    parseQualifiedName(st->database, st->name);
    expectKeyword("TO");
    parseQualifiedName(st->newDatabase, st->newName);
    while (accept(TokenType::Comma)) {
        std::string db, name, newDb, newName;
        parseQualifiedName(db, name);
        expectKeyword("TO");
        parseQualifiedName(newDb, newName);
        st->renames.emplace_back(db.empty() ? name : db + "." + name, newDb.empty() ? newName : newDb + "." + newName);
    }
    return st;
}

StatementPtr SqlParser::parseAlter()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Alter;
    st->objectKind = parseObjectKind(true);
    parseQualifiedName(st->database, st->name);
    do {
        std::string command;
        if (acceptKeywords({"MODIFY", "SETTING"})) {
            command = "MODIFY SETTING";
            for (Setting &s : parseSettingList())
                st->settings.push_back(std::move(s));
        } else if (acceptKeywords({"MODIFY", "TTL"})) {
            command = "MODIFY TTL";
            st->ttl = parseExpr();
        } else if (acceptKeywords({"ADD", "COLUMN"})) {
            command = "ADD COLUMN";
            st->ifNotExists = acceptIfNotExists() || st->ifNotExists;
            st->alterColumns.push_back(parseColumnDef());
        } else if (acceptKeywords({"MODIFY", "COLUMN"})) {
            command = "MODIFY COLUMN";
            st->alterColumns.push_back(parseColumnDef());
        } else if (acceptKeywords({"DROP", "COLUMN"})) {
            command = "DROP COLUMN";
            st->ifExists = acceptIfExists() || st->ifExists;
            st->alterDropColumns.push_back(parseName());
        } else if (acceptKeywords({"MODIFY", "COMMENT"})) {
            command = "MODIFY COMMENT";
            st->comment = parseStringLiteral();
        } else if (acceptKeywords({"MODIFY", "QUERY"})) {
            command = "MODIFY QUERY";
            st->select = parseSelectUnion();
        } else {
            noteExpected("MODIFY SETTING");
            noteExpected("MODIFY TTL");
            noteExpected("ADD COLUMN");
            noteExpected("DROP COLUMN");
            fail();
        }
        if (!st->alterCommand.empty() && st->alterCommand != command)
            failAt(peek(), "Only one kind of ALTER command per statement is supported");
        st->alterCommand = command;
    } while (accept(TokenType::Comma));
    return st;
}

StatementPtr SqlParser::parseSubscribe()
{
    Token verb = take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Subscribe;
    st->subscribeVerb = toUpper(verb.text);
    if (st->subscribeVerb == "SUBSCRIBE") {
        expectKeyword("TO");
        st->select = parseSelectUnion();
    } else if (st->subscribeVerb == "UNSUBSCRIBE") {
        expectKeyword("TO");
        st->queryId = parseStringLiteral();
    } else {
        expectKeyword("FROM");
        st->queryId = parseStringLiteral();
    }
    return st;
}

StatementPtr SqlParser::parseOptimize()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Optimize;
    if (!(atName() && (at(TokenType::EndOfStream, 1) || at(TokenType::Semicolon, 1) || at(TokenType::Dot, 1))))
        st->objectKind = parseObjectKind(false);
    parseQualifiedName(st->database, st->name);
    return st;
}

} // namespace tideline::engine::sql
