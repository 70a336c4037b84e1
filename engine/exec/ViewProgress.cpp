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

std::string ViewProgress::encode() const
{
    return std::string(kMagic) + " " + view + " " + std::to_string(outputSeq) + " " + std::to_string(outputsAtPositions) + " " + encodeList(positions) +
        " " + encodeList(emitState);
}

std::optional<ViewProgress> ViewProgress::decode(const std::string &text)
{
    std::istringstream in(text);
    std::string magic, seq, at, positions, emits, extra;
    ViewProgress p;
    if (!(in >> magic >> p.view >> seq >> at >> positions >> emits) || (in >> extra) || magic != kMagic)
        return std::nullopt;
    auto pos = decodeList(positions), emit = decodeList(emits);
    if (!parseNumber(seq, p.outputSeq) || !parseNumber(at, p.outputsAtPositions) || !pos || !emit)
        return std::nullopt;
    p.positions = std::move(*pos);
    p.emitState = std::move(*emit);
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
