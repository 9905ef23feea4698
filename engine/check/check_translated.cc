// target-empty, target-identical, untranslated: a translation that is not one; the other target
// checks are moot then.
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

// Returns false when the target is empty or untranslated: the other target checks are moot.
bool Checker::Impl::CheckTranslated(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
  auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
  if (blank(p.target)) {
    if (!blank(p.source)) Add(out, "target-empty", seg, {0, p.source.size()}, {}, "the translation is empty");
    return false;
  }
  std::vector<Token> src_tokens = TokenizeForMatching(p.source, src);
  size_t src_words = 0;
  for (const Token& t : src_tokens) src_words += t.kind == TokenKind::kWord;
  if (src_words >= 3 && ConsistencyKey(p.source, src) == ConsistencyKey(p.target, tgt)) {
    // A source sentence in a third language (a French quotation in an English story) stays as
    // written in the translation: most of its words are not the source language's.
    Morphology& morph = src_terms->morphology();
    if (morph.HasDictionary()) {
      size_t known = 0;
      for (const Token& t : src_tokens) known += t.kind == TokenKind::kWord && morph.Spell(p.source.substr(t.begin, t.end - t.begin));
      if (2 * known < src_words) return false;
    }
    Add(out, "target-identical", seg, {0, p.source.size()}, {0, p.target.size()},
        "the translation is identical to the source");
    return false;
  }
  Script want = ScriptOfLanguage(tgt_primary), from = ScriptOfLanguage(src_primary);
  if (want != from) {
    size_t foreign = 0, native = 0;
    for (const Token& t : TokenizeForMatching(p.target, tgt)) {
      if (t.kind != TokenKind::kWord) continue;
      std::string word = p.target.substr(t.begin, t.end - t.begin);
      Script s = WordScript(word);
      // Names and acronyms (CBS, Fox News) stay in the source script in any translation.
      foreign += s == from && !StartsUpper(word);
      native += s == want;
    }
    if (foreign >= 3 && foreign > native) {
      Add(out, "untranslated", seg, {}, {0, p.target.size()},
          "the translation is mostly in the source language (" + std::to_string(foreign) + " of " +
              std::to_string(foreign + native) + " words)");
      return false;
    }
  }
  return true;
}

}  // namespace tmkit
