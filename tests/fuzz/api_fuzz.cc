// libFuzzer harness: the JSON API of `tmkit serve` (docs/api.md) behind the HTTP layer, over the
// seed article's TM (seed_tm.h) and glossaries/names.tbx. Each input is one request: the first
// byte picks the endpoint and whether it carries the write token, the rest is
// "QUERY-STRING\0BODY", the query string decoded by ParseQuery, as the server does. Whatever the
// client sends, the answer must be a documented status with a well-formed body, never a 500. A
// write is undone before the next input (ResetSeedTm), so every input meets the same TM.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "api.h"
#include "seed_tm.h"

namespace {

using tmkit::server::Api;
using tmkit::server::ApiReply;
using tmkit::server::ApiRequest;

constexpr const char* kToken = "fuzz-token";

void Check(bool ok, const char* what, const ApiReply& reply) {
  if (!ok) {
    fprintf(stderr, "api invariant broken: %s\nstatus %d, body %s\n", what, reply.status,
            reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    std::abort();
  }
}

Api* SeedApi() {
  static std::unique_ptr<Api> api = [] {
    std::unique_ptr<tmkit::server::TmHandle> tm;
    std::unique_ptr<tmkit::server::TermService> terms;
    tmkit::Status opened = tmkit::server::TmHandle::Open(fuzz::SeedTmDir(), &tm);
    tmkit::Status loaded = tmkit::server::TermService::Load(
        {std::string(TMKIT_SOURCE_DIR) + "/glossaries/names.tbx"}, "", "", &terms);
    if (!opened.ok() || !loaded.ok()) {
      fprintf(stderr, "api harness: %s %s\n", opened.ToString().c_str(), loaded.ToString().c_str());
      std::abort();
    }
    return std::make_unique<Api>(std::move(tm), std::move(terms), kToken, tmkit::server::ApiLimits{});
  }();
  return api.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 16384) return 0;
  Api* api = SeedApi();
  static bool written = false;
  if (written) {
    fuzz::ResetSeedTm();
    written = false;
  }
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t nul = rest.find('\0');
  ApiRequest request;
  request.params = tmkit::server::ParseQuery(rest.substr(0, nul));
  if (nul != std::string_view::npos) request.body = std::string(rest.substr(nul + 1));
  if (mode & 0x80) request.authorization = std::string("Bearer ") + kToken;
  request.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);

  ApiReply reply;
  switch ((mode & 0x7f) % 7) {
    case 0: reply = api->Lookup(request); break;
    case 1: reply = api->Concordance(request); break;
    case 2: reply = api->Terms(request); break;
    case 3: reply = api->Check(request); break;
    case 4:
      reply = api->PostUnit(request);
      written = true;
      break;
    case 5: reply = api->Stats(request); break;
    default: reply = api->Health(request); break;
  }

  static const std::set<int> kDocumented = {200, 201, 400, 403, 404, 503};
  Check(kDocumented.count(reply.status) == 1, "a documented status (never 500)", reply);
  Check(reply.body.is_object(), "the body is a JSON object", reply);
  if (reply.status >= 400) {
    const auto& error = reply.body["error"];
    Check(error.is_object() && error["status"] == reply.status, "error.status is the HTTP status", reply);
    Check(error["code"].is_string() && !error["code"].get<std::string>().empty(), "error.code", reply);
    Check(error["message"].is_string() && !error["message"].get<std::string>().empty(), "error.message", reply);
  }
  // The server writes every body with invalid UTF-8 replaced; a reply must survive that.
  std::string dumped = reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Check(!dumped.empty(), "the body serializes", reply);
  return 0;
}
