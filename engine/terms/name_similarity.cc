#include "terms/name_similarity.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace tmkit {

std::string Latinize(std::string_view text) {
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

std::string Skeleton(std::string_view latin) {
  std::string s;
  for (char c : latin) {
    if (c >= 'a' && c <= 'z') s += c;
    else if (c >= 'A' && c <= 'Z') s += static_cast<char>(c + 32);
  }
  if (s.size() > 4 && (s.compare(0, 2, "al") == 0 || s.compare(0, 2, "el") == 0)) s.erase(0, 2);
  std::string out;
  for (char c : s) {
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
