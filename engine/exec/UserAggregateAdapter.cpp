#include "engine/exec/UserAggregateAdapter.h"

#include <cstring>
#include <unordered_map>

namespace tideline::engine {

namespace {

void check(const Status &status)
{
    if (!status)
        throw EngineError(status);
}

// A non-owning handle: the batch's columns outlive the synchronous runtime call.
ColumnPtr borrowed(const Column *column)
{
    return ColumnPtr(ColumnPtr(), column);
}

} // namespace

UserAggregateState *UserAggregateAdapter::state(const char *place)
{
    UserAggregateState *s = nullptr;
    std::memcpy(&s, place, sizeof(s));
    return s;
}

void UserAggregateAdapter::create(char *place) const
{
    auto made = m_function->createState();
    check(made.status());
    UserAggregateState *s = made->release();
    std::memcpy(place, &s, sizeof(s));
}

void UserAggregateAdapter::destroy(char *place) const noexcept
{
    delete state(place);
    UserAggregateState *null = nullptr;
    std::memcpy(place, &null, sizeof(null));
}

void UserAggregateAdapter::process(UserAggregateState &s, std::vector<ColumnPtr> args) const
{
    auto emitted = s.process(args);
    check(emitted.status());
}

void UserAggregateAdapter::addBatch(size_t rows, char **places, size_t offset, const Column **args, const uint8_t *mask) const
{
    // Rows grouped by state, in first-seen order, so every group gets its rows in input order.
    std::unordered_map<char *, size_t> index;
    std::vector<std::pair<char *, std::vector<uint32_t>>> groups;
    for (size_t i = 0; i < rows; ++i) {
        if (mask && !mask[i])
            continue;
        auto [it, inserted] = index.try_emplace(places[i], groups.size());
        if (inserted)
            groups.push_back({places[i], {}});
        groups[it->second].second.push_back(static_cast<uint32_t>(i));
    }
    for (auto &[place, selected] : groups) {
        std::vector<ColumnPtr> columns;
        for (size_t a = 0; a < m_argCount; ++a)
            columns.push_back(args[a]->gather(selected));
        process(*state(place + offset), std::move(columns));
    }
}

void UserAggregateAdapter::addBatchSinglePlace(size_t rows, char *place, const Column **args, const uint8_t *mask) const
{
    std::vector<ColumnPtr> columns;
    for (size_t a = 0; a < m_argCount; ++a) {
        if (mask)
            columns.push_back(args[a]->filter(mask));
        else if (args[a]->size() == rows)
            columns.push_back(borrowed(args[a]));
        else
            columns.push_back(args[a]->slice(0, rows));
    }
    if (!columns.empty() && columns[0]->empty())
        return;
    if (columns.empty() && rows == 0)
        return;
    process(*state(place), std::move(columns));
}

void UserAggregateAdapter::merge(char *place, const char *other) const
{
    auto serialized = state(other)->serialize();
    check(serialized.status());
    check(state(place)->merge(*serialized));
}

void UserAggregateAdapter::insertResult(const char *place, Column &out) const
{
    check(state(place)->finalize(out));
}

} // namespace tideline::engine
