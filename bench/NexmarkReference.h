#pragma once
// B3d's known answers, computed from the generated events in plain C++ (no engine), so that a
// wrong streaming result fails the benchmark. Rows are compared as "a|b|c" strings, times as
// their datetime64(3) ticks (ms); see cell() for how an emitted row is written the same way.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "bench/NexmarkGenerator.h"

namespace tideline::bench::nexmark {

// One cell of an emitted or generated row as text: integers and datetime64 ticks in decimal.
inline std::string cell(const Column &c, size_t row)
{
    switch (c.type()->kind) {
    case TypeKind::String:
        return std::string(c.stringAt(row));
    case TypeKind::UInt64:
        return std::to_string(c.data<uint64_t>()[row]);
    case TypeKind::Float64:
        return std::to_string(c.data<double>()[row]);
    default: // int64 and datetime64(3)
        return std::to_string(c.data<int64_t>()[row]);
    }
}

inline std::string rowText(const Block &b, size_t row)
{
    std::string s;
    for (size_t c = 0; c < b.columns().size(); ++c) {
        if (c)
            s += '|';
        s += cell(*b.at(c).column, row);
    }
    return s;
}

inline const int64_t *i64(const Block &b, size_t col) { return b.at(col).column->data<int64_t>(); }

// Calls f(block, row) for every generated row of one stream, in event-time order.
template <typename F>
void forEachRow(const std::vector<Block> &blocks, F &&f)
{
    for (const Block &b : blocks)
        for (size_t r = 0; r < b.rows(); ++r)
            f(b, r);
}

// q3: auctions of category 10 whose seller lives in OR, ID or CA: name|city|state|auction id.
inline std::vector<std::string> expectQ3(const Events &ev)
{
    std::vector<std::string> persons; // id - 1000 -> name|city|state, or "" when filtered out
    forEachRow(ev.persons, [&](const Block &b, size_t r) {
        std::string state(b.at(P_STATE).column->stringAt(r));
        bool kept = state == "OR" || state == "ID" || state == "CA";
        persons.push_back(kept ? cell(*b.at(P_NAME).column, r) + "|" + cell(*b.at(P_CITY).column, r) + "|" + state : "");
    });
    std::vector<std::string> rows;
    forEachRow(ev.auctions, [&](const Block &b, size_t r) {
        const std::string &p = persons[static_cast<size_t>(i64(b, A_SELLER)[r] - kFirstId)];
        if (i64(b, A_CATEGORY)[r] == 10 && !p.empty())
            rows.push_back(p + "|" + std::to_string(i64(b, A_ID)[r]));
    });
    std::sort(rows.begin(), rows.end());
    return rows;
}

// q4/q6: the highest bid of each auction among the bids made while it was open (date_time
// between the auction's date_time and expires), averaged per category (q4) or seller (q6).
inline std::map<int64_t, double> expectAveragePrice(const Events &ev, AuctionCol groupBy)
{
    struct Open {
        int64_t from, to, group, best = -1;
    };
    std::vector<Open> auctions;
    forEachRow(ev.auctions, [&](const Block &b, size_t r) {
        auctions.push_back({i64(b, A_TIME)[r], i64(b, A_EXPIRES)[r], i64(b, groupBy)[r]});
    });
    forEachRow(ev.bids, [&](const Block &b, size_t r) {
        Open &a = auctions[static_cast<size_t>(i64(b, B_AUCTION)[r] - kFirstId)];
        int64_t t = i64(b, B_TIME)[r];
        if (t >= a.from && t <= a.to)
            a.best = std::max(a.best, i64(b, B_PRICE)[r]);
    });
    std::map<int64_t, std::pair<double, int64_t>> sums;
    for (const Open &a : auctions)
        if (a.best >= 0)
            sums[a.group].first += static_cast<double>(a.best), ++sums[a.group].second;
    std::map<int64_t, double> out;
    for (const auto &[g, s] : sums)
        out[g] = s.first / static_cast<double>(s.second);
    return out;
}

// q5: per hop(2 s, 10 s) window, the auctions with the most bids: auction|count|window_start.
// Windows are finished as the bids pass their end (bids are in time order), to bound memory.
inline std::vector<std::string> expectQ5(const Events &ev)
{
    constexpr int64_t slide = 2000, size = 10000;
    std::map<int64_t, std::unordered_map<int64_t, uint64_t>> open; // window start -> auction -> bids
    std::vector<std::string> rows;
    auto finish = [&](int64_t before) {
        while (!open.empty() && open.begin()->first + size <= before) {
            uint64_t most = 0;
            for (const auto &[a, n] : open.begin()->second)
                most = std::max(most, n);
            for (const auto &[a, n] : open.begin()->second)
                if (n == most)
                    rows.push_back(std::to_string(a) + "|" + std::to_string(n) + "|" + std::to_string(open.begin()->first));
            open.erase(open.begin());
        }
    };
    forEachRow(ev.bids, [&](const Block &b, size_t r) {
        int64_t t = i64(b, B_TIME)[r];
        finish(t);
        for (int64_t start = t / slide * slide; start > t - size; start -= slide)
            ++open[start][i64(b, B_AUCTION)[r]];
    });
    finish(INT64_MAX);
    std::sort(rows.begin(), rows.end());
    return rows;
}

// q7: per tumble(10 s) window, the bids at the window's highest price: auction|price|bidder|time.
inline std::vector<std::string> expectQ7(const Events &ev)
{
    std::vector<std::string> rows, best;
    int64_t window = INT64_MIN, top = INT64_MIN;
    forEachRow(ev.bids, [&](const Block &b, size_t r) {
        int64_t t = i64(b, B_TIME)[r], price = i64(b, B_PRICE)[r];
        if (t / 10000 * 10000 != window) {
            rows.insert(rows.end(), best.begin(), best.end());
            best.clear(), window = t / 10000 * 10000, top = INT64_MIN;
        }
        if (price > top)
            best.clear(), top = price;
        if (price == top)
            best.push_back(std::to_string(i64(b, B_AUCTION)[r]) + "|" + std::to_string(price) + "|" +
                           std::to_string(i64(b, B_BIDDER)[r]) + "|" + std::to_string(t));
    });
    rows.insert(rows.end(), best.begin(), best.end());
    std::sort(rows.begin(), rows.end());
    return rows;
}

// q8: persons who opened an auction in the tumble(10 s) window they registered in:
// id|name|window_start.
inline std::vector<std::string> expectQ8(const Events &ev)
{
    std::set<std::pair<int64_t, int64_t>> sellers; // (seller, window start)
    forEachRow(ev.auctions, [&](const Block &b, size_t r) { sellers.emplace(i64(b, A_SELLER)[r], i64(b, A_TIME)[r] / 10000 * 10000); });
    std::vector<std::string> rows;
    forEachRow(ev.persons, [&](const Block &b, size_t r) {
        int64_t id = i64(b, P_ID)[r], window = i64(b, P_TIME)[r] / 10000 * 10000;
        if (sellers.count({id, window}))
            rows.push_back(std::to_string(id) + "|" + cell(*b.at(P_NAME).column, r) + "|" + std::to_string(window));
    });
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace tideline::bench::nexmark
