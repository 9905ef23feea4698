#include "segment/srx.h"

#include <expat.h>
#include <unicode/unistr.h>

#include <map>

#include "tmkit/utf8.h"
#include "util/read_file.h"

namespace tmkit::segment {
namespace {

// How far back a <beforebreak> pattern may look, in bytes. Patterns are short (an abbreviation, a
// punctuation run); lookbehind and \b still see past the window (transparent bounds).
constexpr size_t kBeforeWindow = 160;

std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* Attribute(const XML_Char** attrs, std::string_view wanted) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (LocalName(attrs[i]) == wanted) return attrs[i + 1];
  }
  return nullptr;
}

struct ParsedRule {
  bool is_break = true;
  std::string before, after;
  int before_line = 0, after_line = 0;
};

}  // namespace

// Collects the document with expat callbacks; compilation happens after parsing.
struct SrxBuilder {
  std::map<std::string, std::vector<ParsedRule>> language_rules;
  std::vector<std::pair<std::string, std::string>> maps;  // (pattern, rule name), in order
  int maps_line = 0;
  bool cascade = false;
  std::string current_rule_name;
  ParsedRule current;
  std::string* text_target = nullptr;
  XML_Parser parser = nullptr;

  static void Start(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto* b = static_cast<SrxBuilder*>(data);
    std::string_view n = LocalName(name);
    int line = static_cast<int>(XML_GetCurrentLineNumber(b->parser));
    if (n == "header") {
      const XML_Char* c = Attribute(attrs, "cascade");
      b->cascade = c && std::string_view(c) == "yes";
    } else if (n == "languagerule") {
      const XML_Char* r = Attribute(attrs, "languagerulename");
      b->current_rule_name = r ? r : "";
      b->language_rules[b->current_rule_name];
    } else if (n == "rule") {
      b->current = ParsedRule();
      const XML_Char* br = Attribute(attrs, "break");
      b->current.is_break = !br || std::string_view(br) != "no";
    } else if (n == "beforebreak") {
      b->text_target = &b->current.before;
      b->current.before_line = line;
    } else if (n == "afterbreak") {
      b->text_target = &b->current.after;
      b->current.after_line = line;
    } else if (n == "languagemap") {
      const XML_Char* p = Attribute(attrs, "languagepattern");
      const XML_Char* r = Attribute(attrs, "languagerulename");
      b->maps.emplace_back(p ? p : "", r ? r : "");
      if (!b->maps_line) b->maps_line = line;
    }
  }

  static void End(void* data, const XML_Char* name) {
    auto* b = static_cast<SrxBuilder*>(data);
    std::string_view n = LocalName(name);
    if (n == "beforebreak" || n == "afterbreak") {
      b->text_target = nullptr;
    } else if (n == "rule") {
      b->language_rules[b->current_rule_name].push_back(std::move(b->current));
    }
  }

  static void Text(void* data, const XML_Char* s, int len) {
    auto* b = static_cast<SrxBuilder*>(data);
    if (b->text_target) b->text_target->append(s, len);
  }

  // Refuses every external entity: an SRX file never makes tmkit read another file or the network.
  static int ExternalEntity(XML_Parser, const XML_Char*, const XML_Char*, const XML_Char*,
                            const XML_Char*) {
    return XML_STATUS_ERROR;
  }
};

namespace {

Status Compile(const std::string& pattern, bool anchor_at_end, const std::string& path, int line,
               const char* element, std::unique_ptr<icu::RegexPattern>* compiled,
               std::unique_ptr<icu::RegexMatcher>* matcher) {
  if (pattern.empty()) return Status::OK();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  // Check the pattern as written first, so the error names the user's text, not our wrapping.
  std::unique_ptr<icu::RegexPattern> as_written(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
  if (U_FAILURE(status)) {
    return Status::InvalidInput(path + ":" + std::to_string(line) + ": invalid regular expression in <" +
                                element + "> '" + pattern + "': " + u_errorName(status));
  }
  if (anchor_at_end) {
    // Matched over a region that ends at the candidate, with anchoring bounds: \z is the candidate.
    as_written.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8("(?:" + pattern + ")\\z"), 0,
                                                parse_error, status));
    if (U_FAILURE(status)) {
      return Status::InvalidInput(path + ":" + std::to_string(line) + ": unusable <" + element + "> '" +
                                  pattern + "': " + u_errorName(status));
    }
  }
  matcher->reset(as_written->matcher(status));
  if (U_FAILURE(status)) return Status::InvalidInput(path + ": " + u_errorName(status));
  (*matcher)->setTimeLimit(SrxRules::kMatchTimeLimit, status);
  (*matcher)->useTransparentBounds(true);
  (*matcher)->useAnchoringBounds(anchor_at_end);
  *compiled = std::move(as_written);
  return Status::OK();
}

}  // namespace

Status SrxRules::Load(const std::string& path, std::string_view language, std::unique_ptr<SrxRules>* out) {
  std::string xml;
  Status s = ReadFileAtMost(path, kMaxFileBytes, "an SRX file", &xml);
  if (!s.ok()) return s;
  SrxBuilder builder;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  builder.parser = parser;
  XML_SetUserData(parser, &builder);
  XML_SetElementHandler(parser, &SrxBuilder::Start, &SrxBuilder::End);
  XML_SetCharacterDataHandler(parser, &SrxBuilder::Text);
  XML_SetExternalEntityRefHandler(parser, &SrxBuilder::ExternalEntity);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
  if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
    Status error = Status::InvalidInput(path + ":" + std::to_string(XML_GetCurrentLineNumber(parser)) + ":" +
                                        std::to_string(XML_GetCurrentColumnNumber(parser) + 1) + ": " +
                                        XML_ErrorString(XML_GetErrorCode(parser)));
    XML_ParserFree(parser);
    return error;
  }
  XML_ParserFree(parser);
  if (builder.language_rules.empty()) return Status::InvalidInput(path + ": no <languagerule> in the file");

  auto rules = std::make_unique<SrxRules>();
  icu::UnicodeString lang = icu::UnicodeString::fromUTF8(std::string(language));
  for (const auto& [pattern, rule_name] : builder.maps) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    std::unique_ptr<icu::RegexPattern> p(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
    if (U_FAILURE(status)) {
      return Status::InvalidInput(path + ":" + std::to_string(builder.maps_line) +
                                  ": invalid languagepattern '" + pattern + "': " + u_errorName(status));
    }
    std::unique_ptr<icu::RegexMatcher> m(p->matcher(lang, status));
    if (m) m->setTimeLimit(kMatchTimeLimit, status);
    if (U_FAILURE(status) || !m->matches(status)) {
      if (status == U_REGEX_TIME_OUT) {
        return Status::InvalidInput(path + ":" + std::to_string(builder.maps_line) + ": the languagepattern '" +
                                    pattern + "' ran past its time limit on '" + std::string(language) + "'");
      }
      continue;
    }
    auto found = builder.language_rules.find(rule_name);
    if (found == builder.language_rules.end()) {
      return Status::InvalidInput(path + ": languagemap names an undefined languagerule '" + rule_name + "'");
    }
    for (const ParsedRule& parsed : found->second) {
      Rule rule;
      rule.is_break = parsed.is_break;
      s = Compile(parsed.before, true, path, parsed.before_line, "beforebreak", &rule.before_pattern,
                  &rule.before);
      if (s.ok()) {
        s = Compile(parsed.after, false, path, parsed.after_line, "afterbreak", &rule.after_pattern,
                    &rule.after);
      }
      if (!s.ok()) return s;
      rule.before_sees_start = parsed.before.find('^') != std::string::npos;
      rule.before_where = path + ":" + std::to_string(parsed.before_line) + ": <beforebreak> '" + parsed.before + "'";
      rule.after_where = path + ":" + std::to_string(parsed.after_line) + ": <afterbreak> '" + parsed.after + "'";
      rules->has_break_rules_ |= rule.is_break;
      if (rule.is_break) rules->break_rules_.push_back(rules->rules_.size());
      rules->rules_.push_back(std::move(rule));
    }
    if (!builder.cascade) break;
  }
  *out = std::move(rules);
  return Status::OK();
}

SrxRules::~SrxRules() { utext_close(&text_); }

void SrxRules::SetText(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  view_ = text;
  utext_openUTF8(&text_, text.data(), static_cast<int64_t>(text.size()), &status);
  for (Rule& rule : rules_) {
    if (rule.before) rule.before->reset(&text_);
    if (rule.after) rule.after->reset(&text_);
  }
}

SrxRules::Decision SrxRules::Decide(size_t position, bool only_if_break) {
  if (!error_.ok()) return Decision::kNoMatch;
  UErrorCode status = U_ZERO_ERROR;
  const int64_t end = static_cast<int64_t>(view_.size());
  size_t window = position > kBeforeWindow ? position - kBeforeWindow : 0;
  while (window > 0 && (static_cast<unsigned char>(view_[window]) & 0xC0) == 0x80) --window;
  auto timed_out = [&](const std::string& where) {
    if (status != U_REGEX_TIME_OUT) return false;
    if (error_.ok()) error_ = Status::InvalidInput(where + " ran past its time limit (" + std::to_string(kMatchTimeLimit) +
                                  " ICU steps) at byte " + std::to_string(position) +
                                  " of a paragraph; a pattern like (a+)+ backtracks without end");
    return true;
  };
  auto matches = [&](Rule& rule) {
    if (rule.after) {
      rule.after->region(static_cast<int64_t>(position), end, status);
      if (!rule.after->lookingAt(status)) {
        timed_out(rule.after_where);
        return false;
      }
    }
    if (rule.before) {
      // The region ends at the candidate; "^" needs the region to start at the text's start.
      rule.before->region(rule.before_sees_start ? 0 : static_cast<int64_t>(window),
                          static_cast<int64_t>(position), status);
      if (!rule.before->find(status)) {
        timed_out(rule.before_where);
        return false;
      }
    }
    return true;
  };
  size_t limit = rules_.size();
  if (only_if_break) {
    // Most positions match no break rule: try those (few) first, then only the rules before it.
    limit = rules_.size();
    for (size_t index : break_rules_) {
      if (!error_.ok()) return Decision::kNoMatch;
      if (matches(rules_[index])) {
        limit = index;
        break;
      }
    }
    if (limit == rules_.size()) return Decision::kNoMatch;
    for (size_t i = 0; i < limit; ++i) {
      if (matches(rules_[i])) return rules_[i].is_break ? Decision::kBreak : Decision::kNoBreak;
    }
    return error_.ok() ? Decision::kBreak : Decision::kNoMatch;
  }
  for (size_t i = 0; i < limit; ++i) {
    if (matches(rules_[i])) return rules_[i].is_break ? Decision::kBreak : Decision::kNoBreak;
  }
  return Decision::kNoMatch;
}

}  // namespace tmkit::segment
