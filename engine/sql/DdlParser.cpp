// CREATE (STREAM, RANDOM/EXTERNAL STREAM, EXTERNAL TABLE, [MATERIALIZED] VIEW, DATABASE, FUNCTION,
// FORMAT SCHEMA) and DROP.

#include "engine/sql/Keywords.h"
#include "engine/sql/SqlParser.h"
#include "engine/types/DataType.h"

namespace tideline::engine::sql {

bool SqlParser::acceptIfNotExists()
{
    return acceptKeywords({"IF", "NOT", "EXISTS"});
}

bool SqlParser::acceptIfExists()
{
    return acceptKeywords({"IF", "EXISTS"});
}

StatementPtr SqlParser::parseCreate()
{
    take();
    auto st = std::make_shared<Statement>();
    st->orReplace = acceptKeywords({"OR", "REPLACE"});
    st->temporary = acceptKeyword("TEMPORARY");
    if (acceptKeywords({"MATERIALIZED", "VIEW"})) {
        st->materialized = true;
        st->objectKind = ObjectKind::MaterializedView;
        parseCreateView(*st);
    } else if (acceptKeyword("VIEW")) {
        st->objectKind = ObjectKind::View;
        parseCreateView(*st);
    } else if (acceptKeyword("STREAM") || acceptKeyword("TABLE")) {
        st->objectKind = ObjectKind::Stream;
        parseCreateStream(*st);
    } else if (acceptKeywords({"RANDOM", "STREAM"})) {
        st->objectKind = ObjectKind::RandomStream;
        parseCreateStream(*st);
    } else if (acceptKeywords({"EXTERNAL", "STREAM"})) {
        st->objectKind = ObjectKind::ExternalStream;
        parseCreateStream(*st);
    } else if (acceptKeywords({"EXTERNAL", "TABLE"})) {
        st->objectKind = ObjectKind::ExternalTable;
        parseCreateStream(*st);
    } else if (acceptKeyword("DATABASE")) {
        st->kind = StatementKind::CreateDatabase;
        st->objectKind = ObjectKind::Database;
        st->ifNotExists = acceptIfNotExists();
        st->name = parseName();
        if (acceptKeyword("COMMENT"))
            st->comment = parseStringLiteral();
    } else if (atKeyword("FUNCTION") || atKeyword("AGGREGATE") || atKeyword("REMOTE")) {
        parseCreateFunction(*st);
    } else if (acceptKeywords({"FORMAT", "SCHEMA"})) {
        parseCreateFormatSchema(*st);
    } else {
        noteExpected("STREAM");
        noteExpected("VIEW");
        noteExpected("FUNCTION");
        fail();
    }
    return st;
}

void SqlParser::parseCreateStream(Statement &st)
{
    st.kind = StatementKind::CreateStream;
    st.ifNotExists = acceptIfNotExists();
    parseQualifiedName(st.database, st.name);
    if (at(TokenType::LParen) && !atSubqueryStart())
        parseTableElements(st);
    parseStreamTail(st);
}

// Clauses after the column list, in any order (the formatter prints them in one order).
void SqlParser::parseStreamTail(Statement &st)
{
    for (;;) {
        if (acceptKeywords({"PRIMARY", "KEY"})) {
            st.primaryKey = parseExprList();
        } else if (acceptKeywords({"ORDER", "BY"})) {
            st.orderBy = parseExprList();
        } else if (acceptKeywords({"PARTITION", "BY"})) {
            st.partitionBy = parseExprList();
        } else if (acceptKeyword("TTL")) {
            st.ttl = parseExpr();
        } else if (acceptKeyword("SETTINGS")) {
            for (Setting &s : parseSettingList())
                st.settings.push_back(std::move(s));
        } else if (acceptKeyword("COMMENT")) {
            st.comment = parseStringLiteral();
        } else if (!st.select && acceptKeyword("AS")) {
            st.select = parseSelectUnion();
        } else {
            return;
        }
    }
}

void SqlParser::parseTableElements(Statement &st)
{
    DepthGuard guard(*this);
    expect(TokenType::LParen);
    do {
        if (atKeyword("PRIMARY") && atKeyword("KEY", 1)) {
            take();
            take();
            st.primaryKey = parseExprList();
        } else if ((atKeyword("INDEX") || atKeyword("CONSTRAINT")) && atName(1) && !at(TokenType::Comma, 2) && !at(TokenType::RParen, 2)
                   && !at(TokenType::LParen, 2) && !atKeyword("DEFAULT", 2) && !atKeyword("ALIAS", 2) && !atKeyword("CODEC", 2)
                   && !atKeyword("COMMENT", 2) && !atKeyword("MATERIALIZED", 2) && !atKeyword("NULL", 2) && !atKeyword("NOT", 2)) {
            // INDEX/CONSTRAINT definitions (SHOW CREATE prints the injected _tp_time index) are
            // parsed and dropped: the catalog re-creates them.
            take();
            parseName();
            parseExpr();
            if (acceptKeyword("TYPE"))
                parseTypeText();
            if (acceptKeyword("GRANULARITY"))
                parseExpr();
        } else {
            st.columns.push_back(parseColumnDef());
        }
    } while (accept(TokenType::Comma));
    expect(TokenType::RParen);
}

ColumnDef SqlParser::parseColumnDef()
{
    ColumnDef col;
    col.pos = static_cast<int>(peek().pos);
    col.name = parseName();
    static const char *kModifiers[] = {"DEFAULT", "MATERIALIZED", "ALIAS", "COMMENT", "CODEC", "NULL", "NOT", "TTL"};
    bool hasType = atName();
    for (const char *m : kModifiers)
        hasType = hasType && !atKeyword(m);
    if (hasType) {
        std::string text = parseTypeText();
        auto type = parseDataType(text);
        col.typeName = type.isOk() ? type.value()->name() : text;
    }
    parseColumnModifiers(col);
    return col;
}

void SqlParser::parseColumnModifiers(ColumnDef &col)
{
    for (;;) {
        if (acceptKeyword("NULL")) {
            col.nullableModifier = true;
        } else if (acceptKeywords({"NOT", "NULL"})) {
            col.nullableModifier = false;
        } else if (acceptKeyword("DEFAULT")) {
            col.defaultExpr = parseExpr();
        } else if (acceptKeyword("MATERIALIZED")) {
            col.materializedExpr = parseExpr();
        } else if (acceptKeyword("ALIAS")) {
            col.aliasExpr = parseExpr();
        } else if (acceptKeyword("COMMENT")) {
            col.comment = parseStringLiteral();
        } else if (atKeyword("CODEC") && at(TokenType::LParen, 1)) {
            take();
            col.codec = collectBalancedText(false);
            col.codec = col.codec.substr(1, col.codec.size() - 2);
        } else {
            return;
        }
    }
}

void SqlParser::parseCreateView(Statement &st)
{
    st.kind = StatementKind::CreateView;
    st.ifNotExists = acceptIfNotExists();
    parseQualifiedName(st.database, st.name);
    if (st.materialized && acceptKeyword("INTO"))
        parseQualifiedName(st.intoDatabase, st.intoName);
    if (at(TokenType::LParen) && !atSubqueryStart())
        parseTableElements(st);
    expectKeyword("AS");
    st.select = parseSelectUnion();
    if (acceptKeyword("COMMENT"))
        st.comment = parseStringLiteral();
}

void SqlParser::parseCreateFunction(Statement &st)
{
    st.kind = StatementKind::CreateFunction;
    st.objectKind = ObjectKind::Function;
    st.aggregateFunction = acceptKeyword("AGGREGATE");
    st.remoteFunction = acceptKeyword("REMOTE");
    expectKeyword("FUNCTION");
    st.ifNotExists = acceptIfNotExists();
    st.name = parseName();
    if (acceptKeyword("AS")) {
        st.language = "SQL";
        if (!atLambda()) {
            noteExpected("lambda");
            fail();
        }
        ExprPtr lambda = parseLambda();
        st.lambdaParams = lambda->params;
        st.lambdaBody = lambda->args[0];
        return;
    }
    parseFunctionArguments(st);
    parseFunctionClauses(st);
    if (st.returnType.empty()) {
        noteExpected("RETURNS");
        fail();
    }
}

void SqlParser::parseFunctionArguments(Statement &st)
{
    expect(TokenType::LParen);
    if (accept(TokenType::RParen))
        return;
    do {
        std::string name = parseName();
        st.functionArgs.emplace_back(std::move(name), parseTypeText());
    } while (accept(TokenType::Comma));
    expect(TokenType::RParen);
}

void SqlParser::parseFunctionClauses(Statement &st)
{
    for (;;) {
        if (acceptKeyword("RETURNS")) {
            st.returnType = parseTypeText();
        } else if (acceptKeyword("LANGUAGE")) {
            st.language = toUpper(parseName());
        } else if (acceptKeyword("AS")) {
            if (at(TokenType::DollarString))
                st.functionBody = take().value();
            else
                st.functionBody = parseStringLiteral();
        } else if (acceptKeyword("URL")) {
            st.url = parseStringLiteral();
        } else if (acceptKeyword("AUTH_METHOD")) {
            st.authMethod = parseStringLiteral();
        } else if (acceptKeyword("AUTH_HEADER")) {
            st.authHeader = parseStringLiteral();
        } else if (acceptKeyword("AUTH_KEY")) {
            st.authKey = parseStringLiteral();
        } else if (acceptKeyword("EXECUTION_TIMEOUT")) {
            st.executionTimeout = parseBinary(8);
        } else {
            return;
        }
    }
}

void SqlParser::parseCreateFormatSchema(Statement &st)
{
    st.kind = StatementKind::CreateFormatSchema;
    st.objectKind = ObjectKind::FormatSchema;
    st.ifNotExists = acceptIfNotExists();
    st.name = parseName();
    expectKeyword("AS");
    st.schemaBody = at(TokenType::DollarString) ? take().value() : parseStringLiteral();
    expectKeyword("TYPE");
    st.schemaType = parseName();
}

StatementPtr SqlParser::parseDrop()
{
    take();
    auto st = std::make_shared<Statement>();
    st->kind = StatementKind::Drop;
    st->objectKind = parseObjectKind(true);
    st->ifExists = acceptIfExists();
    parseQualifiedName(st->database, st->name);
    if (acceptKeyword("SETTINGS"))
        st->settings = parseSettingList();
    return st;
}

} // namespace tideline::engine::sql
