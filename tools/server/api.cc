#include "api.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "tmkit/analysis.h"
#include "tmkit/check_report.h"
#include "tmkit/control_characters.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/name_mining.h"
#include "tmkit/pretranslate.h"
#include "tmkit/unit.h"
#include "tmkit/utf8.h"
#include "tmkit/xliff.h"

namespace tmkit::server {
namespace {

using nlohmann::json;

// The HTTP status a TM-unavailable answer gets: the service is up, its data is not.
constexpr int kUnavailable = 503;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

// `text` cut into runs, each flagged when it lies inside one of the sorted byte `ranges`: what the
// page needs to highlight without re-deriving UTF-16 offsets from byte offsets.
json Parts(const std::string& text, const std::vector<std::pair<size_t, size_t>>& ranges, const char* flag) {
  json parts = json::array();
  size_t at = 0;
  auto add = [&](size_t begin, size_t end, bool flagged) {
    if (end > begin) parts.push_back({{"text", text.substr(begin, end - begin)}, {flag, flagged}});
  };
  for (auto [begin, end] : ranges) {
    begin = std::clamp(begin, at, text.size());
    end = std::clamp(end, begin, text.size());
    add(at, begin, false);
    add(begin, end, true);
    at = end;
  }
  add(at, text.size(), false);
  return parts;
}

json RangesJson(const std::vector<std::pair<size_t, size_t>>& ranges) {
  json out = json::array();
  for (auto [begin, end] : ranges) out.push_back({begin, end});
  return out;
}

json VariantJson(const Variant& v) { return {{"lang", v.lang}, {"text", v.text}}; }

// The unit's identity and history, as `tmkit lookup --format json` prints it.
json UnitJson(const Unit& unit) {
  json o = {{"id", unit.id}};
  if (!unit.tuid.empty()) o["tuid"] = unit.tuid;
  if (!unit.document.empty()) o["document"] = unit.document;
  if (unit.position >= 0) o["position"] = unit.position;
  if (unit.created != 0) o["created"] = FormatTmxDate(unit.created);
  if (!unit.created_by.empty()) o["created_by"] = unit.created_by;
  if (unit.changed != 0) o["changed"] = FormatTmxDate(unit.changed);
  if (!unit.changed_by.empty()) o["changed_by"] = unit.changed_by;
  return o;
}

// The fields and names of `tmkit lookup --format json`, plus source_parts for highlighting.
json MatchJson(const LookupMatch& m) {
  const Variant& source = m.unit.variants.at(m.source_variant);
  const Variant& target = (m.pivot_lang.empty() ? m.unit : m.target_unit).variants.at(m.target_variant);
  std::vector<std::pair<size_t, size_t>> diff;
  for (const DiffSpan& span : m.diff) diff.emplace_back(span.begin, span.end);
  json o = {{"score", m.score.total},
            {"base", m.score.base},
            {"penalties",
             {{"case", m.score.case_penalty},
              {"punctuation", m.score.punctuation_penalty},
              {"numbers", m.score.number_penalty},
              {"codes", m.score.code_penalty}}},
            {"source", source.text},
            {"source_lang", source.lang},
            {"target", target.text},
            {"target_lang", target.lang},
            {"diff", RangesJson(diff)},
            {"source_parts", Parts(source.text, diff, "differs")},
            {"missing", m.missing},
            {"unit", UnitJson(m.unit)}};
  if (!m.carried_target.empty()) o["carried_target"] = m.carried_target;
  // The unit's other languages (a multilingual unit shows them all; a pivot match's pivot is here).
  json others = json::array();
  for (size_t i = 0; i < m.unit.variants.size(); ++i) {
    if (static_cast<int>(i) == m.source_variant || (m.pivot_lang.empty() && static_cast<int>(i) == m.target_variant)) continue;
    others.push_back(VariantJson(m.unit.variants[i]));
  }
  o["others"] = others;
  if (!m.pivot_lang.empty()) {
    const Variant& pivot = m.unit.variants.at(m.pivot_variant);
    o["via"] = {{"lang", pivot.lang}, {"text", pivot.text}, {"target_unit", UnitJson(m.target_unit)}};
  }
  return o;
}

json HitJson(const ConcordanceHit& hit) {
  const Variant& found = hit.unit.variants.at(hit.variant);
  json o = {{"lang", found.lang},
            {"text", found.text},
            {"spans", RangesJson(hit.spans)},
            {"parts", Parts(found.text, hit.spans, "hit")},
            {"variants", json::array()},
            {"unit", UnitJson(hit.unit)}};
  for (const Variant& v : hit.unit.variants) o["variants"].push_back(VariantJson(v));
  return o;
}

bool TokenEquals(std::string_view a, std::string_view b) {
  // Constant time in the token's content, so a remote client cannot guess it byte by byte.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ b[i % (b.empty() ? 1 : b.size())];
  return diff == 0 && !b.empty();
}

const char* StatusCodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kInvalidArgument: return "invalid_argument";
    case Status::Code::kInvalidInput: return "invalid_input";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kIOError: return "io_error";
    case Status::Code::kCorruption: return "corruption";
    case Status::Code::kNotSupported: return "not_supported";
    case Status::Code::kBusy: return "busy";
  }
  return "internal";
}

ApiReply TmUnavailable(const Status& s) { return ErrorReply(kUnavailable, "tm_unavailable", s.message()); }

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Optional string member of a JSON object; false (with `error`) when present but not a string.
bool OptionalString(const json& object, const char* name, std::string* value, ApiReply* error) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *error = ErrorReply(400, "bad_field", std::string("'") + name + "' must be a string");
    return false;
  }
  *value = it->get<std::string>();
  return true;
}

// A stored text is printed by the CLI and shown on the page: a control character in it (ESC and the
// rest of C0 and C1, but tab and line feed) would be obeyed by a terminal, not shown.
bool WithoutControls(std::string_view text, const std::string& field, ApiReply* error) {
  const size_t at = FindControlCharacter(text);
  if (at == std::string_view::npos) return true;
  char hex[8];
  std::snprintf(hex, sizeof hex, "U+%04X", ControlCharacterAt(text, at));
  *error = ErrorReply(400, "bad_field", field + " holds the control character " + hex + " at byte " +
                                            std::to_string(at) + " (only tab and line feed are allowed)");
  return false;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string DecodeUrl(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseQuery(std::string_view query) {
  std::multimap<std::string, std::string> params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    params.emplace(DecodeUrl(key, true), DecodeUrl(value, true));
  }
  return params;
}

ApiReply ErrorReply(int status, std::string_view code, std::string_view message) {
  ApiReply reply;
  reply.status = status;
  reply.body = {{"error", {{"status", status}, {"code", code}, {"message", message}}}};
  return reply;
}

ApiReply ErrorReply(const Status& s) {
  int status = 500;
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kInvalidInput:
    case Status::Code::kNotSupported: status = 400; break;
    case Status::Code::kNotFound: status = 404; break;
    case Status::Code::kIOError:
    case Status::Code::kBusy: status = 503; break;
    case Status::Code::kOk:
    case Status::Code::kCorruption: status = 500; break;
  }
  ApiReply reply = ErrorReply(status, StatusCodeName(s.code()), s.message());
  if (s.code() == Status::Code::kBusy) reply.headers.emplace_back("Retry-After", "1");
  return reply;
}

Api::Api(std::unique_ptr<TmHandle> tm, std::unique_ptr<TermService> terms, std::string write_token,
         ApiLimits limits)
    : tm_(std::move(tm)),
      terms_(std::move(terms)),
      checks_(std::make_unique<CheckService>(terms_ != nullptr ? terms_->glossary() : nullptr)),
      write_token_(std::move(write_token)),
      limits_(limits),
      names_(std::make_unique<NameService>(tm_.get(), terms_ != nullptr ? terms_->glossary() : nullptr)) {}

bool Api::JsonBody(const ApiRequest& request, json* body, ApiReply* error) const {
  Status s = ValidateUtf8(request.body, "the request body");
  if (!s.ok()) {
    *error = ErrorReply(400, "invalid_utf8", s.message());
    return false;
  }
  try {
    *body = json::parse(request.body);
  } catch (const json::exception& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 5: ...", or
    // out_of_range.406 for a number no double holds (1e99999).
    std::string what = e.what();
    size_t bracket = what.find("] ");
    *error = ErrorReply(400, "bad_json", "the request body is not valid JSON: " +
                                             (bracket == std::string::npos ? what : what.substr(bracket + 2)));
    return false;
  }
  if (!body->is_object()) {
    *error = ErrorReply(400, "bad_json", "the request body must be a JSON object");
    return false;
  }
  return true;
}

bool Api::TextParam(const ApiRequest& request, const char* name, std::string* value, ApiReply* error) const {
  auto it = request.params.find(name);
  if (it == request.params.end()) {
    *error = ErrorReply(400, "missing_parameter", std::string("missing query parameter '") + name + "'");
    return false;
  }
  Status s = ValidateUtf8(it->second, name);
  if (!s.ok()) {
    *error = ErrorReply(400, "invalid_utf8", s.message());
    return false;
  }
  if (it->second.find_first_not_of(" \t\r\n") == std::string::npos) {
    *error = ErrorReply(400, "empty_parameter", std::string("query parameter '") + name + "' is empty");
    return false;
  }
  size_t chars = CountCodePoints(it->second);
  if (chars > limits_.max_query_chars) {
    *error = ErrorReply(400, "query_too_long",
                        std::string("query parameter '") + name + "' has " + std::to_string(chars) +
                            " characters; the limit is " + std::to_string(limits_.max_query_chars));
    return false;
  }
  *value = it->second;
  return true;
}

bool Api::LangParam(const ApiRequest& request, const char* name, std::string* tag, ApiReply* error) const {
  std::string raw;
  if (!TextParam(request, name, &raw, error)) return false;
  Status s = CanonicalLanguageTag(raw, tag);
  if (!s.ok()) {
    *error = ErrorReply(400, "invalid_language", std::string(name) + ": " + s.message());
    return false;
  }
  return HeldLanguage(*tag, std::string(name) + ": the TM holds no segments in '" + raw + "'", error);
}

bool Api::HeldLanguage(const std::string& tag, const std::string& what, ApiReply* error) const {
  bool has = false;
  std::vector<std::string> known;
  Status s = tm_->HasLanguage(tag, &has, &known);
  if (!s.ok()) {
    *error = TmUnavailable(s);
    return false;
  }
  if (!has) {
    *error = ErrorReply(400, "unknown_language", what + "; it has " + Join(known));
    return false;
  }
  return true;
}

bool Api::GlossaryLangParam(const ApiRequest& request, const char* name, std::string* tag,
                            ApiReply* error) const {
  std::string raw;
  if (!TextParam(request, name, &raw, error)) return false;
  Status s = CanonicalLanguageTag(raw, tag);
  if (!s.ok()) {
    *error = ErrorReply(400, "invalid_language", std::string(name) + ": " + s.message());
    return false;
  }
  for (const std::string& lang : terms_->languages()) {
    if (LanguageMatches(*tag, lang)) return true;
  }
  *error = ErrorReply(400, "unknown_language", std::string(name) + ": the glossaries have no terms in '" + raw +
                                                   "'; they have " + Join(terms_->languages()));
  return false;
}

bool Api::IntParam(const ApiRequest& request, const char* name, int low, int high, int* value,
                   ApiReply* error) const {
  auto it = request.params.find(name);
  if (it == request.params.end()) return true;  // the caller's default stands
  const std::string& text = it->second;
  bool digits = !text.empty() && text.size() <= 9 &&
                std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  int parsed = digits ? std::stoi(text) : -1;
  if (!digits || parsed < low || parsed > high) {
    *error = ErrorReply(400, "bad_parameter",
                        std::string("query parameter '") + name + "' must be a whole number from " +
                            std::to_string(low) + " to " + std::to_string(high));
    return false;
  }
  *value = parsed;
  return true;
}

bool Api::Authorized(const ApiRequest& request, ApiReply* error) const {
  if (write_token_.empty()) {
    *error = ErrorReply(403, "writes_disabled",
                        "this service is read-only: start tmkit serve with --write-token-file to allow writes");
    return false;
  }
  constexpr std::string_view kScheme = "bearer ";
  std::string_view header = request.authorization;
  bool bearer = header.size() > kScheme.size() &&
                std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                           [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  if (!bearer || !TokenEquals(header.substr(kScheme.size()), write_token_)) {
    *error = ErrorReply(403, "forbidden", "writing needs the header 'Authorization: Bearer TOKEN' with the service's write token");
    return false;
  }
  return true;
}

ApiReply Api::Health(const ApiRequest&) const {
  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  MemoryStats stats;
  if (s.ok()) s = memory->Stats(&stats);
  if (!s.ok()) {
    ApiReply reply = TmUnavailable(s);
    reply.body["status"] = "unavailable";
    return reply;
  }
  ApiReply reply;
  reply.body = {{"status", "ok"}, {"units", stats.units}};
  reply.body["glossary_languages"] = terms_ != nullptr ? terms_->languages() : std::vector<std::string>();
  return reply;
}

ApiReply Api::Lookup(const ApiRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  LookupQuery query;
  if (!TextParam(request, "q", &query.text, &error) || !LangParam(request, "src", &query.src_lang, &error) ||
      !LangParam(request, "tgt", &query.tgt_lang, &error) ||
      !IntParam(request, "min", 1, 100, &query.min_score, &error) ||
      !IntParam(request, "limit", 1, limits_.max_limit, &query.limit, &error)) {
    return error;
  }
  if (request.params.count("prev") && !TextParam(request, "prev", &query.prev_source, &error)) return error;
  if (request.params.count("next") && !TextParam(request, "next", &query.next_source, &error)) return error;
  int pivot = 1;
  if (request.params.count("pivot") && !IntParam(request, "pivot", 0, 1, &pivot, &error)) return error;
  query.pivot = pivot != 0;
  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  if (!s.ok()) return TmUnavailable(s);
  std::vector<LookupMatch> matches;
  s = memory->Lookup(query, &matches);
  if (!s.ok()) return ErrorReply(s);
  ApiReply reply;
  reply.body = {{"query", query.text}, {"src", query.src_lang}, {"tgt", query.tgt_lang},
                {"min", query.min_score}, {"matches", json::array()}};
  for (const LookupMatch& m : matches) reply.body["matches"].push_back(MatchJson(m));
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

ApiReply Api::Concordance(const ApiRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  ConcordanceQuery query;
  if (!TextParam(request, "q", &query.phrase, &error) || !LangParam(request, "lang", &query.lang, &error) ||
      !IntParam(request, "limit", 1, limits_.max_limit, &query.limit, &error)) {
    return error;
  }
  int exact = 0;
  if (!IntParam(request, "exact", 0, 1, &exact, &error)) return error;
  query.exact = exact == 1;
  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  if (!s.ok()) return TmUnavailable(s);
  std::vector<ConcordanceHit> hits;
  bool more = false;
  s = memory->Concordance(query, &hits, &more);
  if (!s.ok()) return ErrorReply(s);
  ApiReply reply;
  reply.body = {{"query", query.phrase}, {"lang", query.lang}, {"exact", query.exact}, {"hits", json::array()}, {"more", more}};
  for (const ConcordanceHit& hit : hits) reply.body["hits"].push_back(HitJson(hit));
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

ApiReply Api::Terms(const ApiRequest& request) const {
  if (terms_ == nullptr) {
    return ErrorReply(404, "no_glossary", "this service has no glossary: start tmkit serve with --glossary FILE");
  }
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  std::string text, src, tgt;
  if (!TextParam(request, "q", &text, &error) || !GlossaryLangParam(request, "src", &src, &error) ||
      !GlossaryLangParam(request, "tgt", &tgt, &error)) {
    return error;
  }
  json terms;
  Status s = terms_->Find(text, src, tgt, &terms);
  if (!s.ok()) return ErrorReply(s);
  ApiReply reply;
  reply.body = {{"query", text}, {"src", src}, {"tgt", tgt}, {"terms", terms}};
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

ApiReply Api::Stats(const ApiRequest&) const {
  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  MemoryStats stats;
  if (s.ok()) s = memory->Stats(&stats);
  if (!s.ok()) return TmUnavailable(s);
  ApiReply reply;
  json languages = json::object();
  for (const auto& [lang, count] : stats.variants_by_lang) languages[lang] = count;
  reply.body = {{"units", stats.units},
                {"variants", languages},
                {"vocabulary", stats.vocabulary},
                {"postings", stats.postings},
                {"file_bytes", stats.file_bytes},
                {"map_bytes", stats.map_bytes},
                {"schema_version", stats.schema_version}};
  if (stats.last_change != 0) reply.body["last_change"] = FormatTmxDate(stats.last_change);
  return reply;
}

// The stored unit `unit` extends: one whose source variant has the same language and text, and whose
// variants in the new unit's languages are identical to the new ones or absent, with at least one
// absent. `extended` gets that unit with the new variants appended, or id 0 when there is none.
// Found through exact lookups (score 100, then compared byte for byte) towards each language the
// TM holds: every stored unit has a variant besides its source.
static Status FindUnitToExtend(const Memory& memory, const Unit& unit, Unit* extended) {
  *extended = Unit();
  const Variant* source = unit.Find(unit.source_lang);
  if (source == nullptr) return Status::OK();
  MemoryStats stats;
  Status s = memory.Stats(&stats);
  if (!s.ok()) return s;
  std::vector<uint64_t> seen;
  for (const std::string& lang : stats.HeldLanguages()) {
    if (PrimaryLanguage(lang) == PrimaryLanguage(source->lang)) continue;
    LookupQuery query;
    query.text = source->text;
    query.src_lang = source->lang;
    query.tgt_lang = lang;
    query.min_score = 100;
    query.limit = 20;
    std::vector<LookupMatch> matches;
    s = memory.Lookup(query, &matches);
    if (!s.ok()) return s;
    for (const LookupMatch& m : matches) {
      if (std::find(seen.begin(), seen.end(), m.unit.id) != seen.end()) continue;
      seen.push_back(m.unit.id);
      const Variant& stored_source = m.unit.variants[m.source_variant];
      if (stored_source.lang != source->lang || stored_source.text != source->text) continue;
      Unit candidate = m.unit;
      bool conflict = false, adds = false;
      for (const Variant& v : unit.variants) {
        const Variant* stored = m.unit.Find(v.lang);
        if (stored == nullptr) {
          candidate.variants.push_back(v);
          adds = true;
        } else if (stored->text != v.text) {
          conflict = true;
        }
      }
      if (!conflict && adds) {
        *extended = std::move(candidate);
        return Status::OK();
      }
    }
  }
  return Status::OK();
}

ApiReply Api::PostUnit(const ApiRequest& request) const {
  ApiReply error;
  if (!Authorized(request, &error)) return error;
  json body;
  if (!JsonBody(request, &body, &error)) return error;

  Unit unit;
  uint64_t replace_id = 0;
  if (auto it = body.find("id"); it != body.end() && !it->is_null()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() == 0) {
      return ErrorReply(400, "bad_field", "'id' must be a positive whole number (the unit to replace)");
    }
    replace_id = it->get<uint64_t>();
  }
  auto variants = body.find("variants");
  if (variants == body.end() || !variants->is_array() || variants->size() < 2) {
    return ErrorReply(400, "missing_field",
                      "'variants' must be an array of at least two {\"lang\": ..., \"text\": ...} objects");
  }
  for (size_t i = 0; i < variants->size(); ++i) {
    const json& v = (*variants)[i];
    std::string where = "variants[" + std::to_string(i) + "]";
    if (!v.is_object() || !v.contains("lang") || !v.contains("text") || !v["lang"].is_string() ||
        !v["text"].is_string()) {
      return ErrorReply(400, "missing_field", where + " must have string fields 'lang' and 'text'");
    }
    Variant variant;
    Status s = CanonicalLanguageTag(v["lang"].get<std::string>(), &variant.lang);
    if (!s.ok()) return ErrorReply(400, "invalid_language", where + ".lang: " + s.message());
    variant.text = v["text"].get<std::string>();
    if (variant.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return ErrorReply(400, "empty_field", where + ".text is empty");
    }
    if (!WithoutControls(variant.text, where + ".text", &error)) return error;
    unit.variants.push_back(std::move(variant));
  }
  std::string source_lang;
  std::string note;
  if (!OptionalString(body, "source_lang", &source_lang, &error) ||
      !OptionalString(body, "tuid", &unit.tuid, &error) ||
      !OptionalString(body, "document", &unit.document, &error) ||
      !OptionalString(body, "author", &unit.changed_by, &error) ||
      !OptionalString(body, "note", &note, &error)) {
    return error;
  }
  if (!WithoutControls(unit.tuid, "tuid", &error) || !WithoutControls(unit.document, "document", &error) ||
      !WithoutControls(unit.changed_by, "author", &error) || !WithoutControls(note, "note", &error)) {
    return error;
  }
  if (source_lang.empty()) {
    unit.source_lang = unit.variants.front().lang;
  } else {
    Status s = CanonicalLanguageTag(source_lang, &unit.source_lang);
    if (!s.ok()) return ErrorReply(400, "invalid_language", "source_lang: " + s.message());
    if (unit.Find(unit.source_lang) == nullptr) {
      return ErrorReply(400, "bad_field", "source_lang '" + source_lang + "' is not the language of any variant");
    }
  }
  if (!note.empty()) unit.notes.push_back(Note{note, {}});
  unit.changed = static_cast<int64_t>(std::time(nullptr));

  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  if (!s.ok()) return TmUnavailable(s);
  AddOutcome outcome = AddOutcome::kAdded;
  uint64_t id = replace_id;
  if (replace_id != 0) {
    Unit stored;
    s = memory->Get(replace_id, &stored);
    if (!s.ok()) return ErrorReply(s);
    unit.id = replace_id;
    unit.created = stored.created;
    unit.created_by = stored.created_by;
    s = memory->Write([&](Writer* writer) { return writer->Replace(unit); });
  } else {
    unit.created = unit.changed;
    unit.created_by = unit.changed_by;
    // A unit whose source segment is stored already, with no other text in the languages both
    // have, gains the new languages (docs/api.md): the translator who adds the Arabic of an
    // English-Russian unit does not get a second unit beside it.
    Unit extended;
    s = FindUnitToExtend(*memory, unit, &extended);
    if (!s.ok()) return ErrorReply(s);
    if (extended.id != 0) {
      id = extended.id;
      outcome = AddOutcome::kMerged;
      extended.changed = unit.changed;
      if (!unit.changed_by.empty()) extended.changed_by = unit.changed_by;
      s = memory->Write([&](Writer* writer) { return writer->Replace(extended); });
    } else {
      s = memory->Write([&](Writer* writer) { return writer->Add(unit, &outcome, &id); });
    }
  }
  if (!s.ok()) return ErrorReply(s);
  tm_->ForgetLanguages();
  ApiReply reply;
  reply.status = replace_id != 0 || outcome == AddOutcome::kMerged ? 200 : 201;
  reply.body = {{"id", id},
                {"outcome", replace_id != 0 ? "replaced" : outcome == AddOutcome::kAdded ? "added" : "merged"}};
  return reply;
}

ApiReply Api::Check(const ApiRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  json body;
  if (!JsonBody(request, &body, &error)) return error;
  // Every field is a required string; the texts obey the query length limit, the languages are
  // those `tmkit check` supports.
  std::string fields[4];
  const char* names[4] = {"source", "target", "src", "tgt"};
  for (int i = 0; i < 4; ++i) {
    auto it = body.find(names[i]);
    if (it == body.end() || it->is_null()) {
      return ErrorReply(400, "missing_field", std::string("missing field '") + names[i] +
                                                  "': the body is {\"source\", \"target\", \"src\", \"tgt\"}");
    }
    if (!it->is_string()) return ErrorReply(400, "bad_field", std::string("'") + names[i] + "' must be a string");
    fields[i] = it->get<std::string>();
  }
  SegmentPair pair{fields[0], fields[1]};
  if (pair.source.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorReply(400, "empty_field", "'source' is empty");
  }
  for (int i = 0; i < 2; ++i) {
    size_t chars = CountCodePoints(fields[i]);
    if (chars > limits_.max_query_chars) {
      return ErrorReply(400, "query_too_long", std::string("'") + names[i] + "' has " + std::to_string(chars) +
                                                   " characters; the limit is " + std::to_string(limits_.max_query_chars));
    }
  }
  std::string tags[2];
  for (int i = 0; i < 2; ++i) {
    const char* name = names[2 + i];
    Status s = CanonicalLanguageTag(fields[2 + i], &tags[i]);
    if (!s.ok()) return ErrorReply(400, "invalid_language", std::string(name) + ": " + s.message());
    s = CheckSupportedLanguage(tags[i], "en,ru,ar");
    if (!s.ok()) return ErrorReply(400, "unknown_language", std::string(name) + ": " + s.message());
  }
  std::vector<Finding> findings;
  Status s = checks_->Check(pair, tags[0], tags[1], &findings);
  if (!s.ok()) return ErrorReply(s);
  ApiReply reply;
  reply.body = {{"src", tags[0]},
                {"tgt", tags[1]},
                {"findings", json::parse(FindingsToJson(findings, {pair}))}};
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

ApiReply Api::Names(const ApiRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  std::string query;
  int limit = 20;
  if (!TextParam(request, "q", &query, &error) || !IntParam(request, "limit", 1, limits_.max_limit, &limit, &error)) {
    return error;
  }
  // Names are mined from English into the languages with a transliteration model.
  std::vector<std::string> targets;
  std::vector<std::string> known;
  if (request.params.count("tgt")) {
    std::string tag;
    if (!LangParam(request, "tgt", &tag, &error)) return error;
    std::string primary = PrimaryLanguage(tag);
    if (primary != "ru" && primary != "ar") {
      return ErrorReply(400, "unknown_language",
                        "tgt: names are mined from English into ru and ar only, not '" + tag + "'");
    }
    targets.push_back(primary);
  } else {
    for (const char* lang : {"ru", "ar"}) {
      bool has = false;
      Status s = tm_->HasLanguage(lang, &has, &known);
      if (!s.ok()) return TmUnavailable(s);
      if (has) targets.push_back(lang);
    }
  }
  bool has_english = false;
  Status s = tm_->HasLanguage("en", &has_english, &known);
  if (!s.ok()) return TmUnavailable(s);
  if (targets.empty() || !has_english) {
    return ErrorReply(400, "unknown_language",
                      "names are mined from English units with Russian or Arabic; the TM has " + Join(known));
  }
  // A mining under way is waited for while the request may run, and at least 0.3 s.
  auto deadline = std::max(request.deadline, start + std::chrono::milliseconds(300));
  json names = json::array(), mined = json::array();
  bool answered = false;
  std::string pending_note;
  for (const std::string& tgt : targets) {
    std::shared_ptr<const NameService::Mined> names_of;
    bool current = false;
    NameService::Pending pending;
    s = names_->Get(tgt, deadline, &names_of, &current, &pending);
    if (!s.ok()) return s.code() == Status::Code::kNotFound ? TmUnavailable(s) : ErrorReply(s);
    json state = {{"tgt", tgt}, {"current", current}};
    if (!current) {
      state["pass"] = pending.pass;
      state["units_read"] = pending.units_read;
      pending_note += (pending_note.empty() ? "" : "; ") + tgt + ": pass " + std::to_string(pending.pass) +
                      " of 4, " + std::to_string(pending.units_read) + " units read";
    }
    if (names_of == nullptr) {
      mined.push_back(state);
      continue;
    }
    answered = true;
    state["units"] = names_of->units;
    state["names"] = names_of->names.size();
    mined.push_back(state);
    std::vector<NameHit> hits = SearchNames(*names_of, query, static_cast<size_t>(limit));
    std::vector<MinedName> found;
    for (const NameHit& hit : hits) found.push_back(*hit.name);
    json entries = json::parse(MinedNamesJson(found));
    for (size_t i = 0; i < hits.size(); ++i) {
      json& entry = entries[i];
      entry["tgt"] = tgt;
      entry["match"] = hits[i].by_text ? "text" : "model";
      if (hits[i].probability > 0) entry["probability"] = hits[i].probability;
      names.push_back(std::move(entry));
    }
  }
  if (!answered) {
    ApiReply reply = ErrorReply(503, "names_pending", "the TM's names are being mined (" + pending_note + "); ask again");
    reply.headers.emplace_back("Retry-After", "1");
    return reply;
  }
  ApiReply reply;
  reply.body = {{"query", query}, {"names", names}, {"mined", mined}};
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

ApiReply Api::Xliff(const ApiRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  ApiReply error;
  std::string name = "upload.xlf";
  if (request.params.count("name") && !TextParam(request, "name", &name, &error)) return error;
  if (!WithoutControls(name, "name", &error)) return error;
  int min = 75, all = 0;
  if (!IntParam(request, "min", 50, 99, &min, &error) || !IntParam(request, "all", 0, 1, &all, &error)) return error;
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorReply(400, "empty_body", "the request body must be an XLIFF 1.2 or 2.x file");
  }
  XliffDocument doc;
  Status s = ParseXliff(request.body, name, &doc);
  if (!s.ok()) return ErrorReply(s);
  // The file's languages; tgt= only for a file that names no target language (as --tgt-lang).
  std::string src = doc.source_lang, tgt = doc.target_lang;
  if (tgt.empty()) {
    std::string raw;
    if (!request.params.count("tgt")) {
      return ErrorReply(400, "missing_parameter", name + " names no target language: give tgt=");
    }
    if (!TextParam(request, "tgt", &raw, &error)) return error;
    s = CanonicalLanguageTag(raw, &tgt);
    if (!s.ok()) return ErrorReply(400, "invalid_language", "tgt: " + s.message());
  }
  if (!HeldLanguage(src, name + ": the TM holds no segments in the file's source language " + src, &error) ||
      !HeldLanguage(tgt, name + ": the TM holds no segments in the target language " + tgt, &error)) {
    return error;
  }
  std::shared_ptr<Memory> memory;
  s = tm_->Acquire(&memory);
  if (!s.ok()) return TmUnavailable(s);
  // One lookup per segment serves both: the best match from 50 for the bands, the same match for
  // the file when it reaches min. One thread: the request holds one CPU slot.
  AnalysisOptions options;
  options.memory = memory.get();
  options.src_lang = src;
  options.tgt_lang = tgt;
  options.threads = 1;
  std::vector<AnalysisDocument> docs = {DocumentFromXliff(doc)};
  AnalysisReport report;
  std::vector<std::vector<SegmentMatch>> matches;
  s = Analyze(options, docs, &report, &matches);
  if (!s.ok()) return ErrorReply(s);
  PretranslateOptions po;
  po.min_score = min;
  po.fuzzy_into_target = all == 1;
  po.tgt_lang = tgt;
  std::string bytes;
  PretranslateStats stats;
  s = PretranslateXliff(doc, docs[0], matches[0], po, &bytes, &stats);
  if (s.ok()) s = ValidateUtf8(bytes, name);
  if (!s.ok()) return ErrorReply(s);
  ApiReply reply;
  reply.body = {{"file", name},
                {"version", doc.version},
                {"src", src},
                {"tgt", tgt},
                {"min", min},
                {"analysis", json::parse(AnalysisToJson(report.documents[0]))},
                {"pretranslated",
                 {{"segments", stats.segments}, {"exact", stats.exact}, {"context", stats.context},
                  {"fuzzy_targets", stats.fuzzy_targets}, {"candidates", stats.candidates}, {"kept", stats.kept},
                  {"unplaced", stats.unplaced}}},
                {"xliff", bytes}};
  reply.body["took_ms"] = MillisecondsSince(start);
  return reply;
}

}  // namespace tmkit::server
