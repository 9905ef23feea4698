// spelling: a typo, i.e. a word the dictionary does not know that is one edit away from a word it
// does know. Everything a newsroom writes that a dictionary lacks is let through first, cheapest
// test first: numeral compounds and abbreviations (125-й, г., г-н), glossary words, names
// (capitalized inside a sentence; words that transliterate a word of the source, by the learned
// model of engine/terms), the newsroom's own vocabulary (the TM's targets, words the draft
// repeats), Russian solid prefixes, Arabic clitics. Verdicts are cached per word.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/names.h"
#include "tmkit/normalize.h"

namespace tmkit {
using namespace check_internal;

namespace {

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  return out;
}

std::string ToU8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    uint8_t buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
    out.append(reinterpret_cast<char*>(buf), n);
  }
  return out;
}

// The letters a typo may substitute or insert, per target language. Arabic: the long vowels,
// hamza seats and endings only (every Arabic dictionary lookup costs ~50 µs through its thousands
// of affix rules; the whole alphabet made the search most of the check's time). Doubled letters
// are tried separately.
std::u32string Alphabet(const std::string& primary) {
  if (primary == "ru") return U"абвгдежзийклмнопрстуфхцчшщъыьэюяё";
  if (primary == "ar") return U"اأإآءؤئوىيةهت";
  return U"abcdefghijklmnopqrstuvwxyz";
}

// The whitespace-delimited chunk around [begin, end) of `text`.
std::string_view Chunk(std::string_view text, size_t begin, size_t end) {
  while (begin > 0 && text[begin - 1] != ' ' && text[begin - 1] != '\t') --begin;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
  return text.substr(begin, end - begin);
}

bool IsHyphen(std::string_view text, size_t at) {
  return at < text.size() && (text[at] == '-' || text.compare(at, 3, "\u2010") == 0 || text.compare(at, 3, "\u2011") == 0);
}

bool HyphenBefore(std::string_view text, size_t begin) {
  if (begin >= 1 && text[begin - 1] == '-') return true;
  return begin >= 3 && (text.compare(begin - 3, 3, "\u2010") == 0 || text.compare(begin - 3, 3, "\u2011") == 0);
}

// The code points `a` and `b` share at their start.
size_t SharedPrefix(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  while (i > 0 && i < a.size() && (static_cast<unsigned char>(a[i]) & 0xC0) == 0x80) --i;
  return CodePointCount(a.substr(0, i));
}

// A half of a word split at a missing space: three letters or more, or (Arabic) a two-letter word
// that stands alone in running text. Hunspell's Arabic dictionary accepts most two-letter
// strings (نت, مس), which split real words into nonsense (نتشاطر as نت شاطر).
bool PlausibleHalf(const std::string& half, const std::string& primary) {
  if (primary != "ar" || CodePointCount(half) >= 3) return true;
  static const char* const kShortWords[] = {"في", "من", "عن", "لا", "ما", "مع", "أن", "إن", "قد", "لم", "لن", "هو",
                                            "هي", "كل", "ثم", "أو", "بل", "لو", "يا", "له", "لي", "به", "بي", "ذا", "إذ",
                                            "ان", "او", "اذ", "كي", "ذو", "ذي", "هل", "مذ", "لك", "بك"};
  for (const char* w : kShortWords) {
    if (half == w) return true;
  }
  return false;
}

// Arabic enclitic pronouns, longest first.
const char* const kArabicEnclitics[] = {"هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ني", "ه", "ك", "ي"};

}  // namespace

// Arabic: a word is known when a segmentation into proclitics (و ف, then ب ك ل س, then ال or
// لل), a stem and an enclitic pronoun leaves a stem the dictionary knows (ة written ت before
// a pronoun restored). Hunspell's Arabic dictionary knows few of the clitic combinations news uses.
bool Checker::Impl::KnownArabicSegmented(const std::string& word) {
  Morphology& morph = tgt_terms->morphology();
  std::vector<std::string> heads{word};
  for (const char* conj : {"و", "ف"}) {
    if (StartsWith(word, conj) && CodePointCount(word) > 3) heads.push_back(word.substr(std::string(conj).size()));
  }
  // A verb's imperfect prefix, after a conjunction and the future's س (نتشاطر: ن + تشاطر), a form
  // the dictionary's affix rules lack for many stems. Verbs take no article or preposition.
  std::vector<std::string> verbs;
  for (const std::string& h : heads) {
    std::string_view v(h);
    if (StartsWith(v, "س")) v.remove_prefix(std::string("س").size());
    for (const char* imperfect : {"ن", "ي", "ت", "أ"}) {
      if (StartsWith(v, imperfect) && CodePointCount(v) > 4) verbs.emplace_back(v.substr(std::string(imperfect).size()));
    }
  }
  for (size_t i = 0, n = heads.size(); i < n; ++i) {
    for (const char* prep : {"ب", "ك", "ل", "س"}) {
      if (StartsWith(heads[i], prep) && CodePointCount(heads[i]) > 3) heads.push_back(heads[i].substr(std::string(prep).size()));
    }
    if (StartsWith(heads[i], "لل") && CodePointCount(heads[i]) > 4) heads.push_back("ال" + heads[i].substr(std::string("لل").size()));
  }
  for (size_t i = 0, n = heads.size(); i < n; ++i) {
    if (StartsWith(heads[i], "ال") && CodePointCount(heads[i]) > 3) heads.push_back(heads[i].substr(std::string("ال").size()));
  }
  // A sound feminine plural (حفرات of حفرة, غطاءات of غطاء).
  for (const std::string& h : heads) {
    if (EndsWith(h, "ات") && CodePointCount(h) > 4) {
      std::string stem = h.substr(0, h.size() - std::string("ات").size());
      if (morph.Spell(stem + "ة") || morph.Spell(stem)) return true;
    }
  }
  // A hamza left off an initial alef (ايضًا for أيضًا, انقاذا for إنقاذا) is the common informal
  // spelling, not a typo (term-orthography holds glossary forms to their hamza); ما is written
  // solid with زال and دام by convention (مازال, مازالت, مادام).
  for (size_t i = 0, n = heads.size(); i < n; ++i) {
    if (StartsWith(heads[i], "ا") && CodePointCount(heads[i]) > 3) {
      std::string rest = heads[i].substr(std::string("ا").size());
      if (morph.Spell("أ" + rest) || morph.Spell("إ" + rest)) return true;
    }
    if (StartsWith(heads[i], "ما")) {
      std::string rest = heads[i].substr(std::string("ما").size());
      if ((StartsWith(rest, "زال") || StartsWith(rest, "زل") || StartsWith(rest, "دام")) && morph.Spell(rest)) return true;
    }
  }
  heads.insert(heads.end(), verbs.begin(), verbs.end());
  for (const std::string& h : heads) {
    if (h != word && morph.Spell(h)) return true;
    for (const char* enclitic : kArabicEnclitics) {
      std::string_view e(enclitic);
      if (!EndsWith(h, e) || CodePointCount(h) - CodePointCount(e) < 2) continue;
      std::string stem = h.substr(0, h.size() - e.size());
      if (morph.Spell(stem)) return true;
      if (EndsWith(stem, "ت") && morph.Spell(stem.substr(0, stem.size() - std::string("ت").size()) + "ة")) return true;
      if (EndsWith(stem, "ا") && morph.Spell(stem.substr(0, stem.size() - std::string("ا").size()))) return true;  // -اً
    }
  }
  return false;
}

// The dictionary words one edit away from `word` (a deletion, an insertion, a substitution, a
// transposition of neighbours, or a missing space between two known words), at most `max`. A
// candidate that only differs in Arabic hamza/alef/ya spelling is not a typo's repair.
std::vector<std::string> Checker::Impl::OneEditWords(const std::string& word, size_t max, bool swaps_only) {
  Morphology& morph = tgt_terms->morphology();
  std::vector<std::string> found;
  std::u32string w = ToU32(word);
  if (w.size() < 4 || w.size() > 24) return found;
  std::string folded = FoldForMatching(word, tgt);
  std::unordered_set<std::string> tried;
  auto try_word = [&](const std::u32string& c) {
    if (found.size() >= max) return;
    std::string s = ToU8(c);
    if (!tried.insert(s).second) return;
    if (tgt_primary == "ar" && FoldForMatching(s, tgt) == folded) return;
    if (morph.Spell(s)) found.push_back(std::move(s));
  };
  // A missing space: both halves words of two letters or more. Not in Russian, which writes
  // compounds solid (киноиндустрия, северокорейцев) that the dictionary lacks.
  for (size_t i = 2; tgt_primary != "ru" && w.size() >= 6 && i + 2 <= w.size() && found.size() < max; ++i) {
    std::string a = ToU8(w.substr(0, i)), b = ToU8(w.substr(i));
    if (!PlausibleHalf(a, tgt_primary) || !PlausibleHalf(b, tgt_primary)) continue;
    if (morph.Spell(a) && morph.Spell(b)) found.push_back(a + " " + b);
  }
  // A long word that splits into two known words is two words run together: a one-letter edit
  // that also repairs it is unlikely, and the search costs hundreds of Arabic lookups.
  if (!found.empty() && w.size() >= 9) return found;
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    std::u32string c = w;
    std::swap(c[i], c[i + 1]);
    try_word(c);
  }
  if (swaps_only) return found;
  for (size_t i = 0; i < w.size(); ++i) try_word(w.substr(0, i) + w.substr(i + 1));
  const std::u32string alphabet = Alphabet(tgt_primary);
  bool upper_first = u_isupper(static_cast<UChar32>(w[0]));
  for (size_t i = 0; i < w.size(); ++i) {
    for (char32_t l : alphabet) {
      char32_t letter = i == 0 && upper_first ? static_cast<char32_t>(u_toupper(static_cast<UChar32>(l))) : l;
      if (letter == w[i]) continue;
      std::u32string c = w;
      c[i] = letter;
      try_word(c);
    }
  }
  for (size_t i = 1; i <= w.size(); ++i) {
    for (char32_t l : alphabet) try_word(w.substr(0, i) + l + w.substr(i));
  }
  for (size_t i = 0; i < w.size(); ++i) try_word(w.substr(0, i + 1) + w[i] + w.substr(i + 1));  // a doubled letter
  return found;
}

// A word transliterates one of `source_words` (Latin, three letters or more): the learned name
// model where there is one (docs/names.md), else the romanized spelling. The model's verdict
// threshold (0.5) is calibrated for picking one rendering among ~50 candidate names; here the
// question is only whether an unknown word could be a rendering of a word of its own segment
// rather than a typo of a native word, and loanwords (lobster, outlet, beach) score lower than
// names, so a lower bar.
constexpr double kLoanwordThreshold = 0.1;
bool Checker::Impl::TransliteratesSourceWord(const WordKeys& w, const std::string& surface,
                                             const std::vector<std::string>& source_words, double threshold) {
  if (name_model != nullptr) {
    for (const std::string& e : source_words) {
      if (name_model->ScoreWord(e, surface) >= threshold) return true;
    }
    return false;
  }
  return LooksLikeSourceName(w, source_words);
}

void Checker::Impl::CheckSpelling(size_t seg, const SegmentPair& p, const Analysis& a, std::vector<Finding>* out) {
  Morphology& morph = tgt_terms->morphology();
  if (!morph.HasDictionary()) return;
  Script want = ScriptOfLanguage(tgt_primary);
  std::vector<std::string> source_words;
  bool have_source_words = false;
  struct RunOn {
    size_t begin, end;
    std::string surface;
    std::vector<std::string> repairs;
  };
  std::vector<RunOn> run_ons;
  for (const WordKeys& w : a.words) {
    if (w.keys.empty()) continue;
    std::string surface = p.target.substr(w.begin, w.end - w.begin);
    size_t letters = CodePointCount(surface);
    if (letters <= 2 || HasDigit(surface) || WordScript(surface) != want || IsUpperWord(surface)) continue;
    // Numeral compounds and abbreviations: 125-й, 2-х, г., тыс., г-н.
    if (HasDigit(Chunk(p.target, w.begin, w.end))) continue;
    bool hyphenated = HyphenBefore(p.target, w.begin) || IsHyphen(p.target, w.end);
    if (letters <= 4 && (hyphenated || (w.end < p.target.size() && p.target[w.end] == '.'))) continue;
    bool in_term = tgt_terms->IsTermWord(w);
    for (const TermMatch& m : a.matches) in_term |= w.begin >= m.begin && w.end <= m.end;
    if (in_term) continue;
    // A capitalized word inside a sentence is a name (glossary or not): reported only as a typo of
    // a name the dictionary knows (Франсии for Франции), never for being unknown.
    bool name_position = want != Script::kArabic && StartsUpper(surface) && !IsSentenceInitial(p.target, w.begin);
    auto vocab = vocabulary.find(w.folded);
    bool newsroom = vocab != vocabulary.end() && (vocab->second.draft >= 3 || vocab->second.tm >= 2);
    // The same lexeme in several places of the draft (фейковые, фейковых) is the newsroom's word.
    bool repeated = false;
    for (const std::string& k : w.keys) {
      auto c = lexeme_counts.find(k);
      repeated |= c != lexeme_counts.end() && c->second >= 2;
    }
    // The newsroom's own words are let through, but a lost space it repeats (فيالمستقبل) is still
    // a lost space: such a word may only be reported as words run together.
    newsroom |= repeated;
    auto [it, fresh] = spelling_cache.emplace(surface, SpellingVerdict{});
    SpellingVerdict& v = it->second;
    if (fresh) {
      v.known = morph.Spell(surface) || KnownWithPrefix(surface) || (tgt_primary == "ar" && KnownArabicSegmented(surface));
    }
    if (v.known) continue;
    if (!have_source_words) {
      for (const Token& t : TokenizeForMatching(p.source, src)) {
        if (t.kind == TokenKind::kWord && CodePointCount(t.norm) >= 3) source_words.push_back(t.norm);
      }
      have_source_words = true;
    }
    // In a name's position only a name of the segment (the model's own verdict) is let through
    // here; a misspelt known name (Франсии: French 0.14) goes on to the typo test.
    if (TransliteratesSourceWord(w, surface, source_words,
                                 name_position ? NameModel::kDefaultThreshold : kLoanwordThreshold)) {
      continue;
    }
    // A name rendered here may be named in the source of another segment ("he" here).
    if (name_position && TransliteratesSourceWord(w, surface, draft_source_names, NameModel::kDefaultThreshold)) continue;
    // A word the newsroom uses is reported only as words run together or as two letters swapped
    // (расксазал twice is still рассказал), never for an edit a new word could also show.
    if (newsroom && !v.swaps_searched) {
      v.swaps = OneEditWords(surface, tgt_primary == "ar" ? 4 : 3, /*swaps_only=*/true);
      v.swaps_searched = true;
    }
    if (!newsroom && !v.searched) {
      v.repairs = OneEditWords(surface, tgt_primary == "ar" ? 4 : 3);
      v.searched = true;
    }
    const std::vector<std::string>& found = newsroom ? v.swaps : v.repairs;
    if (found.empty()) continue;  // unknown, but not a typo of a known word: a name or a rare word
    // Arabic has no capitals to tell a name by: a word that renders a name of the story around it
    // (كافانو for the Kavanaugh of the next sentence, كتالونيا for Catalonia) is that name, not
    // words run together (كاف انو) or a typo. The story: the sources of the segments nearby.
    // A word that splits into two known words must score as a name at the model's verdict
    // threshold: a lost space between two native words may look like a rare name's rendering at a
    // loanword's low bar (لايناسبه).
    bool splits_in_two = std::any_of(found.begin(), found.end(), [](const std::string& r) { return r.find(' ') != std::string::npos; });
    if (tgt_primary == "ar" &&
        RendersNearbyName(seg, w, surface, splits_in_two ? NameModel::kDefaultThreshold : kLoanwordThreshold)) {
      continue;
    }
    // A word split into two known words is a missing space — unless a one-letter edit repairs it
    // too (المدراس: المدارس, not الم دراس). Run-on words are gathered into one finding per segment.
    std::vector<std::string> edits, splits;
    for (const auto& r : found) (r.find(' ') == std::string::npos ? edits : splits).push_back(r);
    // The likeliest split first: the one whose halves the draft or the TM use (يعني جوني, not
    // يعن يجوني), then one whose second word opens with the article (وزير الخارجية, not
    // وزيرا لخارجية), then the first found.
    auto used = [&](const std::string& word) {
      auto it = vocabulary.find(FoldForMatching(word, tgt));
      return it != vocabulary.end() && (it->second.draft > 0 || it->second.tm > 0) ? 1 : 0;
    };
    auto rank = [&](const std::string& r) {
      size_t space = r.find(' ');
      std::string a = r.substr(0, space), b = r.substr(space + 1);
      return std::make_pair(used(a) + used(b), StartsWith(b, "\u0627\u0644") ? 1 : 0);
    };
    std::stable_sort(splits.begin(), splits.end(), [&](const std::string& x, const std::string& y) { return rank(x) > rank(y); });
    // A split both of whose words the newsroom uses beats edits it does not (متأخروهو is متأخر وهو,
    // not متأخروه).
    bool edit_used = false;
    for (const auto& e : edits) edit_used |= used(e) == 1;
    if (!splits.empty() && !edit_used && rank(splits.front()).first == 2) edits.clear();
    // A word the newsroom repeats is its word unless both words it splits into are its words too
    // (فيالمستقبل: في المستقبل); a repeated name splits into fragments (كتالونيا: كتا لونيا).
    if (newsroom && !splits.empty() && rank(splits.front()).first < 2) splits.clear();
    if (edits.empty() && !name_position && !splits.empty()) {
      run_ons.push_back({w.begin, w.end, surface, splits});
      continue;
    }
    // Arabic's root patterns pack the one-edit neighbourhood of a short real word the dictionary
    // lacks (مزحة: مزة, مزح, مزية); a typo of a long word has few, or endings' variants
    // (المتظاهرزن: المتظاهرين, المتظاهرون).
    if (tgt_primary == "ar" && edits.size() >= 3 && letters <= 6) continue;
    std::vector<std::string> repairs;
    for (const auto& r : edits) {
      // Russian: an edit in the last two letters is an ending the dictionary lacks (управляемо,
      // судимы, обладав are forms of known words), not a typo it can tell.
      if (tgt_primary == "ru" && SharedPrefix(surface, r) + 2 >= std::min(letters, CodePointCount(r))) continue;
      // A name's position: only the typo of a name the draft itself uses elsewhere (Франсии for
      // Франции, with Франция in another segment).
      // The repair must be a name the draft writes as one, capitalized inside a sentence: a common
      // word capitalized (Сельском for Йельском, База for Браза, Каждой for Каидой) is not.
      if (name_position && (!StartsUpper(r) || r.find(' ') != std::string::npos || !UsedInDraftAsName(r))) continue;
      repairs.push_back(r);
    }
    if (repairs.empty()) continue;
    std::string joined;
    for (const auto& s : repairs) joined += (joined.empty() ? "" : ", ") + s;
    Finding* f = Add(out, "spelling", seg, {}, {w.begin, w.end},
                     Quote(surface) + " is not in the " + tgt_primary + " dictionary; one edit from " + joined, joined);
    // Longer words have fewer dictionary neighbours by chance; a lone neighbour is a likelier repair.
    if (f != nullptr) f->confidence = std::min(0.9, 0.55 + 0.03 * static_cast<double>(letters) + (repairs.size() == 1 ? 0.1 : 0));
    // A one-word typo is a note: on professional news most are names and words the dictionary
    // lacks (judged precision 0.14-0.25, docs/check-judged/sample2.*); words run together are the
    // warnings.
    if (f != nullptr) f->severity = Severity::kNote;
    if (f != nullptr) f->repeat_key = w.folded;  // the same misspelling, wherever it recurs
  }
  if (run_ons.empty()) return;
  // One finding for the segment's words run together: one slip (a lost space) repeated, and a
  // translation whose spaces were eaten should not bury the other findings.
  const RunOn& first = run_ons.front();
  std::string message;
  if (run_ons.size() == 1) {
    message = Quote(first.surface) + " runs two words together: " + first.repairs.front();
  } else {
    message = std::to_string(run_ons.size()) + " places run two words together: ";
    for (size_t k = 0; k < run_ons.size() && k < 8; ++k) {
      message += (k == 0 ? "" : ", ") + Quote(run_ons[k].surface) + " (" + run_ons[k].repairs.front() + ")";
    }
    if (run_ons.size() > 8) message += ", \u2026";
  }
  Finding* f = Add(out, "spelling", seg, {}, {first.begin, first.end}, message, first.repairs.front());
  if (f != nullptr) f->confidence = 0.9;
}

bool Checker::Impl::RendersNearbyName(size_t seg, const WordKeys& w, const std::string& surface, double threshold) {
  constexpr size_t kStory = 30;  // segments either side
  std::vector<std::string> names;
  size_t last = std::min(source_names_by_segment.size(), seg + kStory + 1);
  for (size_t i = seg > kStory ? seg - kStory : 0; i < last; ++i) {
    names.insert(names.end(), source_names_by_segment[i].begin(), source_names_by_segment[i].end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return TransliteratesSourceWord(w, surface, names, threshold);
}

// A word one of whose keys some word of the draft capitalized inside a sentence has.
bool Checker::Impl::UsedInDraftAsName(const std::string& word) {
  for (const WordKeys& w : tgt_terms->morphology().AnalyzeText(word)) {
    for (const std::string& k : w.keys) {
      if (name_lexemes.count(k) != 0) return true;
    }
  }
  return false;
}

// A word one of whose keys (stems, lemmas) some word of the draft has.
bool Checker::Impl::UsedInDraft(const std::string& word) {
  for (const WordKeys& w : tgt_terms->morphology().AnalyzeText(word)) {
    for (const std::string& k : w.keys) {
      if (lexeme_counts.count(k) != 0) return true;
    }
  }
  return false;
}

// Russian writes some prefixes solid with any word (не- with participles and adjectives,
// спец-, гос-, вице- …); the dictionary lists only the common compounds. A prefix followed by a
// word of at least four letters the dictionary knows is accepted.
bool Checker::Impl::KnownWithPrefix(const std::string& surface) {
  if (tgt_primary != "ru") return false;
  static const char* const kPrefixes[] = {"не", "со", "спец", "гос", "гор", "пресс", "вице", "экс", "анти", "контр",
                                          "сверх", "полу", "само", "меж", "обще", "ультра", "псевдо", "пост",
                                          "авиа", "авто", "видео", "аудио", "фото", "теле", "радио", "мини",
                                          "макро", "микро", "мега", "супер", "нео", "квази", "мульти"};
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

}  // namespace tmkit
