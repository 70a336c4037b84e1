#pragma once
// B3d's deterministic Nexmark-style event generator (bench_Nexmark.cpp): persons, auctions and
// bids in Nexmark's proportions 1 : 3 : 46 (event e is a person when e % 50 == 0, an auction
// when e % 50 is 1..3, otherwise a bid), 10 events per ms of event time, so event times
// increase across the three streams together. Ids start at 1000 as in Nexmark. The references
// are Nexmark's: a bid's auction is, half the time, the newest auction ("hot"), otherwise any of
// the last 1,000 (so some bids come after their auction expired, which q4/q6 filter out); a
// seller is the newest person half the time, otherwise one of the last 1,000; a bidder is any
// person so far. Auctions last 1-10 s; 5 categories (10..14); 6 US states, as Nexmark.
// Xorshift only: the same count always gives the same events.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/column/Block.h"

namespace tideline::bench::nexmark {

using engine::Block;
using engine::Column;
using engine::makeDateTime64;
using engine::makeType;
using engine::TypeKind;

constexpr int64_t kChunkEvents = 65536;        // the events appended per round (one block per stream)
constexpr int64_t kEpochMs = 1704067200000LL; // 2024-01-01 00:00:00 UTC
constexpr int64_t kEventsPerMs = 10;
constexpr int64_t kMaxAuctionMs = 10000;      // auctions last 1 to 10 s (q4/q6's range join uses it)
constexpr int64_t kFirstId = 1000;
constexpr int64_t kRecent = 1000; // "in flight" auctions and active sellers

inline const char *const kStates[] = {"AZ", "CA", "ID", "OR", "WA", "WY"};
inline const char *const kCities[] = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
                                      "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"};
inline const char *const kFirstNames[] = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
inline const char *const kLastNames[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
inline const char *const kChannels[] = {"apple", "google", "facebook", "baidu"};

inline std::string personName(int64_t id) { return std::string(kFirstNames[id % 11]) + " " + kLastNames[id / 11 % 9]; }

// Column positions, as in the CREATE STREAM statements of bench_Nexmark.cpp.
enum PersonCol { P_ID, P_NAME, P_CITY, P_STATE, P_TIME };
enum AuctionCol { A_ID, A_ITEM, A_INITIAL, A_RESERVE, A_TIME, A_EXPIRES, A_SELLER, A_CATEGORY };
enum BidCol { B_AUCTION, B_BIDDER, B_PRICE, B_CHANNEL, B_TIME };

// persons[i], auctions[i] and bids[i] are the events of the i-th chunk of kChunkEvents.
struct Events {
    std::vector<Block> persons, auctions, bids;
    int64_t count = 0, personRows = 0, auctionRows = 0, bidRows = 0;
    int64_t lastMs = 0; // the newest event time
};

namespace detail {

struct Columns {
    std::vector<engine::MutableColumnPtr> c;
    explicit Columns(std::initializer_list<engine::DataTypePtr> types)
    {
        for (const auto &t : types)
            c.push_back(Column::create(t));
    }
    Block block(std::initializer_list<const char *> names)
    {
        Block b;
        size_t i = 0;
        for (const char *n : names)
            b.add(n, std::move(c[i++]));
        return b;
    }
};

inline engine::DataTypePtr i64() { return makeType(TypeKind::Int64); }
inline engine::DataTypePtr str() { return makeType(TypeKind::String); }
inline engine::DataTypePtr ms() { return makeDateTime64(3, "UTC"); }

struct State {
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int64_t persons = 0, auctions = 0; // generated so far
    uint64_t next()
    {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return x;
    }
    // The newest id half the time, else one of the last kRecent (Nexmark's hot/in-flight choice).
    static int64_t recent(uint64_t r, int64_t made)
    {
        int64_t span = std::min(made, kRecent);
        return kFirstId + ((r & 1) ? made - 1 : made - 1 - static_cast<int64_t>((r >> 1) % static_cast<uint64_t>(span)));
    }
};

} // namespace detail

inline Events generate(int64_t n)
{
    using namespace detail;
    Events out;
    out.count = n;
    State st;
    for (int64_t from = 0; from < n; from += kChunkEvents) {
        const int64_t to = std::min(n, from + kChunkEvents);
        Columns p{i64(), str(), str(), str(), ms()};
        Columns a{i64(), str(), i64(), i64(), ms(), ms(), i64(), i64()};
        Columns b{i64(), i64(), i64(), str(), ms()};
        for (int64_t e = from; e < to; ++e) {
            const uint64_t r = st.next();
            const int64_t ts = kEpochMs + e / kEventsPerMs, kind = e % 50;
            if (kind == 0) {
                const int64_t id = kFirstId + st.persons++;
                p.c[P_ID]->push<int64_t>(id), p.c[P_NAME]->pushString(personName(id));
                p.c[P_CITY]->pushString(kCities[r % 10]), p.c[P_STATE]->pushString(kStates[(r >> 8) % 6]);
                p.c[P_TIME]->push<int64_t>(ts);
            } else if (kind <= 3) {
                const int64_t id = kFirstId + st.auctions++, initial = 1 + static_cast<int64_t>((r >> 8) % 1000);
                a.c[A_ID]->push<int64_t>(id), a.c[A_ITEM]->pushString("item " + std::to_string(id));
                a.c[A_INITIAL]->push<int64_t>(initial), a.c[A_RESERVE]->push<int64_t>(initial * 2);
                a.c[A_TIME]->push<int64_t>(ts), a.c[A_EXPIRES]->push<int64_t>(ts + 1000 + static_cast<int64_t>((r >> 20) % 9001));
                a.c[A_SELLER]->push<int64_t>(State::recent(r >> 34, st.persons)), a.c[A_CATEGORY]->push<int64_t>(10 + static_cast<int64_t>((r >> 40) % 5));
            } else {
                const int64_t price = 1 + static_cast<int64_t>((r >> 20) % 100) * static_cast<int64_t>((r >> 30) % 100);
                b.c[B_AUCTION]->push<int64_t>(State::recent(r, st.auctions));
                b.c[B_BIDDER]->push<int64_t>(kFirstId + static_cast<int64_t>((r >> 40) % static_cast<uint64_t>(st.persons)));
                b.c[B_PRICE]->push<int64_t>(price), b.c[B_CHANNEL]->pushString(kChannels[(r >> 12) & 3]);
                b.c[B_TIME]->push<int64_t>(ts);
            }
            out.lastMs = ts;
        }
        out.persons.push_back(p.block({"id", "name", "city", "state", "date_time"}));
        out.auctions.push_back(a.block({"id", "item_name", "initial_bid", "reserve", "date_time", "expires", "seller", "category"}));
        out.bids.push_back(b.block({"auction", "bidder", "price", "channel", "date_time"}));
        out.personRows += static_cast<int64_t>(out.persons.back().rows());
        out.auctionRows += static_cast<int64_t>(out.auctions.back().rows());
        out.bidRows += static_cast<int64_t>(out.bids.back().rows());
    }
    return out;
}

// A row at time `ms`, later than every generated event, whose integers (ids, prices) are all
// `id` < 0, so it refers to nothing generated; give each stream its own id so that the flush
// rows do not join each other. It only advances the stream's watermark, so that every window
// holding generated events closes, as Proton's watermark requires a later event.
inline Block flushRow(const std::vector<Block> &like, int64_t id, int64_t ms)
{
    Block out;
    for (const auto &col : like.front().columns()) {
        auto c = Column::create(col.type());
        if (col.type()->kind == TypeKind::String)
            c->pushString("");
        else if (col.type()->kind == TypeKind::DateTime64)
            c->push<int64_t>(ms);
        else
            c->push<int64_t>(id);
        out.add(col.name, std::move(c));
    }
    return out;
}

} // namespace tideline::bench::nexmark
