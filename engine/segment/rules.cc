#include "segment/rules.h"

#include <sstream>

namespace tmkit::segment {
namespace {

Status LineError(std::string_view source, size_t line, const std::string& what) {
  return Status::InvalidInput(std::string(source) + ":" + std::to_string(line) + ": " + what);
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

Status ParseRules(std::string_view text, std::string_view source, LanguageRules* rules) {
  static const std::unordered_map<std::string, AbbreviationClass> kClasses = {
      {"no_break", AbbreviationClass::kNoBreak},
      {"before_number", AbbreviationClass::kBeforeNumber},
      {"postpositive", AbbreviationClass::kPostpositive},
      {"initialism", AbbreviationClass::kInitialism},
      {"time", AbbreviationClass::kTime},
  };
  const std::unordered_map<std::string, std::unordered_set<std::string>*> word_sets = {
      {"time_continuers", &rules->time_continuers},
      {"time_nouns", &rules->time_nouns},
      {"sentence_starters", &rules->sentence_starters},
      {"fronted_prepositions", &rules->fronted_prepositions},
      {"ambiguous_initials", &rules->ambiguous_initials},
      {"speech_verbs", &rules->speech_verbs},
      {"attribution_openers", &rules->attribution_openers},
  };
  const std::unordered_map<std::string, bool*> options = {
      {"cased", &rules->cased},
      {"initials", &rules->initials},
      {"question_lowercase_continues", &rules->question_lowercase_continues},
      {"ellipsis_char_ends_sentence", &rules->ellipsis_char_ends_sentence},
      {"missing_space_break", &rules->missing_space_break},
      {"dash_after_question_breaks", &rules->dash_after_question_breaks},
      {"interrupted_quotation_breaks", &rules->interrupted_quotation_breaks},
      {"dotted_capitals_are_initialisms", &rules->dotted_capitals_are_initialisms},
      {"single_letter_abbreviations", &rules->single_letter_abbreviations},
      {"verb_first_attribution", &rules->verb_first_attribution},
  };

  std::string section;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    // A '#' starts a comment only at the start of a line or after white space, so "#" can be data.
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
        line = line.substr(0, i);
        break;
      }
    }
    line = Trim(line);
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') return LineError(source, line_no, "unterminated section header");
      section = std::string(line.substr(1, line.size() - 2));
      if (section != "options" && !kClasses.count(section) && !word_sets.count(section)) {
        return LineError(source, line_no, "unknown section [" + section + "]");
      }
      continue;
    }
    if (section.empty()) return LineError(source, line_no, "entry before any [section]");
    if (section == "options") {
      size_t eq = line.find('=');
      if (eq == std::string_view::npos) return LineError(source, line_no, "expected NAME = yes|no");
      std::string name(Trim(line.substr(0, eq)));
      std::string_view value = Trim(line.substr(eq + 1));
      auto it = options.find(name);
      if (it == options.end()) return LineError(source, line_no, "unknown option '" + name + "'");
      if (value != "yes" && value != "no") {
        return LineError(source, line_no, "option '" + name + "' must be yes or no");
      }
      *it->second = value == "yes";
      continue;
    }
    std::istringstream words{std::string(line)};
    std::string word;
    while (words >> word) {
      auto cls = kClasses.find(section);
      if (cls != kClasses.end()) {
        if (word.back() != '.' && word.back() != '!') {
          return LineError(source, line_no, "abbreviation '" + word + "' must end with a period (or '!')");
        }
        auto [it, inserted] = rules->abbreviations.emplace(word, cls->second);
        if (!inserted && it->second != cls->second) {
          return LineError(source, line_no, "'" + word + "' is already in another section");
        }
      } else {
        word_sets.at(section)->insert(word);
      }
    }
  }
  return Status::OK();
}

const char* FindEmbeddedRules(std::string_view language) {
  for (size_t i = 0; i < kEmbeddedRuleFileCount; ++i) {
    if (language == kEmbeddedRuleFiles[i].language) return kEmbeddedRuleFiles[i].text;
  }
  return nullptr;
}

}  // namespace tmkit::segment
