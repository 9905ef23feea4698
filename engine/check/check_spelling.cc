// spelling: words the target dictionary does not know, names and newsroom words excepted.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"

namespace tmkit {
using namespace check_internal;

void Checker::Impl::CheckSpelling(size_t seg, const SegmentPair& p, const std::vector<std::string>& source_names,
                   const Analysis& a, std::vector<Finding>* out) {
  Morphology& morph = tgt_terms->morphology();
  if (!morph.HasDictionary()) return;
  Script want = ScriptOfLanguage(tgt_primary);
  const std::vector<WordKeys>& words = a.words;
  const std::vector<TermMatch>& matches = a.matches;
  for (const WordKeys& w : words) {
    if (w.keys.empty()) continue;
    std::string surface = p.target.substr(w.begin, w.end - w.begin);
    if (HasDigit(surface) || WordScript(surface) != want || IsUpperWord(surface)) continue;
    bool in_term = tgt_terms->IsTermWord(w);
    for (const TermMatch& m : matches) in_term |= w.begin >= m.begin && w.end <= m.end;
    if (in_term) continue;
    // A capitalized word inside a sentence is a name (glossary or not): not for the dictionary.
    if (want != Script::kArabic && StartsUpper(surface) && !IsSentenceInitial(p.target, w.begin)) continue;
    if (morph.Spell(surface) || KnownWithPrefix(surface)) continue;
    if (LooksLikeSourceName(w, source_names)) continue;
    // Hunspell's suggestions cost milliseconds; a misspelling repeated in a long draft is
    // looked up once.
    auto cached = suggestions.find(surface);
    if (cached == suggestions.end()) {
      std::string joined;
      for (const auto& s : morph.Suggest(surface, 3)) joined += (joined.empty() ? "" : ", ") + s;
      cached = suggestions.emplace(surface, joined).first;
    }
    const std::string& joined = cached->second;
    Add(out, "spelling", seg, {}, {w.begin, w.end}, Quote(surface) + " is not in the " + tgt_primary + " dictionary",
        joined);
  }
}

// Russian writes some prefixes solid with any word (не- with participles and adjectives,
// спец-, гос-, вице- …); the dictionary lists only the common compounds. A prefix followed by a
// word of at least four letters the dictionary knows is accepted.
bool Checker::Impl::KnownWithPrefix(const std::string& surface) {
  if (tgt_primary != "ru") return false;
  static const char* const kPrefixes[] = {"не", "спец", "гос", "гор", "пресс", "вице", "экс", "анти", "контр",
                                          "сверх", "полу", "само", "меж", "обще", "ультра", "псевдо", "пост"};
  std::string lower = FoldForMatching(surface, tgt);
  for (const char* prefix : kPrefixes) {
    std::string_view p(prefix);
    if (lower.size() > p.size() && lower.compare(0, p.size(), p) == 0 &&
        CodePointCount(lower) - CodePointCount(p) >= 4 && tgt_terms->morphology().Spell(lower.substr(p.size()))) {
      return true;
    }
  }
  return false;
}

// A word that transliterates like a capitalized word of the source is a name carried over.
bool Checker::Impl::LooksLikeSourceName(const WordKeys& w, const std::vector<std::string>& source_names) {
  for (const std::string& f : Forms(w)) {
    const std::string& a = Latin(f);
    std::string sk = Skeleton(a);
    for (const std::string& name : source_names) {
      if (SpellingSimilarity(a, name) >= 0.6 || (sk.size() >= 3 && sk == Skeleton(name))) return true;
    }
  }
  return false;
}

std::vector<std::string> Checker::Impl::SourceNames(const std::string& source) {
  std::vector<std::string> names;
  for (const Token& t : TokenizeForMatching(source, src)) {
    if (t.kind != TokenKind::kWord) continue;
    std::string_view s(source.data() + t.begin, t.end - t.begin);
    if (StartsUpper(s)) names.push_back(Latin(t.norm));
  }
  return names;
}

}  // namespace tmkit
