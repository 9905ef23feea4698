// The word forms concordance looks up for a word (engine-internal; tmkit/morphology.h has the
// matching keys these mirror). Pure functions; thread-safe.
#ifndef TMKIT_TERMS_INFLECTED_FORMS_H_
#define TMKIT_TERMS_INFLECTED_FORMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tmkit {

// The folded forms of a word that Morphology's matching keys reduce to the word's own: for Russian
// the word or one of its ending-stripped stems plus one inflection ending (Асад -> асада, асадом),
// for Arabic up to two proclitics and ل + ال written لل (الاسد -> للاسد, والاسد), for English the
// possessive (annan -> annan's, annan'). `folded` is FoldForMatching of one word; the word itself
// comes first. Concordance looks each one up in the TM's vocabulary. Pure; thread-safe.
std::vector<std::string> InflectedForms(std::string_view lang, const std::string& folded);

// A word that may stand before a name, joined by a hyphen, without being part of it: al, el, аль,
// эль (al-Assad, аль-Асад). `folded` as above.
bool IsNameParticle(std::string_view lang, std::string_view folded);

}  // namespace tmkit

#endif  // TMKIT_TERMS_INFLECTED_FORMS_H_
