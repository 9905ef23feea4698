// The JSON API of docs/api.md, independent of the HTTP library: each endpoint takes the decoded
// request and returns a status and a JSON body. Thread-safe: any number of requests at once.
#ifndef TMKIT_SERVER_API_H_
#define TMKIT_SERVER_API_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks.h"
#include "names.h"
#include "terms.h"
#include "tm_handle.h"
#include "tmkit/status.h"

namespace tmkit::server {

// Percent-decoding of a URL part; in a query string '+' is a space (`plus_is_space`). A '%' not
// followed by two hex digits is kept as it is, as browsers do.
std::string DecodeUrl(std::string_view text, bool plus_is_space);
// The parameters of a URL query string, decoded. Repeated keys are all kept, in order.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

struct ApiRequest {
  std::multimap<std::string, std::string> params;  // ParseQuery of the query string
  std::string body;
  std::string authorization;  // the Authorization header, verbatim
  std::chrono::steady_clock::time_point deadline;
};

struct ApiReply {
  int status = 200;
  nlohmann::json body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": {"status": 400, "code": "bad_json", "message": "..."}} — every error looks like this.
ApiReply ErrorReply(int status, std::string_view code, std::string_view message);
// The HTTP status and code for an engine Status (InvalidArgument -> 400 "invalid_argument", ...).
ApiReply ErrorReply(const Status& status);

struct ApiLimits {
  size_t max_query_chars = 1000;
  int max_limit = 50;  // the largest limit= a lookup or concordance may ask for
};

class Api {
 public:
  // `terms` may be null: the service then has no glossary and /api/terms says so.
  Api(std::unique_ptr<TmHandle> tm, std::unique_ptr<TermService> terms, std::string write_token,
      ApiLimits limits);

  ApiReply Health(const ApiRequest& request) const;
  ApiReply Lookup(const ApiRequest& request) const;
  ApiReply Concordance(const ApiRequest& request) const;
  ApiReply Terms(const ApiRequest& request) const;
  ApiReply Stats(const ApiRequest& request) const;
  ApiReply PostUnit(const ApiRequest& request) const;
  // POST /api/check: one segment pair through the checks of `tmkit check`, with the glossaries.
  ApiReply Check(const ApiRequest& request) const;
  // GET /api/names: the archive's names (tmkit names mine) found by a name in any script.
  ApiReply Names(const ApiRequest& request) const;
  // POST /api/xliff: an XLIFF file (the body) analysed by match band and pre-translated, as
  // `tmkit analyze` and `tmkit pretranslate` do; the new file comes back in the JSON answer.
  ApiReply Xliff(const ApiRequest& request) const;

 private:
  // Reads a text parameter: present, valid UTF-8, not empty and not longer than the limit.
  bool TextParam(const ApiRequest& request, const char* name, std::string* value, ApiReply* error) const;
  // Reads a language parameter: a well-formed tag the TM holds units in.
  bool LangParam(const ApiRequest& request, const char* name, std::string* tag, ApiReply* error) const;
  // Whether the TM holds segments in `tag`; a 400 naming what it holds (`what` is the field) if not.
  bool HeldLanguage(const std::string& tag, const std::string& what, ApiReply* error) const;
  // Reads a language parameter: a well-formed tag some glossary term is in.
  bool GlossaryLangParam(const ApiRequest& request, const char* name, std::string* tag, ApiReply* error) const;
  bool IntParam(const ApiRequest& request, const char* name, int low, int high, int* value, ApiReply* error) const;
  bool Authorized(const ApiRequest& request, ApiReply* error) const;
  // Reads the request body as a JSON object: valid UTF-8 and valid JSON, or a 400.
  bool JsonBody(const ApiRequest& request, nlohmann::json* body, ApiReply* error) const;

  std::unique_ptr<TmHandle> tm_;
  std::unique_ptr<TermService> terms_;
  std::unique_ptr<CheckService> checks_;  // shares terms_'s glossary
  std::string write_token_;
  ApiLimits limits_;
  std::unique_ptr<NameService> names_;  // after tm_, which it reads: destroyed (and stopped) first
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_API_H_
