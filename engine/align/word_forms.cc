#include "align/word_forms.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <vector>

#include "segment/rules.h"
#include "tmkit/lang.h"
#include "tmkit/names.h"
#include "util/strings.h"

namespace tmkit::align_internal {
namespace {

std::vector<UChar32> CodePoints(std::string_view s) {
  std::vector<UChar32> out;
  for (size_t i = 0; i < s.size();) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, s.size(), c);
    if (c >= 0) out.push_back(c);
  }
  return out;
}

std::string FromCodePoints(const std::vector<UChar32>& cps, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < cps.size(); ++i) {
    char buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, cps[i], error);
    if (!error) out.append(buf, len);
  }
  return out;
}

constexpr UChar32 kAlef = 0x0627, kLam = 0x0644, kWaw = 0x0648, kFa = 0x0641, kBa = 0x0628,
                   kKaf = 0x0643, kHa = 0x0647, kYa = 0x064A, kTa = 0x062A, kNun = 0x0646,
                   kMim = 0x0645;

// Strips proclitics in place (on code points); keeps at least `keep` letters.
size_t ProcliticLength(const std::vector<UChar32>& w, size_t keep) {
  size_t n = w.size();
  auto is = [&](size_t at, UChar32 c) { return at < n && w[at] == c; };
  size_t p = 0;
  // Conjunctions and prepositions: و ف then ب ك ل, then the article ال (ل + ل for لل).
  if ((is(0, kWaw) || is(0, kFa)) && n - 1 >= keep + 1) p = 1;
  if ((is(p, kBa) || is(p, kKaf) || is(p, kLam)) && n - p - 1 >= keep + 1) {
    if (is(p, kLam) && is(p + 1, kLam) && n - p - 2 >= keep) return p + 2;  // لل = ل + ال
    ++p;
  }
  if (is(p, kAlef) && is(p + 1, kLam) && n - p - 2 >= keep) p += 2;
  return p;
}

}  // namespace

bool ContinuesSentence(std::string_view next) {
  for (size_t i = 0; i < next.size();) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(next.data()), i, next.size(), c);
    if (c < 0) continue;
    if (u_isalpha(c)) return u_islower(c);
    if (u_isdigit(c)) return false;
  }
  return false;
}

std::unordered_set<std::string> NoBreakAbbreviations(std::string_view lang) {
  std::unordered_set<std::string> out;
  std::string primary = PrimaryLanguage(lang);
  const char* text = segment::FindEmbeddedRules(primary);
  segment::LanguageRules rules;
  if (text == nullptr || !segment::ParseRules(text, primary, &rules).ok()) return out;
  for (const auto& [word, cls] : rules.abbreviations) {
    if (cls == segment::AbbreviationClass::kNoBreak) out.insert(word);
  }
  return out;
}

bool EndsWithAbbreviation(std::string_view sentence, const std::unordered_set<std::string>& abbreviations) {
  size_t end = sentence.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos || abbreviations.empty()) return false;
  size_t begin = sentence.find_last_of(" \t", end);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::string_view word = sentence.substr(begin, end + 1 - begin);
  // Opening quotes and brackets are not part of the word: '"Dr.', '(Dr.', '«Dr.'.
  static const std::string_view kOpeners[] = {"\"", "'", "(", "[", "\u00ab", "\u201c", "\u201e", "\u2018"};
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view o : kOpeners) {
      if (word.size() > o.size() && word.substr(0, o.size()) == o) {
        word.remove_prefix(o.size());
        stripped = true;
      }
    }
  }
  return abbreviations.count(std::string(word)) > 0;
}

Script ScriptOfLanguage(std::string_view lang) {
  std::string p = PrimaryLanguage(lang);
  if (p == "ru" || p == "uk" || p == "be" || p == "bg" || p == "sr") return Script::kCyrillic;
  if (p == "ar" || p == "fa" || p == "ur") return Script::kArabic;
  if (p == "en" || p == "de" || p == "fr" || p == "es" || p == "it" || p == "pt" || p == "nl" ||
      p == "hu" || p == "ro" || p == "is" || p == "pl" || p == "cs" || p == "tr") {
    return Script::kLatin;
  }
  return Script::kOther;
}

std::string StripArabicProclitics(std::string_view folded) {
  std::vector<UChar32> w = CodePoints(folded);
  return FromCodePoints(w, ProcliticLength(w, 2), w.size());
}

std::string MatchingStem(std::string_view folded, Script script) {
  std::vector<UChar32> w = CodePoints(folded);
  if (script != Script::kArabic) return FromCodePoints(w, 0, 5);
  size_t begin = ProcliticLength(w, 3);
  size_t end = w.size();
  auto ends_with = [&](std::initializer_list<UChar32> suffix) {
    if (end - begin < suffix.size() + 3) return false;
    size_t at = end - suffix.size();
    for (UChar32 c : suffix) {
      if (w[at++] != c) return false;
    }
    return true;
  };
  // Plural and pronoun suffixes, longest first: ات ون ين ان ها هم ية (ة is folded to ه), then ه ي.
  if (ends_with({kHa, kMim}) || ends_with({kHa, kAlef}) || ends_with({kAlef, kTa}) || ends_with({kWaw, kNun}) ||
      ends_with({kYa, kNun}) || ends_with({kAlef, kNun}) || ends_with({kYa, kHa})) {
    end -= 2;
  } else if (ends_with({kHa}) || ends_with({kYa})) {
    end -= 1;
  }
  return FromCodePoints(w, begin, std::min(end, begin + 4));
}

std::string ConsonantSkeleton(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    char m;
    switch (c) {
      case 'b': case 'p': m = 'b'; break;
      case 'c': case 'k': case 'q': m = 'k'; break;
      case 'd': case 't': m = 't'; break;
      case 'f': case 'v': m = 'f'; break;
      case 'g': case 'j': m = 'g'; break;
      case 's': case 'z': m = 's'; break;
      case 'x': m = 'k'; break;
      case 'l': case 'm': case 'n': case 'r': m = c; break;
      default: continue;  // vowels, h, w, y, apostrophes
    }
    if (!out.empty() && out.back() == m) continue;
    out += m;
    if (c == 'x') out += 's';
    if (out.size() >= 4) break;
  }
  if (out.size() > 4) out.resize(4);
  return out;
}

uint64_t KeyHash(char tag, std::string_view text) { return Fnv1a64(text, Fnv1a64(std::string_view(&tag, 1))); }

struct Transliterator::Icu {
  std::unique_ptr<icu::Transliterator> to_latin;
};

Transliterator::Transliterator(Script script) : icu_(new Icu), script_(script) {
  // Russian and Arabic names are spelled the way the learned transliteration model (tmkit names)
  // finds likeliest, as check's name comparison does; ICU for other scripts, and for a word whose
  // letters the model does not know.
  if (script == Script::kCyrillic) NameModel::Builtin("en", "ru", &model_).ok();
  if (script == Script::kArabic) NameModel::Builtin("en", "ar", &model_).ok();
  const char* id = nullptr;
  if (script == Script::kCyrillic) id = "Russian-Latin/BGN; Latin-ASCII";
  else if (script == Script::kArabic) id = "Any-Latin; Latin-ASCII";
  else if (script == Script::kOther) id = "Any-Latin; Latin-ASCII";
  else id = "Latin-ASCII";
  UErrorCode status = U_ZERO_ERROR;
  icu_->to_latin.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status)) icu_->to_latin.reset();
}

Transliterator::~Transliterator() = default;

const std::string& Transliterator::ToAscii(const std::string& folded, bool keep_proclitics) {
  // The two Arabic readings share the cache: the whole-word one under a key no word can have.
  const bool strip = script_ == Script::kArabic && !keep_proclitics;
  std::string cache_key = strip || script_ != Script::kArabic ? folded : "\x01" + folded;
  auto it = cache_.find(cache_key);
  if (it != cache_.end()) return it->second;
  std::string ascii;
  bool plain = true;
  for (unsigned char c : folded) plain = plain && c < 0x80;
  const std::string input = plain ? folded : strip ? StripArabicProclitics(folded) : folded;
  if (plain) {
    ascii = folded;
  } else if (model_ != nullptr && !(ascii = model_->Romanize(input)).empty()) {
    // The model's spelling (Асадом -> asadom, ترامب -> tramb).
  } else if (icu_->to_latin) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(input);
    icu_->to_latin->transliterate(u);
    std::string raw;
    u.toUTF8String(raw);
    for (char c : raw) {
      if (c >= 'A' && c <= 'Z') ascii += static_cast<char>(c + 32);
      else if (c >= 'a' && c <= 'z') ascii += c;
    }
  }
  return cache_.emplace(std::move(cache_key), std::move(ascii)).first->second;
}

}  // namespace tmkit::align_internal
