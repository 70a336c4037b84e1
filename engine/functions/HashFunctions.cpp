// Non-cryptographic hashes as ClickHouse computes them: city_hash64 (CityHash64 v1.0.2, the
// version ClickHouse bundles; integers go through intHash64, several arguments are combined with
// Hash128to64), sip_hash64 (SipHash-2-4, zero key), xx_hash64 / xxh3 (libxxhash),
// murmur_hash3_32 (x86_32, seed 0), murmur_hash3_64 (x64_128, halves XORed), crc32 (IEEE),
// weak_hash32 (here: crc32 of the bytes, not ClickHouse's algorithm). md5/sha1/sha256 are in
// HashFunctions2.cpp.
#include <xxhash.h>

#include <array>

#include <cstring>
#include <utility>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerHashFunctions2(FunctionRegistry &registry);

namespace {

namespace city {

constexpr uint64_t k0 = 0xc3a5c85c97cb3127ULL, k1 = 0xb492b66fbe98f273ULL, k2 = 0x9ae16a3b2f90404fULL, k3 = 0xc949d7c7509e6557ULL;

uint64_t fetch64(const char *p) { uint64_t v; std::memcpy(&v, p, 8); return v; }
uint32_t fetch32(const char *p) { uint32_t v; std::memcpy(&v, p, 4); return v; }
uint64_t rotate(uint64_t v, int s) { return s == 0 ? v : ((v >> s) | (v << (64 - s))); }
uint64_t rotate1(uint64_t v, int s) { return (v >> s) | (v << (64 - s)); }
uint64_t shiftMix(uint64_t v) { return v ^ (v >> 47); }

uint64_t hash128to64(uint64_t lo, uint64_t hi)
{
    const uint64_t kMul = 0x9ddfea08eb382d69ULL;
    uint64_t a = (lo ^ hi) * kMul;
    a ^= (a >> 47);
    uint64_t b = (hi ^ a) * kMul;
    b ^= (b >> 47);
    return b * kMul;
}

uint64_t hashLen0to16(const char *s, size_t len)
{
    if (len > 8) {
        uint64_t a = fetch64(s), b = fetch64(s + len - 8);
        return hash128to64(a, rotate1(b + len, static_cast<int>(len))) ^ b;
    }
    if (len >= 4) {
        uint64_t a = fetch32(s);
        return hash128to64(len + (a << 3), fetch32(s + len - 4));
    }
    if (len > 0) {
        uint8_t a = static_cast<uint8_t>(s[0]), b = static_cast<uint8_t>(s[len >> 1]), c = static_cast<uint8_t>(s[len - 1]);
        uint32_t y = static_cast<uint32_t>(a) + (static_cast<uint32_t>(b) << 8);
        uint32_t z = static_cast<uint32_t>(len) + (static_cast<uint32_t>(c) << 2);
        return shiftMix(y * k2 ^ z * k3) * k2;
    }
    return k2;
}

uint64_t hashLen17to32(const char *s, size_t len)
{
    uint64_t a = fetch64(s) * k1, b = fetch64(s + 8), c = fetch64(s + len - 8) * k2, d = fetch64(s + len - 16) * k0;
    return hash128to64(rotate(a - b, 43) + rotate(c, 30) + d, a + rotate(b ^ k3, 20) - c + len);
}

std::pair<uint64_t, uint64_t> weak32(uint64_t w, uint64_t x, uint64_t y, uint64_t z, uint64_t a, uint64_t b)
{
    a += w;
    b = rotate(b + a + z, 21);
    uint64_t c = a;
    a += x;
    a += y;
    b += rotate(a, 44);
    return {a + z, b + c};
}

std::pair<uint64_t, uint64_t> weak32(const char *s, uint64_t a, uint64_t b)
{
    return weak32(fetch64(s), fetch64(s + 8), fetch64(s + 16), fetch64(s + 24), a, b);
}

uint64_t hashLen33to64(const char *s, size_t len)
{
    uint64_t z = fetch64(s + 24), a = fetch64(s) + (len + fetch64(s + len - 16)) * k0;
    uint64_t b = rotate(a + z, 52), c = rotate(a, 37);
    a += fetch64(s + 8);
    c += rotate(a, 7);
    a += fetch64(s + 16);
    uint64_t vf = a + z, vs = b + rotate(a, 31) + c;
    a = fetch64(s + 16) + fetch64(s + len - 32);
    z = fetch64(s + len - 8);
    b = rotate(a + z, 52);
    c = rotate(a, 37);
    a += fetch64(s + len - 24);
    c += rotate(a, 7);
    a += fetch64(s + len - 16);
    uint64_t wf = a + z, ws = b + rotate(a, 31) + c;
    uint64_t r = shiftMix((vf + ws) * k2 + (wf + vs) * k0);
    return shiftMix(r * k0 + vs) * k2;
}

uint64_t cityHash64(const char *s, size_t len)
{
    if (len <= 16)
        return hashLen0to16(s, len);
    if (len <= 32)
        return hashLen17to32(s, len);
    if (len <= 64)
        return hashLen33to64(s, len);
    uint64_t x = fetch64(s), y = fetch64(s + len - 16) ^ k1, z = fetch64(s + len - 56) ^ k0;
    auto v = weak32(s + len - 64, len, y);
    auto w = weak32(s + len - 32, len * k1, k0);
    z += shiftMix(v.second) * k1;
    x = rotate(z + x, 39) * k1;
    y = rotate(y, 33) * k1;
    len = (len - 1) & ~static_cast<size_t>(63);
    do {
        x = rotate(x + y + v.first + fetch64(s + 16), 37) * k1;
        y = rotate(y + v.second + fetch64(s + 48), 42) * k1;
        x ^= w.second;
        y ^= v.first;
        z = rotate(z ^ w.first, 33);
        v = weak32(s, v.second * k1, x + w.first);
        w = weak32(s + 32, z + w.second, y);
        std::swap(z, x);
        s += 64;
        len -= 64;
    } while (len != 0);
    return hash128to64(hash128to64(v.first, w.first) + shiftMix(y) * k1 + z, hash128to64(v.second, w.second) + x);
}

} // namespace city

uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

uint64_t sipHash64(const char *data, size_t len)
{
    uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL, v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
    auto round = [&] {
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
    };
    size_t full = len / 8 * 8;
    for (size_t i = 0; i < full; i += 8) {
        uint64_t m;
        std::memcpy(&m, data + i, 8);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    uint64_t last = static_cast<uint64_t>(len & 0xff) << 56;
    for (size_t i = full; i < len; ++i)
        last |= static_cast<uint64_t>(static_cast<uint8_t>(data[i])) << (8 * (i - full));
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xff;
    for (int i = 0; i < 4; ++i)
        round();
    return v0 ^ v1 ^ v2 ^ v3;
}

uint32_t murmur3_32(const char *data, size_t len, uint32_t seed = 0)
{
    const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
    uint32_t h = seed;
    auto rotl32 = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
    size_t blocks = len / 4;
    for (size_t i = 0; i < blocks; ++i) {
        uint32_t k;
        std::memcpy(&k, data + i * 4, 4);
        k *= c1; k = rotl32(k, 15); k *= c2;
        h ^= k; h = rotl32(h, 13); h = h * 5 + 0xe6546b64;
    }
    uint32_t k = 0;
    const auto *tail = reinterpret_cast<const uint8_t *>(data + blocks * 4);
    switch (len & 3) {
    case 3: k ^= static_cast<uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: k ^= static_cast<uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1: k ^= tail[0]; k *= c1; k = rotl32(k, 15); k *= c2; h ^= k;
    }
    h ^= static_cast<uint32_t>(len);
    h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
    return h;
}

uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
}

// MurmurHash3_x64_128 with seed 0; ClickHouse's murmurHash3_64 XORs the two halves.
uint64_t murmur3_64(const char *data, size_t len)
{
    const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    uint64_t h1 = 0, h2 = 0;
    size_t blocks = len / 16;
    for (size_t i = 0; i < blocks; ++i) {
        uint64_t k1, k2;
        std::memcpy(&k1, data + i * 16, 8);
        std::memcpy(&k2, data + i * 16 + 8, 8);
        k1 *= c1; k1 = rotl(k1, 31); k1 *= c2; h1 ^= k1;
        h1 = rotl(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
        k2 *= c2; k2 = rotl(k2, 33); k2 *= c1; h2 ^= k2;
        h2 = rotl(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
    }
    const auto *tail = reinterpret_cast<const uint8_t *>(data + blocks * 16);
    uint64_t k1 = 0, k2 = 0;
    size_t rest = len & 15;
    for (size_t i = rest; i-- > 8;)
        k2 ^= static_cast<uint64_t>(tail[i]) << ((i - 8) * 8);
    for (size_t i = std::min<size_t>(rest, 8); i-- > 0;)
        k1 ^= static_cast<uint64_t>(tail[i]) << (i * 8);
    if (rest > 8) { k2 *= c2; k2 = rotl(k2, 33); k2 *= c1; h2 ^= k2; }
    if (rest > 0) { k1 *= c1; k1 = rotl(k1, 31); k1 *= c2; h1 ^= k1; }
    h1 ^= len; h2 ^= len;
    h1 += h2; h2 += h1;
    h1 = fmix64(h1); h2 = fmix64(h2);
    h1 += h2; h2 += h1;
    return h1 ^ h2;
}

uint32_t crc32(const char *data, size_t len)
{
    static const auto table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; ++i)
        c = table[(c ^ static_cast<uint8_t>(data[i])) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

uint64_t intHash64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

enum class Algo { City, Sip, Xx, Xxh3, Murmur32, Murmur64, Crc32, Weak32 };

// Hash of one value: bytes for strings; for numbers ClickHouse's per-algorithm rule.
uint64_t hashValue(Algo a, const char *p, size_t n, bool isNumber)
{
    if (isNumber && a == Algo::City) {
        uint64_t v = 0;
        std::memcpy(&v, p, std::min<size_t>(n, 8)); // bit_cast to UInt64, zero-extended
        return intHash64(v);
    }
    switch (a) {
    case Algo::City: return city::cityHash64(p, n);
    case Algo::Sip: return sipHash64(p, n);
    case Algo::Xx: return XXH64(p, n, 0);
    case Algo::Xxh3: return XXH3_64bits(p, n);
    case Algo::Murmur32: return murmur3_32(p, n);
    case Algo::Murmur64: return murmur3_64(p, n);
    case Algo::Crc32: case Algo::Weak32: return crc32(p, n);
    }
    return 0;
}

uint64_t combine(Algo a, uint64_t h1, uint64_t h2)
{
    if (a == Algo::City)
        return city::hash128to64(h1, h2);
    uint64_t both[2] = {h1, h2};
    return hashValue(a, reinterpret_cast<const char *>(both), sizeof both, false);
}

void addHash(FunctionRegistry &r, const std::string &name, Algo algo, bool wide)
{
    add(r, name, "hash", name + "(x, ...)", name, [name, algo, wide](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, SIZE_MAX);
        for (size_t i = 0; i < args.size(); ++i)
            if (!args[i].type || !(args[i].type->isStringLike() || args[i].type->valueSize() > 0))
                illegalType(name, args[i].type, i + 1);
        DataTypePtr rt = makeType(wide ? TypeKind::UInt64 : TypeKind::UInt32);
        return BoundFunction{rt, [rt, algo, wide](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<uint64_t> h(rows);
                                 for (size_t k = 0; k < c.size(); ++k) {
                                     const Column &x = *c[k];
                                     bool str = x.type()->kind == TypeKind::String;
                                     size_t w = x.type()->valueSize();
                                     bool number = !str && x.type()->kind != TypeKind::FixedString;
                                     for (size_t i = 0; i < rows; ++i) {
                                         auto sv = str ? x.stringAt(i) : std::string_view(reinterpret_cast<const char *>(x.fixed.data()) + i * w, w);
                                         uint64_t v = hashValue(algo, sv.data(), sv.size(), number);
                                         h[i] = k == 0 ? v : combine(algo, h[i], v);
                                     }
                                 }
                                 if (wide)
                                     return generate<uint64_t>(rt, rows, [&](size_t i) { return h[i]; });
                                 return generate<uint32_t>(rt, rows, [&](size_t i) { return static_cast<uint32_t>(h[i]); });
                             }};
    });
}

} // namespace

void registerHashFunctions(FunctionRegistry &registry)
{
    addHash(registry, "city_hash64", Algo::City, true);
    addHash(registry, "sip_hash64", Algo::Sip, true);
    addHash(registry, "xx_hash64", Algo::Xx, true);
    addHash(registry, "xxh3", Algo::Xxh3, true);
    addHash(registry, "murmur_hash3_32", Algo::Murmur32, false);
    addHash(registry, "murmur_hash3_64", Algo::Murmur64, true);
    addHash(registry, "crc32", Algo::Crc32, false);
    addHash(registry, "weak_hash32", Algo::Weak32, false);
    registerHashFunctions2(registry);
}

} // namespace tideline::engine
