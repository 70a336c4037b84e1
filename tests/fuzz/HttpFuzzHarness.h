#pragma once
// The HTTP fuzzer's property: an ApiServer on a fresh data folder takes the input as the raw
// bytes of one connection (request line, headers, body: possibly several pipelined requests,
// truncated, or not HTTP at all). It must never crash, never answer 5xx, and still serve a
// well-formed request afterwards. Inputs meant to reach the handlers carry the key `kFuzzKey`.
#include <QTemporaryDir>
#include <memory>
#include <string>
#include <string_view>

namespace tideline::workspace { class Workspace; }
namespace tideline::server { class ApiServer; }

namespace tideline::fuzz {

inline constexpr const char *kFuzzKey = "fuzz-key-0123456789abcdef";

class HttpFuzzHarness {
public:
    HttpFuzzHarness();   // needs a QCoreApplication
    ~HttpFuzzHarness();

    // Empty when the property held, else what broke.
    std::string check(std::string_view bytes);

    static HttpFuzzHarness &instance();

private:
    std::string exchange(std::string_view bytes, bool patient, std::string &received);

    QTemporaryDir m_dir;
    std::unique_ptr<workspace::Workspace> m_workspace;
    std::unique_ptr<server::ApiServer> m_server;
    quint16 m_port = 0;
};

} // namespace tideline::fuzz
