// Transliteration-based similarity of names across scripts (engine-internal): Latin spellings from
// the learned transliteration models (tmkit/names.h; ICU for other scripts), a consonant skeleton
// for unvowelled Arabic, edit-distance ratios. Thread-safe.
#ifndef TMKIT_TERMS_NAME_SIMILARITY_H_
#define TMKIT_TERMS_NAME_SIMILARITY_H_

#include <string>
#include <string_view>

namespace tmkit {

// Lower-case ASCII transliteration, Russian and Arabic by the models' likeliest English spelling
// (NameModel::Romanize): "Асадом" -> "asadom", "الأسد" -> "alasd"; Latin accents folded.
std::string Latinize(std::string_view text);

// Consonant skeleton of a Latin spelling: article al/el dropped, vowels and h/w/y/' dropped,
// voiced/voiceless pairs merged (v=f, b=p, d=t, z=s, g=k=q=c; ch apart, as 'C'), doubles collapsed:
// assad, asad, alasd -> "sd"; lavrov, lavrof, lafrwf -> "lvrv".
std::string Skeleton(std::string_view latin);

// 1 - Levenshtein(a, b) / max(|a|, |b|) over bytes of ASCII strings; 1 when both are empty.
double SpellingSimilarity(std::string_view a, std::string_view b);

}  // namespace tmkit

#endif  // TMKIT_TERMS_NAME_SIMILARITY_H_
