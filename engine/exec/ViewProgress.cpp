#include "engine/exec/ViewProgress.h"

#include <charconv>
#include <sstream>

namespace tideline::engine {

namespace {

constexpr const char *kMagic = "tlmv1";

std::string joinList(const std::vector<int64_t> &values)
{
    if (values.empty())
        return "-";
    std::string out;
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + std::to_string(values[i]);
    return out;
}

template <typename T>
bool parseNumber(const std::string &text, T &out)
{
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parseList(const std::string &text, std::vector<int64_t> &out)
{
    out.clear();
    if (text == "-")
        return true;
    size_t at = 0;
    while (at <= text.size()) {
        size_t comma = text.find(',', at);
        if (comma == std::string::npos)
            comma = text.size();
        int64_t v = 0;
        if (!parseNumber(text.substr(at, comma - at), v))
            return false;
        out.push_back(v);
        at = comma + 1;
    }
    return true;
}

} // namespace

std::string ViewProgress::encode() const
{
    return std::string(kMagic) + " " + view + " " + std::to_string(outputSeq) + " " + std::to_string(outputsAtPositions) + " " + joinList(positions) + " " +
        joinList(emitState);
}

std::optional<ViewProgress> ViewProgress::decode(const std::string &text)
{
    std::istringstream in(text);
    std::string magic, seq, at, positions, emits, extra;
    ViewProgress p;
    if (!(in >> magic >> p.view >> seq >> at >> positions >> emits) || (in >> extra) || magic != kMagic)
        return std::nullopt;
    if (!parseNumber(seq, p.outputSeq) || !parseNumber(at, p.outputsAtPositions) || !parseList(positions, p.positions) || !parseList(emits, p.emitState))
        return std::nullopt;
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
