// Language codes: BCP 47 tags compared case-insensitively, with a region-less tag matching any
// region ("en" asked, "en-US" stored). Pure functions; thread-safe.
#ifndef TMKIT_LANG_H_
#define TMKIT_LANG_H_

#include <string>
#include <string_view>

#include "tmkit/status.h"

namespace tmkit {

// Canonical form of a tag: language lower-case, script title-case, region upper-case, "_" -> "-"
// ("EN_us" -> "en-US"). Fails with InvalidArgument on anything that is not a well-formed tag.
Status CanonicalLanguageTag(std::string_view tag, std::string* canonical);

// CanonicalLanguageTag, and the primary subtag must name a language: an ISO 639 code ICU knows
// (2 or 3 letters) or BCP 47's private use qaa..qtz. InvalidArgument for "xx" or "english".
Status CanonicalKnownLanguage(std::string_view tag, std::string* canonical);

// The primary language subtag, lower-case ("en-US" -> "en").
std::string PrimaryLanguage(std::string_view tag);

// True when a stored tag answers a request: equal ignoring case, or either has no region and the
// primary languages agree ("en" matches "en-US", "ar-SA" "ar"; "en-GB" does not match "en-US").
bool LanguageMatches(std::string_view requested, std::string_view stored);

// Validates a --lang style option against the languages the caller supports; the error lists them.
Status CheckSupportedLanguage(std::string_view tag, std::string_view supported_csv);

}  // namespace tmkit

#endif  // TMKIT_LANG_H_
