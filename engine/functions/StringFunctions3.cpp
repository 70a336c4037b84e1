// Strings (part 3): to_valid_utf8, base64_encode/decode, hex/unhex, and URL functions
// (protocol, domain, domain_without_www, path, path_full, query_string, fragment,
// extract_url_parameter).
#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/StringHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

// Length of a valid UTF-8 sequence at s[i], or 0 when invalid.
size_t validSequence(std::string_view s, size_t i)
{
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    if ((n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
        return 0;
    return n;
}

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64Encode(std::string_view s, std::string &out)
{
    out.clear();
    size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        uint32_t v = (static_cast<uint8_t>(s[i]) << 16) | (static_cast<uint8_t>(s[i + 1]) << 8) | static_cast<uint8_t>(s[i + 2]);
        out += kB64[v >> 18];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (i < s.size()) {
        uint32_t v = static_cast<uint8_t>(s[i]) << 16;
        if (i + 1 < s.size())
            v |= static_cast<uint8_t>(s[i + 1]) << 8;
        out += kB64[v >> 18];
        out += kB64[(v >> 12) & 63];
        out += i + 1 < s.size() ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
}

bool base64Decode(std::string_view s, std::string &out)
{
    out.clear();
    uint32_t acc = 0;
    int bits = 0;
    size_t pad = 0;
    for (char ch : s) {
        if (ch == '=') {
            ++pad;
            continue;
        }
        const char *p = std::strchr(kB64, ch);
        if (!p || ch == 0 || pad)
            return false;
        acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return (s.size() % 4 == 0 || pad == 0) && pad <= 2;
}

void addEncodings(FunctionRegistry &r)
{
    addStringMap(r, "to_valid_utf8", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        out.clear();
        for (size_t i = 0; i < s.size();) {
            size_t n = validSequence(s, i);
            if (n) {
                out.append(s.substr(i, n));
                i += n;
            } else { // one replacement character per invalid run, as ClickHouse
                out += "\xEF\xBF\xBD";
                while (i < s.size() && !validSequence(s, i))
                    ++i;
            }
        }
    });
    addStringMap(r, "base64_encode", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { base64Encode(s, out); });
    addStringMap(r, "base64_decode", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        if (!base64Decode(s, out))
            fail(ErrorCode::IncorrectData, "Failed to decode base64 string '" + std::string(s) + "'");
    });
    addStringMap(r, "try_base64_decode", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        if (!base64Decode(s, out))
            out.clear();
    });
    addStringMap(r, "unhex", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        out.clear();
        auto nib = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0; };
        size_t i = s.size() % 2; // an odd leading digit is a half byte
        if (i)
            out += static_cast<char>(nib(s[0]));
        for (; i + 1 < s.size(); i += 2)
            out += static_cast<char>(nib(s[i]) * 16 + nib(s[i + 1]));
    });
}

// hex(): strings byte by byte; integers big-endian without leading zero bytes (ClickHouse).
void addHex(FunctionRegistry &r)
{
    add(r, "hex", "string", "hex(x)", "uppercase hexadecimal", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("hex", args, 1, 1);
        const DataTypePtr &t = args[0].type;
        if (!t || !(t->isStringLike() || (isIntegerType(*t) || t->isDateOrTime() || t->isFloat())))
            illegalType("hex", t, 1);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 static const char digits[] = "0123456789ABCDEF";
                                 auto out = Column::create(rt, rows);
                                 const Column &x = *c[0];
                                 std::string buf;
                                 for (size_t i = 0; i < rows; ++i) {
                                     buf.clear();
                                     if (x.type()->kind == TypeKind::String) {
                                         for (unsigned char ch : x.stringAt(i))
                                             buf += digits[ch >> 4], buf += digits[ch & 15];
                                     } else {
                                         size_t w = x.type()->valueSize();
                                         const uint8_t *p = x.fixed.data() + i * w;
                                         bool lead = !x.type()->isFloat() && x.type()->kind != TypeKind::FixedString;
                                         for (size_t k = 0; k < w; ++k) {
                                             // little-endian storage: numbers print most significant byte first
                                             uint8_t b = lead ? p[w - 1 - k] : p[k];
                                             if (lead && b == 0 && buf.empty() && k + 1 < w)
                                                 continue;
                                             buf += digits[b >> 4], buf += digits[b & 15];
                                         }
                                     }
                                     out->pushString(buf);
                                 }
                                 return out;
                             }};
    });
}

// URL pieces as ClickHouse's URL functions define them.
struct UrlParts {
    std::string_view protocol, host, path, query, fragment;
};

UrlParts parseUrl(std::string_view u)
{
    UrlParts p;
    size_t scheme = u.find("://");
    size_t rest = 0;
    if (scheme != std::string_view::npos && scheme > 0 && u.find_first_of("/?#") > scheme) {
        p.protocol = u.substr(0, scheme);
        rest = scheme + 3;
    } else if (u.substr(0, 2) == "//") {
        rest = 2;
    } else {
        rest = std::string_view::npos;
    }
    size_t pathStart = rest == std::string_view::npos ? 0 : u.find_first_of("/?#", rest);
    if (rest != std::string_view::npos) {
        std::string_view auth = u.substr(rest, (pathStart == std::string_view::npos ? u.size() : pathStart) - rest);
        if (size_t at = auth.rfind('@'); at != std::string_view::npos)
            auth = auth.substr(at + 1);
        if (size_t colon = auth.find(':'); colon != std::string_view::npos)
            auth = auth.substr(0, colon);
        p.host = auth;
    }
    if (pathStart == std::string_view::npos)
        return p;
    std::string_view tail = u.substr(pathStart);
    size_t q = tail.find('?'), h = tail.find('#');
    p.path = tail.substr(0, std::min(q, h));
    if (q != std::string_view::npos && (h == std::string_view::npos || q < h))
        p.query = tail.substr(q + 1, h == std::string_view::npos ? std::string_view::npos : h - q - 1);
    if (h != std::string_view::npos)
        p.fragment = tail.substr(h + 1);
    return p;
}

void addUrl(FunctionRegistry &r)
{
    addStringMap(r, "protocol", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { out.assign(parseUrl(s).protocol); });
    addStringMap(r, "domain", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { out.assign(parseUrl(s).host); });
    addStringMap(r, "domain_without_www", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        std::string_view h = parseUrl(s).host;
        out.assign(h.substr(0, 4) == "www." ? h.substr(4) : h);
    });
    addStringMap(r, "path", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { out.assign(parseUrl(s).path); });
    addStringMap(r, "path_full", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        UrlParts p = parseUrl(s);
        size_t b = p.path.empty() ? (p.query.empty() ? s.size() : static_cast<size_t>(p.query.data() - s.data()) - 1) : static_cast<size_t>(p.path.data() - s.data());
        out.assign(s.substr(std::min(b, s.size())));
    });
    addStringMap(r, "query_string", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { out.assign(parseUrl(s).query); });
    addStringMap(r, "fragment", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) { out.assign(parseUrl(s).fragment); });
    addStringMap(r, "extract_url_parameter", 2, [](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
        std::string_view name = a.strings[0]->stringAt(i);
        UrlParts p = parseUrl(s);
        std::string_view q = p.query;
        out.clear();
        while (!q.empty()) {
            size_t amp = q.find('&');
            std::string_view kv = q.substr(0, amp);
            size_t eq = kv.find('=');
            if (kv.substr(0, eq) == name) {
                out.assign(eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1));
                return;
            }
            if (amp == std::string_view::npos)
                break;
            q = q.substr(amp + 1);
        }
    });
}

} // namespace

void registerStringFunctions3(FunctionRegistry &registry)
{
    addEncodings(registry);
    addHex(registry);
    addUrl(registry);
}

} // namespace tideline::engine
