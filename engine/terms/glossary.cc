#include "tmkit/glossary.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "tmkit/lang.h"

namespace tmkit {

const char* TermStatusName(TermStatus status) {
  switch (status) {
    case TermStatus::kPreferred: return "preferred";
    case TermStatus::kAdmitted: return "admitted";
    case TermStatus::kDeprecated: return "deprecated";
    case TermStatus::kSuperseded: return "superseded";
  }
  return "admitted";
}

bool ParseTermStatus(std::string_view value, TermStatus* status) {
  // TBX v2's administrativeStatus picklist (ISO 12620: standardized, preferred, admitted,
  // deprecated, superseded, legal, regulated), the same values without "Term-admn-sts" (v2's
  // normativeAuthorization, TBX v3 dialects), TBX-Min's, and "proposed"/"forbidden" as termbases
  // write them; compared without regard to case (docs/glossary.md, "Status values").
  struct Name { std::string_view name; TermStatus status; };
  static constexpr Name kNames[] = {
      {"preferred", TermStatus::kPreferred},   {"standardized", TermStatus::kPreferred},
      {"admitted", TermStatus::kAdmitted},     {"legal", TermStatus::kAdmitted},
      {"regulated", TermStatus::kAdmitted},    {"proposed", TermStatus::kAdmitted},
      {"deprecated", TermStatus::kDeprecated}, {"notRecommended", TermStatus::kDeprecated},
      {"forbidden", TermStatus::kDeprecated},  {"superseded", TermStatus::kSuperseded},
      {"obsolete", TermStatus::kSuperseded},
  };
  auto same = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
  };
  for (std::string_view suffix : {std::string_view("Term-admn-sts"), std::string_view("Term")}) {
    if (value.size() > suffix.size() && same(value.substr(value.size() - suffix.size()), suffix)) {
      value.remove_suffix(suffix.size());
      break;
    }
  }
  for (const Name& n : kNames) {
    if (same(n.name, value)) {
      *status = n.status;
      return true;
    }
  }
  return false;
}

void Glossary::Append(const Glossary& other) {
  concepts_.insert(concepts_.end(), other.concepts_.begin(), other.concepts_.end());
  warnings_.insert(warnings_.end(), other.warnings_.begin(), other.warnings_.end());
  if (origin_.empty()) {
    origin_ = other.origin_;
  } else if (!other.origin_.empty()) {
    origin_ += ", " + other.origin_;
  }
}

void Glossary::Append(Glossary&& other) {
  if (concepts_.empty()) {
    concepts_ = std::move(other.concepts_);
  } else {
    concepts_.insert(concepts_.end(), std::make_move_iterator(other.concepts_.begin()),
                     std::make_move_iterator(other.concepts_.end()));
  }
  warnings_.insert(warnings_.end(), std::make_move_iterator(other.warnings_.begin()),
                   std::make_move_iterator(other.warnings_.end()));
  if (origin_.empty()) {
    origin_ = std::move(other.origin_);
  } else if (!other.origin_.empty()) {
    origin_ += ", " + other.origin_;
  }
}

std::vector<std::string> Glossary::Languages() const {
  std::vector<std::string> langs;
  for (const Concept& c : concepts_) {
    for (const Term& t : c.terms) {
      if (std::find(langs.begin(), langs.end(), t.lang) == langs.end()) langs.push_back(t.lang);
    }
  }
  return langs;
}

const Term* Glossary::PreferredTerm(const Concept& c, std::string_view lang) {
  const Term* allowed = nullptr;
  for (const Term& t : c.terms) {
    if (!LanguageMatches(lang, t.lang)) continue;
    if (t.status == TermStatus::kPreferred) return &t;
    if (allowed == nullptr && IsAllowed(t.status)) allowed = &t;
  }
  return allowed;
}

}  // namespace tmkit
