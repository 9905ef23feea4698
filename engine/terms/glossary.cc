#include "tmkit/glossary.h"

#include <algorithm>
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
  struct Name { std::string_view name; TermStatus status; };
  static constexpr Name kNames[] = {
      {"preferredTerm-admn-sts", TermStatus::kPreferred}, {"preferred", TermStatus::kPreferred},
      {"admittedTerm-admn-sts", TermStatus::kAdmitted},   {"admitted", TermStatus::kAdmitted},
      {"deprecatedTerm-admn-sts", TermStatus::kDeprecated}, {"deprecated", TermStatus::kDeprecated},
      {"notRecommended", TermStatus::kDeprecated},        {"forbidden", TermStatus::kDeprecated},
      {"supersededTerm-admn-sts", TermStatus::kSuperseded}, {"superseded", TermStatus::kSuperseded},
      {"obsolete", TermStatus::kSuperseded},
  };
  for (const Name& n : kNames) {
    if (n.name == value) {
      *status = n.status;
      return true;
    }
  }
  return false;
}

void Glossary::Append(const Glossary& other) {
  concepts_.insert(concepts_.end(), other.concepts_.begin(), other.concepts_.end());
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
