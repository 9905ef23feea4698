// Glossary names as alignment evidence: shared by `tmkit align --glossary` and `tmkit check`, so
// a document pair is aligned the same way by both.
#include "tmkit/aligner.h"
#include "tmkit/glossary.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/utf8.h"

namespace tmkit {

void Aligner::AddGlossaryNames(const Glossary& glossary) {
  const std::string& src_lang = options().src_lang;
  const std::string& tgt_lang = options().tgt_lang;
  auto words = [](const Concept& c, const std::string& lang) {
    std::vector<std::string> out;
    for (const Term& t : c.terms) {
      if (!LanguageMatches(lang, t.lang)) continue;
      for (const Token& token : TokenizeForMatching(t.text, lang)) {
        if (token.kind == TokenKind::kWord && CountCodePoints(token.norm) >= 3) out.push_back(token.norm);
      }
    }
    return out;
  };
  for (const Concept& c : glossary.concepts()) {
    std::vector<std::string> a = words(c, src_lang), b = words(c, tgt_lang);
    for (const std::string& x : a) {
      for (const std::string& y : b) AddWordPair(x, y);
    }
  }
}

}  // namespace tmkit
