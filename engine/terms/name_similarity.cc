#include "terms/name_similarity.h"

#include "terms/name_forms.h"
#include "tmkit/names.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace tmkit {

namespace {

enum class Run { kAscii, kLatin, kCyrillic, kArabic, kOther };

Run RunOf(char32_t c) {
  if (c < 0x80) return Run::kAscii;
  if ((c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF)) return Run::kLatin;
  if (c >= 0x400 && c <= 0x52F) return Run::kCyrillic;
  if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFF)) {
    return Run::kArabic;
  }
  return Run::kOther;
}

// Scripts the transliteration models do not cover (Greek, CJK...) keep ICU's romanization.
std::string IcuLatin(std::string_view text) {
  thread_local std::unique_ptr<icu::Transliterator> tr;
  if (!tr) {
    UErrorCode status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Any-Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) tr.reset();
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (tr) tr->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

const NameModel* Model(const char* tgt) {
  const NameModel* m = nullptr;
  return NameModel::Builtin("en", tgt, &m).ok() ? m : nullptr;
}

}  // namespace

std::string Latinize(std::string_view text) {
  static const NameModel* const ru = Model("ru");
  static const NameModel* const ar = Model("ar");
  std::u32string u = names_internal::DecodeUtf8(text);
  std::string out;
  for (size_t i = 0; i < u.size();) {
    Run run = RunOf(u[i]);
    size_t j = i + 1;
    while (j < u.size() && RunOf(u[j]) == run) ++j;
    std::u32string_view piece(u.data() + i, j - i);
    std::string utf8 = names_internal::EncodeUtf8(piece);
    switch (run) {
      case Run::kAscii:
        for (char c : utf8) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        break;
      case Run::kLatin:
        out += names_internal::EncodeUtf8(names_internal::NormalizeWord(piece, names_internal::Script::kLatin));
        break;
      case Run::kCyrillic:
        out += ru ? ru->Romanize(utf8) : IcuLatin(utf8);
        break;
      case Run::kArabic:
        out += ar ? ar->Romanize(utf8) : IcuLatin(utf8);
        break;
      case Run::kOther:
        out += IcuLatin(utf8);
        break;
    }
    i = j;
  }
  return out;
}

std::string Skeleton(std::string_view latin) {
  std::string s;
  for (char c : latin) {
    if (c >= 'a' && c <= 'z') s += c;
    else if (c >= 'A' && c <= 'Z') s += static_cast<char>(c + 32);
  }
  if (s.size() > 4 && (s.compare(0, 2, "al") == 0 || s.compare(0, 2, "el") == 0)) s.erase(0, 2);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // "ch" is its own sound (ч, ش as the models spell them), not the k of "c".
    if (c == 'c' && i + 1 < s.size() && s[i + 1] == 'h') {
      if (out.empty() || out.back() != 'C') out += 'C';
      ++i;
      continue;
    }
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'h': case 'w': continue;
      case 'f': c = 'v'; break;
      case 'p': c = 'b'; break;
      case 't': c = 'd'; break;
      case 'z': c = 's'; break;
      case 'g': case 'q': case 'c': c = 'k'; break;
      default: break;
    }
    if (out.empty() || out.back() != c) out += c;
  }
  return out;
}

double SpellingSimilarity(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return 1.0 - static_cast<double>(prev[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

}  // namespace tmkit
