#include "engine/exec/ViewProgress.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace tideline::engine {

namespace {

constexpr const char *kMagic = "tlmv1";

template <typename T>
bool parseNumber(const std::string &text, T &out)
{
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

std::string ViewProgress::encodeList(const std::vector<int64_t> &values)
{
    if (values.empty())
        return "-";
    std::string out;
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + std::to_string(values[i]);
    return out;
}

std::optional<std::vector<int64_t>> ViewProgress::decodeList(const std::string &text)
{
    std::vector<int64_t> out;
    if (text == "-")
        return out;
    for (size_t at = 0; at <= text.size();) {
        size_t comma = std::min(text.find(',', at), text.size());
        int64_t v = 0;
        if (!parseNumber(text.substr(at, comma - at), v))
            return std::nullopt;
        out.push_back(v);
        at = comma + 1;
    }
    return out;
}

std::string ViewProgress::encodeOffsets(const std::vector<std::map<int32_t, int64_t>> &offsets)
{
    if (offsets.empty())
        return "-";
    std::string out;
    for (size_t i = 0; i < offsets.size(); ++i) {
        out += i ? ";" : "";
        if (offsets[i].empty())
            out += '.';
        bool first = true;
        for (const auto &[partition, next] : offsets[i]) {
            out += (first ? "" : ",") + std::to_string(partition) + ":" + std::to_string(next);
            first = false;
        }
    }
    return out;
}

std::optional<std::vector<std::map<int32_t, int64_t>>> ViewProgress::decodeOffsets(const std::string &text)
{
    std::vector<std::map<int32_t, int64_t>> out;
    if (text == "-")
        return out;
    for (size_t at = 0; at <= text.size();) {
        const size_t end = std::min(text.find(';', at), text.size());
        std::map<int32_t, int64_t> &source = out.emplace_back();
        if (text.compare(at, end - at, ".") != 0)
            for (size_t p = at; p <= end;) {
                const size_t comma = std::min(text.find(',', p), end), colon = text.find(':', p);
                int32_t partition = 0;
                int64_t next = 0;
                if (colon >= comma || !parseNumber(text.substr(p, colon - p), partition) ||
                    !parseNumber(text.substr(colon + 1, comma - colon - 1), next) || !source.emplace(partition, next).second)
                    return std::nullopt;
                p = comma + 1;
            }
        at = end + 1;
    }
    return out;
}

std::string ViewProgress::encode() const
{
    std::string out = std::string(kMagic) + " " + view + " " + std::to_string(outputSeq) + " " + std::to_string(outputsAtPositions) + " " +
        encodeList(positions) + " " + encodeList(emitState);
    if (!offsets.empty())
        out += " " + encodeOffsets(offsets);
    return out;
}

std::optional<ViewProgress> ViewProgress::decode(const std::string &text)
{
    std::istringstream in(text);
    std::string magic, seq, at, positions, emits, offsets = "-", extra;
    ViewProgress p;
    if (!(in >> magic >> p.view >> seq >> at >> positions >> emits) || magic != kMagic)
        return std::nullopt;
    if ((in >> offsets) && (in >> extra))
        return std::nullopt;
    auto pos = decodeList(positions), emit = decodeList(emits);
    auto ext = decodeOffsets(offsets);
    if (!parseNumber(seq, p.outputSeq) || !parseNumber(at, p.outputsAtPositions) || !pos || !emit || !ext)
        return std::nullopt;
    p.positions = std::move(*pos);
    p.emitState = std::move(*emit);
    p.offsets = std::move(*ext);
    return p;
}

uint32_t ViewProgress::writerTag(const std::string &viewUuid)
{
    uint32_t h = 2166136261u;
    for (unsigned char c : viewUuid) {
        h ^= c;
        h *= 16777619u;
    }
    return h ? h : 1;
}

} // namespace tideline::engine
