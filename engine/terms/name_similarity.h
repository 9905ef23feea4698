// Transliteration-based similarity of names across scripts (engine-internal): Latin spellings by
// ICU's Any-Latin; Latin-ASCII, a consonant skeleton for unvowelled Arabic, edit-distance ratios.
// Thread-safe (ICU transliterators are per thread).
#ifndef TMKIT_TERMS_NAME_SIMILARITY_H_
#define TMKIT_TERMS_NAME_SIMILARITY_H_

#include <string>
#include <string_view>

namespace tmkit {

// Lower-case ASCII transliteration: "Асадом" -> "asadom", "الأسد" -> "alasd".
std::string Latinize(std::string_view text);

// Consonant skeleton of a Latin spelling: article al/el dropped, vowels and h/w/y/' dropped,
// voiced/voiceless pairs merged (v=f, b=p, d=t, z=s, g=k=q=c), doubles collapsed:
// assad, asad, alasd -> "sd"; lavrov, lavrof, lafrwf -> "lvrv".
std::string Skeleton(std::string_view latin);

// 1 - Levenshtein(a, b) / max(|a|, |b|) over bytes of ASCII strings; 1 when both are empty.
double SpellingSimilarity(std::string_view a, std::string_view b);

}  // namespace tmkit

#endif  // TMKIT_TERMS_NAME_SIMILARITY_H_
