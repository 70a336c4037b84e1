#pragma once
// A user aggregate (JavaScript UDA) as an engine AggregateFunction. Each group's state is a
// UserAggregateState owned through a pointer in the group's arena slot. A batch is split by
// group first, so the runtime sees one `process` call per group and block, never one per row.

#include "engine/functions/AggregateFunction.h"
#include "engine/functions/UserFunction.h"

namespace tideline::engine {

class UserAggregateAdapter final : public AggregateFunction {
public:
    UserAggregateAdapter(std::string name, DataTypePtr returnType, size_t argCount, std::shared_ptr<const UserAggregateFunction> function)
        : m_name(std::move(name)), m_returnType(std::move(returnType)), m_argCount(argCount), m_function(std::move(function)) {}

    std::string name() const override { return m_name; }
    DataTypePtr returnType() const override { return m_returnType; }
    size_t stateSize() const override { return sizeof(UserAggregateState *); }
    size_t stateAlign() const override { return alignof(UserAggregateState *); }
    void create(char *place) const override;
    void destroy(char *place) const noexcept override;

    void addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const override;
    void addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const override;
    void merge(char *place, const char *other) const override;
    void insertResult(const char *place, Column &out) const override;

private:
    static UserAggregateState *state(const char *place);
    void process(UserAggregateState &state, std::vector<ColumnPtr> args) const;

    std::string m_name;
    DataTypePtr m_returnType;
    size_t m_argCount;
    std::shared_ptr<const UserAggregateFunction> m_function;
};

} // namespace tideline::engine
