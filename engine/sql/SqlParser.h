#pragma once
// The recursive-descent parser behind Parser.h. Internal to engine/sql; split across
// SqlParser.cpp (token cursor, errors, entry points), ExprParser.cpp, SelectParser.cpp,
// DdlParser.cpp and StatementParser.cpp. Errors are thrown as EngineError inside and turned into
// a Status at the Parser.h functions.

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/common/Status.h"
#include "engine/sql/Ast.h"
#include "engine/sql/Lexer.h"

namespace tideline::engine::sql {

class SqlParser {
public:
    // Nesting of brackets, subqueries and prefix operators, and height of the built tree, are
    // both capped: deeper input fails with TOO_DEEP_RECURSION instead of exhausting the stack.
    static constexpr int kMaxDepth = 1000;

    explicit SqlParser(std::string_view sql);

    std::vector<StatementPtr> parseAll();
    StatementPtr parseSingle();
    ExprPtr parseStandaloneExpression();
    static std::vector<std::string_view> split(std::string_view sql);
    // Parses exactly one type name (for the formatter's canonical-form check).
    std::string parseStandaloneTypeText();

private:
    friend struct DepthGuard;

    // --- token cursor and errors (SqlParser.cpp)
    const Token &peek(size_t k = 0);
    Token take();
    bool at(TokenType type, size_t k = 0);
    bool accept(TokenType type);
    void expect(TokenType type);
    bool atKeyword(std::string_view keyword, size_t k = 0);
    bool acceptKeyword(std::string_view keyword);
    bool acceptKeywords(std::initializer_list<std::string_view> keywords);
    void expectKeyword(std::string_view keyword);
    void expectKeywords(std::initializer_list<std::string_view> keywords);
    void noteExpected(std::string_view what);
    [[noreturn]] void fail();
    [[noreturn]] void failAt(const Token &token, const std::string &message);
    [[noreturn]] void tooDeep();
    bool atName(size_t k = 0);
    std::string parseName();
    void parseQualifiedName(std::string &database, std::string &name);
    std::string parseStringLiteral();
    void restartLexingAt(size_t pos);
    size_t lastEnd() const { return m_lastEnd; }

    // --- statements (StatementParser.cpp)
    StatementPtr parseStatement();
    StatementPtr parseSelectStatement();
    StatementPtr parseInsert();
    void parseInsertFormatData(Statement &st);
    StatementPtr parseShow();
    StatementPtr parseDescribe();
    StatementPtr parseExplain();
    StatementPtr parseKill();
    StatementPtr parseSystem();
    StatementPtr parseSet();
    StatementPtr parseUse();
    StatementPtr parseTruncate();
    StatementPtr parseRename();
    StatementPtr parseAlter();
    StatementPtr parseSubscribe();
    StatementPtr parseOptimize();
    std::vector<Setting> parseSettingList();
    ObjectKind parseObjectKind(bool required);

    // --- DDL (DdlParser.cpp)
    StatementPtr parseCreate();
    StatementPtr parseDrop();
    void parseCreateStream(Statement &st);
    void parseStreamTail(Statement &st);
    void parseCreateView(Statement &st);
    void parseCreateFunction(Statement &st);
    void parseFunctionArguments(Statement &st);
    void parseFunctionClauses(Statement &st);
    void parseCreateFormatSchema(Statement &st);
    void parseTableElements(Statement &st);
    ColumnDef parseColumnDef();
    void parseColumnModifiers(ColumnDef &col);
    bool acceptIfNotExists();
    bool acceptIfExists();

    // --- SELECT (SelectParser.cpp)
    SelectUnionPtr parseSelectUnion();
    void parseUnionMember(SelectUnion &u);
    SelectQueryPtr parseSelectQuery();
    void parseWith(SelectQuery &q);
    void parseSelectList(SelectQuery &q);
    void parseFromClause(SelectQuery &q);
    TableExpr parseTableExpr();
    void parseTableFunctionArgs(TableExpr &t);
    ExprPtr parseTableFunctionArg();
    bool parseJoin(SelectQuery &q);
    bool parseArrayJoin(SelectQuery &q);
    void parseGroupBy(SelectQuery &q);
    void parseLimit(SelectQuery &q);
    void parseEmit(EmitClause &emit);
    bool parseEmitPart(EmitClause &emit);
    ExprPtr parseEmitInterval();
    std::vector<OrderByItem> parseOrderByList();

    // --- expressions (ExprParser.cpp, ExprPrimary.cpp)
    ExprPtr parseExpr();
    ExprPtr parseExprWithAlias();
    ExprPtr parseSelectItem();
    std::vector<ExprPtr> parseExprList();
    bool atLambda();
    ExprPtr parseLambda();
    struct BinaryOp {
        const char *name;
        int precedence;
        int tokens;
    };
    bool peekBinaryOp(BinaryOp &op);
    ExprPtr parseBinary(int minPrecedence);
    ExprPtr parseBetween(ExprPtr lhs, bool negated, int pos);
    ExprPtr parsePrefix();
    ExprPtr parsePostfix(ExprPtr lhs);
    ExprPtr parseJsonPath(ExprPtr lhs);
    ExprPtr parsePrimary();
    ExprPtr parseNumber();
    ExprPtr parseIntervalShortcut();
    ExprPtr parseWord();
    ExprPtr parseIdentifier();
    ExprPtr parseFunctionCall(std::string name, int pos);
    ExprPtr parseCast(int pos);
    ExprPtr parseCase(int pos);
    ExprPtr parseInterval(int pos);
    ExprPtr parseParenthesized();
    ExprPtr parseArrayLiteral();
    ExprPtr parseBraced();
    ExprPtr parseAsteriskTail(ExprPtr asterisk);
    ExprPtr parseSubqueryExpr(int pos);
    std::shared_ptr<WindowSpec> parseWindowSpec();
    std::string parseTypeText();
    std::string collectBalancedText(bool upperWords);
    std::optional<IntervalUnit> peekIntervalUnit(size_t k = 0);
    bool atSubqueryStart(size_t k = 0);

    // --- tree building helpers
    ExprPtr finish(ExprPtr e);
    ExprPtr makeFunction(std::string name, std::vector<ExprPtr> args, int pos);
    ExprPtr makeLiteral(LiteralKind kind, std::string text, int pos);
    int heightOf(const ExprPtr &e) const;

    Lexer m_lexer;
    std::vector<Token> m_tokens; // lexed lookahead, m_tokens[m_index] is the current token
    size_t m_index = 0;
    size_t m_lexPos = 0;
    size_t m_lastEnd = 0;        // end of the last consumed token
    int m_depth = 0;
    int m_maxHeight = 0;
    bool m_noJsonPath = false;   // inside ?: and map keys, where ':' has other meanings
    std::unordered_map<const Expr *, int> m_heights;
    size_t m_expectedPos = 0;
    std::vector<std::string> m_expected;
};

struct DepthGuard {
    explicit DepthGuard(SqlParser &parser);
    ~DepthGuard();
    DepthGuard(const DepthGuard &) = delete;
    DepthGuard &operator=(const DepthGuard &) = delete;
    SqlParser &m_parser;
};

// Shared with the formatter: the interval unit of a shortcut suffix ("s", "M", ...) or a word
// ("second", "SECONDS"), and back.
std::optional<IntervalUnit> intervalUnitFromSuffix(std::string_view suffix);
std::optional<IntervalUnit> intervalUnitFromWord(std::string_view word);
const char *intervalUnitSuffix(IntervalUnit unit);
const char *intervalUnitKeyword(IntervalUnit unit);
// Words of SYSTEM commands (SYSTEM PAUSE MATERIALIZED VIEW mv); a name spelled like one is quoted.
bool isSystemCommandWord(std::string_view word);
// Function names are case-insensitive (lower-cased) unless written in ClickHouse camelCase.
std::string normalizeFunctionName(std::string_view name);
// End of the inline data of INSERT ... FORMAT x, which starts at `pos`: the first ';' that ends
// a line, or the end of the text.
size_t formatDataEnd(std::string_view sql, size_t pos);
// Where the inline data starts after the format name ended at `pos`.
size_t formatDataStart(std::string_view sql, size_t pos);

} // namespace tideline::engine::sql
