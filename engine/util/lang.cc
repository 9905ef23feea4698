#include "tmkit/lang.h"

#include <unicode/uloc.h>

#include <cctype>
#include <sstream>
#include <vector>

namespace tmkit {
namespace {

std::vector<std::string> SplitTag(std::string_view tag) {
  std::vector<std::string> parts(1);
  for (char c : tag) {
    if (c == '-' || c == '_') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

bool AllAlpha(const std::string& s) {
  for (unsigned char c : s) if (!std::isalpha(c)) return false;
  return true;
}

bool AllAlnum(const std::string& s) {
  for (unsigned char c : s) if (!std::isalnum(c)) return false;
  return true;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Status CanonicalLanguageTag(std::string_view tag, std::string* canonical) {
  std::vector<std::string> parts = SplitTag(tag);
  const std::string& lang = parts[0];
  // Two or three letters (ISO 639): BCP 47 reserves four and allows five to eight for
  // registration, but none are registered, and "english" or "russian" is a slip worth naming.
  if (lang.size() < 2 || lang.size() > 3 || !AllAlpha(lang)) {
    return Status::InvalidArgument("'" + std::string(tag) + "' is not a language code (expected e.g. en, ru, ar, en-US)");
  }
  std::string out = Lower(lang);
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string p = parts[i];
    if (p.empty() || p.size() > 8 || !AllAlnum(p)) {
      return Status::InvalidArgument("'" + std::string(tag) + "' is not a language code (expected e.g. en, ru, ar, en-US)");
    }
    p = Lower(p);
    if (p.size() == 4 && AllAlpha(p)) {
      p[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p[0])));  // script: Latn
    } else if (p.size() == 2 && AllAlpha(p)) {
      for (auto& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // region: US
    }
    out += "-" + p;
  }
  *canonical = out;
  return Status::OK();
}

// Without a vector of subtags: folding asks this for every token it folds.
std::string PrimaryLanguage(std::string_view tag) {
  return Lower(std::string(tag.substr(0, tag.find_first_of("-_"))));
}

// Without allocating: lookups ask this for every variant of every candidate they verify.
bool LanguageMatches(std::string_view requested, std::string_view stored) {
  auto fold = [](char c) {
    if (c == '_') return '-';
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  auto same = [&](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (fold(a[i]) != fold(b[i])) return false;
    }
    return true;
  };
  if (same(requested, stored)) return true;
  // A tag without a region stands for every region, on either side: "en" asked finds "en-US", and
  // a glossary's "ar" term answers "ar-SA" asked. Two different regions do not match.
  const bool requested_bare = requested.find_first_of("-_") == std::string_view::npos;
  const bool stored_bare = stored.find_first_of("-_") == std::string_view::npos;
  if (requested_bare) return same(requested, stored.substr(0, stored.find_first_of("-_")));
  if (stored_bare) return same(requested.substr(0, requested.find_first_of("-_")), stored);
  return false;
}

Status CanonicalKnownLanguage(std::string_view tag, std::string* canonical) {
  Status s = CanonicalLanguageTag(tag, canonical);
  if (!s.ok()) return s;
  std::string primary = PrimaryLanguage(*canonical);
  // BCP 47's private-use range qaa..qtz is a language by agreement.
  if (primary.size() == 3 && primary >= "qaa" && primary <= "qtz") return Status::OK();
  for (const char* const* code = uloc_getISOLanguages(); *code != nullptr; ++code) {
    if (primary == *code) return Status::OK();
  }
  return Status::InvalidArgument("'" + std::string(tag) + "' is not a language code (no ISO 639 language '" + primary +
                                 "'; expected e.g. en, ru, ar, pt-BR)");
}

Status CheckSupportedLanguage(std::string_view tag, std::string_view supported_csv) {
  std::string canonical;
  Status s = CanonicalLanguageTag(tag, &canonical);
  std::string primary = s.ok() ? PrimaryLanguage(canonical) : std::string();
  std::stringstream list{std::string(supported_csv)};
  std::string item;
  while (s.ok() && std::getline(list, item, ',')) {
    if (item == primary) return Status::OK();
  }
  return Status::InvalidArgument("unsupported language '" + std::string(tag) +
                                 "'; supported: " + std::string(supported_csv));
}

}  // namespace tmkit
