// SqlCompletion's function list: the Proton functions users reach for most, each with the
// one-line doc the completion popup shows (the signature first, so it teaches the arguments).
#include "models/SqlCompletion.h"

namespace tideline::models {

const QList<SqlCompletion::FunctionDoc> &SqlCompletion::functions()
{
    static const QList<FunctionDoc> list = {
        {"tumble", "tumble(stream, [time_col,] size) — fixed, non-overlapping windows: window_start, window_end"},
        {"hop", "hop(stream, [time_col,] step, size) — overlapping windows that advance by step"},
        {"session", "session(stream, [time_col,] gap[, max]) — windows split by inactivity gaps"},
        {"table", "table(stream) — the stored rows only: a bounded query that finishes"},
        {"dedup", "dedup(stream, key...[, ttl]) — drops rows whose key was seen recently"},
        {"changelog", "changelog(stream, key...) — turns an append stream into a changelog (+1/-1 rows)"},
        {"window_start", "window_start — start of the row's window (tumble/hop/session)"},
        {"window_end", "window_end — end of the row's window (tumble/hop/session)"},
        {"emit_version", "emit_version() — sequence number of the current emit of a streaming aggregate"},
        {"count", "count([x]) — number of rows (or non-NULL x)"},
        {"sum", "sum(x) — sum of x"},
        {"avg", "avg(x) — arithmetic mean of x"},
        {"min", "min(x) — smallest x"},
        {"max", "max(x) — largest x"},
        {"uniq", "uniq(x...) — approximate number of distinct values"},
        {"uniq_exact", "uniq_exact(x...) — exact number of distinct values"},
        {"quantile", "quantile(level)(x) — approximate quantile, e.g. quantile(0.99)(latency)"},
        {"p90", "p90(x) — 90th percentile of x"},
        {"p99", "p99(x) — 99th percentile of x"},
        {"top_k", "top_k(x, k) — the k most frequent values of x"},
        {"latest", "latest(x) — x of the newest row in the group"},
        {"earliest", "earliest(x) — x of the oldest row in the group"},
        {"lag", "lag(x[, n]) — x of the n-th previous row of the stream (default 1)"},
        {"group_array", "group_array(x) — all values of x in the group as an array"},
        {"now", "now() — current time (datetime)"},
        {"now64", "now64([precision]) — current time with sub-second precision"},
        {"to_datetime", "to_datetime(x[, tz]) — parses or converts x to datetime"},
        {"to_date", "to_date(x) — converts x to a date"},
        {"to_string", "to_string(x) — x as text"},
        {"to_int64", "to_int64(x) — x as a 64-bit integer"},
        {"to_float64", "to_float64(x) — x as a 64-bit float"},
        {"to_start_of_minute", "to_start_of_minute(t) — t rounded down to the minute"},
        {"to_start_of_hour", "to_start_of_hour(t) — t rounded down to the hour"},
        {"to_start_of_day", "to_start_of_day(t) — t rounded down to midnight"},
        {"date_diff", "date_diff(unit, a, b) — b − a in the unit ('second', 'minute', …)"},
        {"json_extract_string", "json_extract_string(json, key…) — a string field of a JSON text"},
        {"json_extract_int", "json_extract_int(json, key…) — an integer field of a JSON text"},
        {"json_extract_float", "json_extract_float(json, key…) — a float field of a JSON text"},
        {"json_value", "json_value(json, path) — the value at a JSONPath ('$.a.b') as text"},
        {"if", "if(cond, then, else) — then when cond is true, else otherwise"},
        {"multi_if", "multi_if(c1, v1, c2, v2, …, else) — the first v whose c is true"},
        {"coalesce", "coalesce(x, y, …) — the first non-NULL argument"},
        {"length", "length(s) — length of a string or an array"},
        {"lower", "lower(s) — s in lower case"},
        {"upper", "upper(s) — s in upper case"},
        {"concat", "concat(a, b, …) — the arguments joined as text"},
        {"substring", "substring(s, offset[, length]) — part of s (1-based)"},
        {"replace_all", "replace_all(s, from, to) — every occurrence of from replaced"},
        {"round", "round(x[, n]) — x rounded to n decimals"},
        {"floor", "floor(x) — largest integer ≤ x"},
        {"ceil", "ceil(x) — smallest integer ≥ x"},
        {"abs", "abs(x) — absolute value"},
        {"rand", "rand() — a random uint32"},
        {"random_in_type", "random_in_type(type[, max]) — a random value of a type (random streams)"},
        {"array_join", "array_join(arr) — one row per element of arr"},
        {"is_null", "is_null(x) — true when x is NULL"},
    };
    return list;
}

} // namespace tideline::models
