#pragma once
// A bound expression: the result of binding an AST expression against a Scope. Leaves are input
// columns (by position in the input block) or constants; inner nodes are resolved functions.
// evaluate() runs the whole tree column-at-a-time on one block; there is no per-row dispatch.

#include <memory>
#include <string>
#include <vector>

#include "engine/column/Block.h"
#include "engine/functions/Function.h"

namespace tideline::engine {

struct Expression;
using ExpressionPtr = std::shared_ptr<const Expression>;

struct Expression {
    enum class Kind : uint8_t { Input, Constant, Function, Lambda };
    Kind kind = Kind::Constant;
    DataTypePtr type;
    size_t inputIndex = 0;                // Input
    ColumnPtr constant;                   // Constant: one row
    BoundFunction function;               // Function
    std::string functionName;             // Function, for EXPLAIN and errors
    std::vector<ExpressionPtr> args;      // Function
    std::shared_ptr<LambdaArg> lambda;    // Lambda (only as a function argument)

    bool isConstant() const { return kind == Kind::Constant; }

    // Evaluates over `input` (which has `rows` rows); constants come back broadcast to `rows`.
    ColumnPtr evaluate(const Block &input, size_t rows) const;

    static ExpressionPtr makeInput(size_t index, DataTypePtr type);
    static ExpressionPtr makeConstant(ColumnPtr value);
    // A resolved call of a registered function over already bound arguments (no folding).
    static ExpressionPtr makeCall(const std::string &name, std::vector<ExpressionPtr> args, const FunctionContext &context);
    // cast(e, 'type'); `e` itself when it already has that type.
    static ExpressionPtr makeCast(ExpressionPtr e, const DataTypePtr &type, const FunctionContext &context);
};

// The block a lambda body captures outer columns from, set while a function with lambda
// arguments executes (lambdas run inside the function's executor, which has no block).
const Block *currentLambdaOuterBlock();

class LambdaOuterBlockScope {
public:
    explicit LambdaOuterBlockScope(const Block *block);
    ~LambdaOuterBlockScope();

private:
    const Block *m_previous;
};

} // namespace tideline::engine
