// The checks. Per segment: glossary terms and names, numbers, untranslated text, spelling and
// typography; across segments (and the reference TM): inconsistent translations and names
// rendered several ways. Every finding carries byte spans into its segment's texts.
#include "tmkit/checker.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/normalize.h"
#include "tmkit/numbers.h"
#include "tmkit/term_matcher.h"

namespace tmkit {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "warning";
}

bool ParseSeverity(std::string_view name, Severity* out) {
  if (name == "note") *out = Severity::kNote;
  else if (name == "warning") *out = Severity::kWarning;
  else if (name == "error") *out = Severity::kError;
  else return false;
  return true;
}

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo> checks = {
      {"term-deprecated", Severity::kError, "a deprecated (forbidden) glossary form is used"},
      {"term-superseded", Severity::kWarning, "a superseded (outdated) glossary form is used"},
      {"term-variant", Severity::kError, "a name or term is rendered in a form the glossary does not allow"},
      {"term-orthography", Severity::kWarning, "a glossary form is written without its hamza/alef/ya spelling"},
      {"term-missing", Severity::kWarning, "a glossary term of the source has none of its forms in the translation"},
      {"name-inconsistent", Severity::kWarning, "a name outside the glossary is rendered several ways"},
      {"inconsistent-target", Severity::kWarning, "the same source is translated differently elsewhere"},
      {"inconsistent-source", Severity::kWarning, "the same translation stands for different sources"},
      {"number-changed", Severity::kError, "a number of the source appears changed in the translation"},
      {"number-missing", Severity::kError, "a number of the source is missing from the translation"},
      {"number-added", Severity::kWarning, "the translation has a number the source does not have"},
      {"target-empty", Severity::kError, "the translation is empty"},
      {"target-identical", Severity::kError, "the translation is identical to the source"},
      {"untranslated", Severity::kError, "the translation is still in the source language"},
      {"spelling", Severity::kWarning, "a word the spelling dictionary does not know"},
      {"double-space", Severity::kWarning, "two or more spaces in a row"},
      {"unbalanced-brackets", Severity::kWarning, "brackets do not balance as in the source"},
      {"unbalanced-quotes", Severity::kWarning, "quotation marks do not balance as in the source"},
      {"final-punctuation", Severity::kWarning, "the translation ends with different punctuation"},
  };
  return checks;
}

namespace {

size_t CheckOrder(const std::string& id) {
  const auto& all = AllChecks();
  for (size_t i = 0; i < all.size(); ++i) {
    if (id == all[i].id) return i;
  }
  return all.size();
}

std::string Quote(std::string_view s) { return "\u00AB" + std::string(s) + "\u00BB"; }

// Folded text with runs of spaces collapsed: the key of the consistency checks.
std::string ConsistencyKey(std::string_view text, std::string_view lang) {
  return CollapseWhitespace(FoldForMatching(text, lang));
}

enum class Script { kOther, kLatin, kCyrillic, kArabic };

Script ScriptOf(UChar32 c) {
  UErrorCode e = U_ZERO_ERROR;
  switch (uscript_getScript(c, &e)) {
    case USCRIPT_LATIN: return Script::kLatin;
    case USCRIPT_CYRILLIC: return Script::kCyrillic;
    case USCRIPT_ARABIC: return Script::kArabic;
    default: return Script::kOther;
  }
}

Script ScriptOfLanguage(std::string_view primary) {
  if (primary == "ru") return Script::kCyrillic;
  if (primary == "ar") return Script::kArabic;
  return Script::kLatin;
}

// The script of a word's letters when they all share one, else kOther.
Script WordScript(std::string_view w) {
  Script s = Script::kOther;
  for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
    if (!u_isalpha(c)) continue;
    Script cs = ScriptOf(c);
    if (s == Script::kOther) s = cs;
    else if (cs != s) return Script::kOther;
  }
  return s;
}

bool HasDigit(std::string_view w) {
  for (char c : w) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool IsUpperWord(std::string_view w) {
  int letters = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
    if (!u_isalpha(c)) continue;
    if (!u_isupper(c)) return false;
    ++letters;
  }
  return letters >= 2;
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
  return u_isupper(c);
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// True when only sentence openers (punctuation, quotes, dashes, spaces) separate `begin` from the
// previous sentence end or the start of the text.
bool IsSentenceInitial(std::string_view text, size_t begin) {
  int32_t i = static_cast<int32_t>(begin);
  while (i > 0) {
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    if (u_isUWhiteSpace(c)) continue;
    if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x061F || c == ':') return true;
    if (c == '"' || c == 0x00AB || c == 0x201C || c == 0x201E || c == '(' || c == 0x2014 || c == 0x2013 ||
        c == '-' || c == 0x2022) {
      continue;
    }
    return false;
  }
  return true;
}

// The last character that is not a space, quote or closing bracket, classified.
char FinalPunctuation(std::string_view text) {
  int32_t i = static_cast<int32_t>(text.size());
  while (i > 0) {
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    if (u_isUWhiteSpace(c)) continue;
    if (c == '"' || c == '\'' || c == 0x00BB || c == 0x00AB || c == 0x201D || c == 0x201C || c == 0x2019 ||
        c == ')' || c == ']') {
      continue;
    }
    switch (c) {
      case '.': case 0x06D4: return '.';
      case '?': case 0x061F: return '?';
      case '!': return '!';
      case ':': return ':';
      case ';': case 0x061B: return ';';
      case 0x2026: return '.';  // an ellipsis ends a sentence like a period
      case ',': case 0x060C: return ',';
      default: return ' ';
    }
  }
  return ' ';
}

std::string PunctName(char c) {
  switch (c) {
    case ' ': return "no punctuation";
    default: return std::string("\"") + c + "\"";
  }
}

int BracketBalance(std::string_view text, char open, char close) {
  int b = 0;
  for (char c : text) {
    if (c == open) ++b;
    if (c == close) --b;
  }
  return b;
}

// Quotation marks counted by kind: guillemets must pair within a segment like the source's
// quotes; straight and curly double quotes are counted for parity.
int QuoteCount(std::string_view text) {
  int n = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    if (c == '"' || c == 0x00AB || c == 0x00BB || c == 0x201C || c == 0x201D || c == 0x201E) ++n;
  }
  return n;
}

// Arabic display-level normalization: only harakat and tatweel removed, so hamza and alef
// spelling differences remain visible.
std::string ArabicLight(std::string_view s) {
  std::string out;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
    out.append(s.substr(at, i - at));
  }
  return out;
}

// The runs of letters of `text` that start with a capital and have at least three letters.
std::vector<std::pair<size_t, size_t>> CapitalizedWords(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> words;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (!u_isalpha(c)) continue;
    bool capital = u_isupper(c);
    int letters = 1;
    int32_t end = i;
    while (i < size) {
      U8_NEXT(bytes, i, size, c);
      if (!u_isalpha(c)) break;
      ++letters;
      end = i;
    }
    if (capital && letters >= 3) words.emplace_back(begin, end);
  }
  return words;
}

// The source and target texts of a stored unit; false when it lacks either language.
bool PairOf(const Unit& u, std::string_view src_lang, std::string_view tgt_lang, SegmentPair* p) {
  const Variant* s = u.Find(src_lang);
  const Variant* t = u.Find(tgt_lang);
  if (s == nullptr || t == nullptr) return false;
  p->source = s->text;
  p->target = t->text;
  return true;
}

struct NameOccurrence {
  size_t segment;  // index into draft segments, or SIZE_MAX for the reference
  Span span;
  std::string surface;
  std::vector<std::string> keys;  // inflection/clitic keys; shared keys = same rendering
};

}  // namespace

struct Checker::Impl {
  const Glossary& glossary;
  CheckOptions options;
  std::string src, tgt, src_primary, tgt_primary;
  std::unique_ptr<TermMatcher> src_terms, tgt_terms;
  std::unordered_map<std::string, std::string> latin_cache;
  std::unordered_map<std::string, std::string> suggestions;  // misspelling -> Hunspell's suggestions

  Impl(const Glossary& g) : glossary(g) {}

  bool Enabled(const char* id) const {
    return std::find(options.skip.begin(), options.skip.end(), id) == options.skip.end();
  }

  void Add(std::vector<Finding>* out, const char* id, size_t segment, Span s, Span t, std::string message,
           std::string suggestion = "", std::string concept_id = "") {
    if (!Enabled(id)) return;
    Finding f;
    f.check = id;
    f.severity = AllChecks()[CheckOrder(id)].severity;
    f.segment = segment;
    f.source_span = s;
    f.target_span = t;
    f.message = std::move(message);
    f.suggestion = std::move(suggestion);
    f.concept_id = std::move(concept_id);
    out->push_back(std::move(f));
  }

  const std::string& Latin(const std::string& s) {
    auto it = latin_cache.find(s);
    if (it != latin_cache.end()) return it->second;
    return latin_cache.emplace(s, Latinize(s)).first->second;
  }

  // Forms a text word may be compared by: its folded form and its inflection/clitic keys.
  static std::vector<std::string> Forms(const WordKeys& w) {
    std::vector<std::string> forms{w.folded};
    for (const std::string& k : w.keys) {
      if ((k[0] == 'R' || k[0] == 'L') && k.size() > 1) forms.push_back(k.substr(1));
    }
    return forms;
  }

  double NameSimilarity(const std::vector<std::string>& forms, const std::string& folded_term_word, bool* same_skeleton) {
    double best = 0;
    const std::string& b = Latin(folded_term_word);
    std::string sk_b = Skeleton(b);
    for (const std::string& f : forms) {
      const std::string& a = Latin(f);
      if (a.size() < 3 || b.size() < 3) continue;
      best = std::max(best, SpellingSimilarity(a, b));
      std::string sk_a = Skeleton(a);
      if (sk_a.size() >= 2 && sk_a == sk_b) *same_skeleton = true;
    }
    return best;
  }

  // A target text analysed once and shared by the checks.
  struct Analysis {
    std::vector<WordKeys> words;
    std::vector<TermMatch> matches;
  };
  std::vector<Analysis> analyses;            // per draft segment
  std::vector<Analysis> reference_analyses;  // per reference unit; both reused by CheckNames

  void CheckTerms(size_t seg, const SegmentPair& p, const std::vector<TermMatch>& src_matches, const Analysis& a,
                  std::vector<Finding>* out) {
    const std::vector<WordKeys>& words = a.words;
    const std::vector<TermMatch>& matches = a.matches;
    const auto& concepts = glossary.concepts();
    std::vector<TermMatch> all_matches;  // computed when a concept seems missing
    std::vector<bool> covered(words.size(), false);
    for (const TermMatch& m : matches) {
      for (size_t i = 0; i < words.size(); ++i) {
        if (words[i].begin >= m.begin && words[i].end <= m.end) covered[i] = true;
      }
      const Concept& c = concepts[m.concept_index];
      const Term& t = c.terms[m.term_index];
      const Term* preferred = Glossary::PreferredTerm(c, tgt);
      std::string surface = p.target.substr(m.begin, m.end - m.begin);
      if (t.status == TermStatus::kDeprecated || t.status == TermStatus::kSuperseded) {
        bool dep = t.status == TermStatus::kDeprecated;
        Add(out, dep ? "term-deprecated" : "term-superseded", seg, {}, {m.begin, m.end},
            Quote(surface) + (dep ? " is a deprecated form of " : " is a superseded form of ") + ConceptLabel(c),
            preferred ? preferred->text : "", c.id);
      } else if (tgt_primary == "ar") {
        std::string light = ArabicLight(surface), term = ArabicLight(t.text);
        const std::string kAl = "ال";
        bool ok = EndsWith(light, term) ||
                  (term.compare(0, kAl.size(), kAl) == 0 && EndsWith(light, "ل" + term.substr(kAl.size())));
        if (!ok) {
          Add(out, "term-orthography", seg, {}, {m.begin, m.end},
              Quote(surface) + " is spelled " + Quote(t.text) + " in the glossary (" + ConceptLabel(c) + ")", t.text,
              c.id);
        }
      }
    }
    // Concepts named in the source must appear in the translation in an allowed form.
    std::vector<size_t> seen;
    for (const TermMatch& sm : src_matches) {
      if (std::find(seen.begin(), seen.end(), sm.concept_index) != seen.end()) continue;
      seen.push_back(sm.concept_index);
      const Concept& c = concepts[sm.concept_index];
      bool has_target_terms = false;
      for (const Term& t : c.terms) has_target_terms |= LanguageMatches(tgt, t.lang);
      if (!has_target_terms) continue;
      bool present = false;
      for (const TermMatch& m : matches) present |= m.concept_index == sm.concept_index;
      if (!present) {
        if (all_matches.empty()) all_matches = tgt_terms->Find(words, /*overlapping=*/true);
        for (const TermMatch& m : all_matches) {
          present |= m.concept_index == sm.concept_index && IsAllowed(concepts[m.concept_index].terms[m.term_index].status);
        }
      }
      if (present) continue;  // allowed, or already reported as deprecated/superseded
      // The closest uncovered span by transliteration, against every allowed form.
      double best = 0;
      Span best_span;
      const Term* best_term = nullptr;
      for (const Term& t : c.terms) {
        if (!LanguageMatches(tgt, t.lang) || !IsAllowed(t.status)) continue;
        std::vector<WordKeys> tw = tgt_terms->morphology().AnalyzeTerm(t.text, t.gender);
        size_t n = tw.size();
        if (n == 0 || n > words.size()) continue;
        for (size_t i = 0; i + n <= words.size(); ++i) {
          double sum = 0;
          bool skeletons = true, usable = true;
          for (size_t k = 0; k < n && usable; ++k) {
            if (covered[i + k] || words[i + k].keys.empty()) usable = false;
            bool same = false;
            sum += NameSimilarity(Forms(words[i + k]), tw[k].folded, &same);
            skeletons &= same;
          }
          if (!usable) continue;
          double sim = sum / n;
          bool variant = sim >= 0.75 || (skeletons && sim >= 0.5);
          if (variant && sim > best) {
            best = sim;
            best_span = {words[i].begin, words[i + n - 1].end};
            best_term = &t;
          }
        }
      }
      const Term* preferred = Glossary::PreferredTerm(c, tgt);
      if (best_term != nullptr) {
        std::string surface = p.target.substr(best_span.begin, best_span.end - best_span.begin);
        Add(out, "term-variant", seg, {sm.begin, sm.end}, best_span,
            Quote(surface) + " is not a glossary form of " + ConceptLabel(c) + "; closest allowed form: " +
                Quote(best_term->text),
            best_term->text, c.id);
      } else {
        Add(out, "term-missing", seg, {sm.begin, sm.end}, {},
            Quote(p.source.substr(sm.begin, sm.end - sm.begin)) + " (" + ConceptLabel(c) +
                ") has none of its glossary forms in the translation",
            preferred ? preferred->text : "", c.id);
      }
    }
  }

  std::string ConceptLabel(const Concept& c) const {
    const Term* t = Glossary::PreferredTerm(c, src);
    return t != nullptr ? t->text : c.id;
  }

  void CheckNumbers(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
    std::vector<NumberMention> s = FindNumbers(p.source, src);
    std::vector<NumberMention> t = FindNumbers(p.target, tgt);
    std::vector<bool> s_used(s.size(), false), t_used(t.size(), false);
    for (size_t i = 0; i < s.size(); ++i) {
      for (size_t j = 0; j < t.size(); ++j) {
        if (!t_used[j] && SameNumber(s[i], t[j])) {
          s_used[i] = t_used[j] = true;
          break;
        }
      }
    }
    std::vector<size_t> s_left, t_left;
    for (size_t i = 0; i < s.size(); ++i) if (!s_used[i]) s_left.push_back(i);
    for (size_t j = 0; j < t.size(); ++j) if (!t_used[j]) t_left.push_back(j);
    size_t paired = std::min(s_left.size(), t_left.size());
    for (size_t k = 0; k < paired; ++k) {
      const NumberMention& a = s[s_left[k]];
      const NumberMention& b = t[t_left[k]];
      Add(out, "number-changed", seg, {a.begin, a.end}, {b.begin, b.end},
          "source " + Quote(p.source.substr(a.begin, a.end - a.begin)) + " (" + NumberKey(a) + ") but translation " +
              Quote(p.target.substr(b.begin, b.end - b.begin)) + " (" + NumberKey(b) + ")",
          NumberKey(a));
    }
    for (size_t k = paired; k < s_left.size(); ++k) {
      const NumberMention& a = s[s_left[k]];
      Add(out, "number-missing", seg, {a.begin, a.end}, {},
          Quote(p.source.substr(a.begin, a.end - a.begin)) + " is not in the translation", NumberKey(a));
    }
    for (size_t k = paired; k < t_left.size(); ++k) {
      const NumberMention& b = t[t_left[k]];
      Add(out, "number-added", seg, {}, {b.begin, b.end},
          Quote(p.target.substr(b.begin, b.end - b.begin)) + " is not in the source");
    }
  }

  // Returns false when the target is empty or untranslated: the other target checks are moot.
  bool CheckTranslated(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
    auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
    if (blank(p.target)) {
      if (!blank(p.source)) Add(out, "target-empty", seg, {0, p.source.size()}, {}, "the translation is empty");
      return false;
    }
    std::vector<Token> src_tokens = TokenizeForMatching(p.source, src);
    size_t src_words = 0;
    for (const Token& t : src_tokens) src_words += t.kind == TokenKind::kWord;
    if (src_words >= 3 && ConsistencyKey(p.source, src) == ConsistencyKey(p.target, tgt)) {
      Add(out, "target-identical", seg, {0, p.source.size()}, {0, p.target.size()},
          "the translation is identical to the source");
      return false;
    }
    Script want = ScriptOfLanguage(tgt_primary), from = ScriptOfLanguage(src_primary);
    if (want != from) {
      size_t foreign = 0, native = 0;
      for (const Token& t : TokenizeForMatching(p.target, tgt)) {
        if (t.kind != TokenKind::kWord) continue;
        Script s = WordScript(p.target.substr(t.begin, t.end - t.begin));
        foreign += s == from;
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

  void CheckSpelling(size_t seg, const SegmentPair& p, const std::vector<std::string>& source_names,
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
  bool KnownWithPrefix(const std::string& surface) {
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
  bool LooksLikeSourceName(const WordKeys& w, const std::vector<std::string>& source_names) {
    for (const std::string& f : Forms(w)) {
      const std::string& a = Latin(f);
      std::string sk = Skeleton(a);
      for (const std::string& name : source_names) {
        if (SpellingSimilarity(a, name) >= 0.6 || (sk.size() >= 3 && sk == Skeleton(name))) return true;
      }
    }
    return false;
  }

  std::vector<std::string> SourceNames(const std::string& source) {
    std::vector<std::string> names;
    for (const Token& t : TokenizeForMatching(source, src)) {
      if (t.kind != TokenKind::kWord) continue;
      std::string_view s(source.data() + t.begin, t.end - t.begin);
      if (StartsUpper(s)) names.push_back(Latin(t.norm));
    }
    return names;
  }

  void CheckTypography(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
    for (size_t at = p.target.find("  "); at != std::string::npos; at = p.target.find("  ", at)) {
      size_t end = p.target.find_first_not_of(' ', at);
      if (end == std::string::npos) end = p.target.size();
      Add(out, "double-space", seg, {}, {at, end}, std::to_string(end - at) + " spaces in a row", " ");
      at = end;
    }
    for (auto [open, close] : {std::pair<char, char>{'(', ')'}, {'[', ']'}}) {
      int sb = BracketBalance(p.source, open, close), tb = BracketBalance(p.target, open, close);
      if (sb != tb) {
        size_t at = p.target.find(tb > sb ? open : close);
        Span span = at == std::string::npos ? Span{} : Span{at, at + 1};
        Add(out, "unbalanced-brackets", seg, {}, span,
            std::string("\"") + open + close + "\" balance " + std::to_string(tb) + " in the translation, " +
                std::to_string(sb) + " in the source");
      }
    }
    int sq = QuoteCount(p.source), tq = QuoteCount(p.target);
    int open_g = 0, close_g = 0;
    for (size_t i = 0; i + 1 < p.target.size(); ++i) {
      if (p.target.compare(i, 2, "\u00AB") == 0) ++open_g;
      if (p.target.compare(i, 2, "\u00BB") == 0) ++close_g;
    }
    if (sq % 2 != tq % 2 || (sq % 2 == 0 && open_g != close_g)) {
      Add(out, "unbalanced-quotes", seg, {}, {},
          std::to_string(tq) + " quotation marks in the translation (" + std::to_string(open_g) + " \u00AB, " +
              std::to_string(close_g) + " \u00BB), " + std::to_string(sq) + " in the source");
    }
    char a = FinalPunctuation(p.source), b = FinalPunctuation(p.target);
    bool source_blank = p.source.find_first_not_of(" \t") == std::string::npos;
    if (a != b && !source_blank) {
      Add(out, "final-punctuation", seg, {}, {p.target.size(), p.target.size()},
          "the source ends with " + PunctName(a) + ", the translation with " + PunctName(b),
          a == ' ' ? "" : std::string(1, a));
    }
  }

  void CheckConsistency(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                        std::vector<Finding>* out) {
    struct Unit { std::string s, t; size_t draft; };  // draft: segment index or SIZE_MAX
    std::vector<Unit> units;
    for (size_t i = 0; i < segs.size(); ++i) {
      if (!segs[i].target.empty()) units.push_back({ConsistencyKey(segs[i].source, src), ConsistencyKey(segs[i].target, tgt), i});
    }
    for (const SegmentPair& r : ref) units.push_back({ConsistencyKey(r.source, src), ConsistencyKey(r.target, tgt), SIZE_MAX});
    for (int direction = 0; direction < 2; ++direction) {
      const char* id = direction == 0 ? "inconsistent-target" : "inconsistent-source";
      std::unordered_map<std::string, std::map<std::string, size_t>> groups;  // key -> other side -> count
      for (const Unit& u : units) ++groups[direction == 0 ? u.s : u.t][direction == 0 ? u.t : u.s];
      for (const Unit& u : units) {
        if (u.draft == SIZE_MAX) continue;
        const auto& variants = groups[direction == 0 ? u.s : u.t];
        if (variants.size() < 2) continue;
        const std::string& mine = direction == 0 ? u.t : u.s;
        std::string list, best;
        size_t best_n = 0;
        for (const auto& [text, n] : variants) {
          if (text == mine) continue;
          list += (list.empty() ? "" : "; ") + Quote(text) + " \u00D7" + std::to_string(n);
          if (n > best_n) best = text, best_n = n;
        }
        const SegmentPair& p = segs[u.draft];
        Add(out, id, u.draft, {0, p.source.size()}, {0, p.target.size()},
            direction == 0 ? "the same source is translated elsewhere as " + list
                           : "the same translation stands elsewhere for " + list,
            direction == 0 ? best : "");
      }
    }
  }

  void CheckNames(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                  std::vector<Finding>* out) {
    Morphology& morph = tgt_terms->morphology();
    Script want = ScriptOfLanguage(tgt_primary);
    std::vector<NameOccurrence> occ;
    auto collect = [&](const std::string& text, size_t seg, const Analysis& a) {
      const std::vector<WordKeys>& words = a.words;
      const std::vector<TermMatch>& matches = a.matches;
      for (const WordKeys& w : words) {
        if (w.keys.empty()) continue;
        std::string surface = text.substr(w.begin, w.end - w.begin);
        if (CodePointCount(w.folded) < 4 || HasDigit(surface) || WordScript(surface) != want || IsUpperWord(surface)) continue;
        bool in_term = false;
        for (const TermMatch& m : matches) in_term |= w.begin >= m.begin && w.end <= m.end;
        if (in_term) continue;
        if (want == Script::kArabic) {
          if (!morph.HasDictionary() || morph.Spell(surface)) continue;  // known words are not names
        } else {
          // Capitalized inside a sentence: a name, even one the dictionary knows (Франция).
          // At a sentence start only a word the dictionary does not know counts.
          if (!StartsUpper(surface)) continue;
          if (IsSentenceInitial(text, w.begin) && morph.HasDictionary() && morph.Spell(surface)) continue;
        }
        NameOccurrence o{seg, {w.begin, w.end}, surface, {}};
        for (const std::string& k : w.keys) {
          if (k[0] == 'R' || (k[0] == 'L' && tgt_primary != "ru")) o.keys.push_back(k);
        }
        occ.push_back(std::move(o));
      }
    };
    for (size_t i = 0; i < segs.size(); ++i) collect(segs[i].target, i, analyses[i]);
    for (size_t i = 0; i < ref.size(); ++i) collect(ref[i].target, SIZE_MAX, reference_analyses[i]);
    // Renderings: occurrences sharing an inflection key are one rendering (Лавров, Лаврова).
    std::vector<size_t> parent(occ.size());
    for (size_t i = 0; i < occ.size(); ++i) parent[i] = i;
    std::function<size_t(size_t)> find = [&](size_t x) { return parent[x] == x ? x : parent[x] = find(parent[x]); };
    std::unordered_map<std::string, size_t> first_with_key;
    for (size_t i = 0; i < occ.size(); ++i) {
      for (const std::string& k : occ[i].keys) {
        auto [it, fresh] = first_with_key.emplace(k, i);
        if (!fresh) parent[find(i)] = find(it->second);
      }
    }
    std::map<size_t, std::vector<size_t>> renderings;
    for (size_t i = 0; i < occ.size(); ++i) renderings[find(i)].push_back(i);
    std::vector<std::vector<size_t>> list;
    for (auto& [root, members] : renderings) list.push_back(members);
    // Two renderings are one name spelled two ways when some of their forms transliterate alike.
    auto forms_of = [&](const std::vector<size_t>& r) {
      std::vector<std::string> f;
      for (size_t i : r)
        for (const std::string& k : occ[i].keys) f.push_back(Latin(k.substr(1)));
      return f;
    };
    std::vector<size_t> group(list.size());
    for (size_t i = 0; i < list.size(); ++i) group[i] = i;
    std::vector<std::vector<std::string>> latin(list.size());
    for (size_t i = 0; i < list.size(); ++i) latin[i] = forms_of(list[i]);
    // Blocking: only renderings that share their first two or their last two Latin letters are
    // compared (a pair at ratio >= 0.8 differing at both ends is possible but rare in names;
    // without blocking the comparison is quadratic in the number of distinct names).
    std::unordered_map<std::string, std::vector<size_t>> buckets;
    for (size_t i = 0; i < list.size(); ++i) {
      std::unordered_set<std::string> keys;
      for (const auto& a : latin[i]) {
        if (a.size() < 4) continue;
        keys.insert("^" + a.substr(0, 2));
        keys.insert("$" + a.substr(a.size() - 2));
      }
      for (const auto& k : keys) buckets[k].push_back(i);
    }
    std::function<size_t(size_t)> root = [&](size_t x) { return group[x] == x ? x : group[x] = root(group[x]); };
    for (const auto& [key, members] : buckets) {
      for (size_t x = 0; x < members.size(); ++x) {
        for (size_t y = x + 1; y < members.size(); ++y) {
          size_t i = members[x], j = members[y];
          if (root(i) == root(j)) continue;
          bool similar = false;
          for (const auto& a : latin[i]) {
            for (const auto& b : latin[j]) {
              if (!similar && a.size() >= 4 && b.size() >= 4 && SpellingSimilarity(a, b) >= 0.8) similar = true;
            }
          }
          if (similar) group[root(j)] = root(i);
        }
      }
    }
    for (size_t i = 0; i < list.size(); ++i) group[i] = root(i);
    std::map<size_t, std::vector<size_t>> by_group;
    for (size_t i = 0; i < list.size(); ++i) by_group[group[i]].push_back(i);
    for (auto& [g, members] : by_group) {
      if (members.size() < 2) continue;
      std::sort(members.begin(), members.end(), [&](size_t a, size_t b) { return list[a].size() > list[b].size(); });
      std::string counts;
      for (size_t r : members) {
        counts += (counts.empty() ? "" : ", ") + Quote(occ[list[r].front()].surface) + " \u00D7" +
                  std::to_string(list[r].size());
      }
      const std::string& major = occ[list[members.front()].front()].surface;
      // Reported at each draft occurrence of a minority rendering.
      for (size_t m = 1; m < members.size(); ++m) {
        for (size_t i : list[members[m]]) {
          if (occ[i].segment == SIZE_MAX) continue;
          Add(out, "name-inconsistent", occ[i].segment, {}, occ[i].span,
              "a name outside the glossary is rendered several ways: " + counts, major);
        }
      }
    }
  }
};

Checker::Checker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Checker::~Checker() = default;

Status Checker::Create(const Glossary& glossary, const CheckOptions& options, std::unique_ptr<Checker>* out) {
  auto impl = std::make_unique<Impl>(glossary);
  impl->options = options;
  Status s = CanonicalLanguageTag(options.src_lang, &impl->src);
  if (s.ok()) s = CanonicalLanguageTag(options.tgt_lang, &impl->tgt);
  if (!s.ok()) return s;
  impl->src_primary = PrimaryLanguage(impl->src);
  impl->tgt_primary = PrimaryLanguage(impl->tgt);
  for (const std::string& id : options.skip) {
    if (CheckOrder(id) == AllChecks().size()) return Status::InvalidArgument("unknown check id \"" + id + "\"");
  }
  // Indexed in Check(), with only the terms that can occur in the texts checked.
  s = TermMatcher::Create(glossary, impl->src, &impl->src_terms, /*deferred=*/true);
  if (s.ok()) s = TermMatcher::Create(glossary, impl->tgt, &impl->tgt_terms, /*deferred=*/true);
  if (!s.ok()) return s;
  out->reset(new Checker(std::move(impl)));
  return Status::OK();
}

std::vector<Finding> Checker::Check(const std::vector<SegmentPair>& segments, const std::vector<SegmentPair>& reference) {
  Impl& im = *impl_;
  std::vector<Finding> out;
  // Every text is analysed once; the term indexes then take only the terms those words can match.
  std::vector<std::vector<WordKeys>> src_words(segments.size());
  std::vector<const std::vector<WordKeys>*> texts;
  for (size_t i = 0; i < segments.size(); ++i) {
    src_words[i] = im.src_terms->morphology().AnalyzeText(segments[i].source);
    texts.push_back(&src_words[i]);
  }
  im.src_terms->IndexFor(texts);
  std::vector<std::vector<TermMatch>> src_matches(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) {
    src_matches[i] = im.src_terms->Find(src_words[i]);
    for (const TermMatch& m : src_matches[i]) im.tgt_terms->Teach(m.concept_index);
  }
  // Target words after the teaching: taught names have their inflected forms.
  bool names = im.Enabled("name-inconsistent");
  im.analyses.assign(segments.size(), {});
  im.reference_analyses.assign(names ? reference.size() : 0, {});
  texts.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    im.analyses[i].words = im.tgt_terms->morphology().AnalyzeText(segments[i].target);
    texts.push_back(&im.analyses[i].words);
  }
  for (size_t i = 0; i < im.reference_analyses.size(); ++i) {
    im.reference_analyses[i].words = im.tgt_terms->morphology().AnalyzeText(reference[i].target);
    texts.push_back(&im.reference_analyses[i].words);
  }
  im.tgt_terms->IndexFor(texts);
  for (auto* list : {&im.analyses, &im.reference_analyses}) {
    for (Impl::Analysis& a : *list) a.matches = im.tgt_terms->Find(a.words);
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentPair& p = segments[i];
    if (!im.CheckTranslated(i, p, &out)) continue;
    im.CheckTerms(i, p, src_matches[i], im.analyses[i], &out);
    im.CheckNumbers(i, p, &out);
    if (im.Enabled("spelling")) im.CheckSpelling(i, p, im.SourceNames(p.source), im.analyses[i], &out);
    im.CheckTypography(i, p, &out);
  }
  if (im.Enabled("inconsistent-target") || im.Enabled("inconsistent-source")) im.CheckConsistency(segments, reference, &out);
  if (names) im.CheckNames(segments, reference, &out);
  im.analyses.clear();
  im.reference_analyses.clear();
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.segment != b.segment) return a.segment < b.segment;
    return CheckOrder(a.check) < CheckOrder(b.check);
  });
  return out;
}

Status Checker::Check(const std::vector<SegmentPair>& segments, const Memory& tm, std::vector<Finding>* findings) {
  Impl& im = *impl_;
  bool consistency = im.Enabled("inconsistent-target") || im.Enabled("inconsistent-source");
  std::unordered_set<std::string> sources, targets;  // the draft's consistency keys
  if (consistency) {
    for (const SegmentPair& p : segments) {
      sources.insert(ConsistencyKey(p.source, im.src));
      if (!p.target.empty()) targets.insert(ConsistencyKey(p.target, im.tgt));
    }
  }
  // The draft's source names; a sentence-initial word counts only when the dictionary does not
  // know it ("The", "Talks" would bring half the TM along).
  std::unordered_set<std::string> names;
  if (im.Enabled("name-inconsistent")) {
    Morphology& morph = im.src_terms->morphology();
    for (const SegmentPair& p : segments) {
      for (auto [b, e] : CapitalizedWords(p.source)) {
        std::string word = p.source.substr(b, e - b);
        if (IsSentenceInitial(p.source, b) && morph.HasDictionary() && morph.Spell(word)) continue;
        names.insert(std::move(word));
      }
    }
  }
  std::vector<SegmentPair> reference;
  SegmentPair p;
  Status s = tm.ForEach([&](const Unit& u) {
    if (!PairOf(u, im.src, im.tgt, &p)) return Status::OK();
    bool wanted = false;
    if (!names.empty()) {
      for (auto [b, e] : CapitalizedWords(p.source)) {
        if (names.count(p.source.substr(b, e - b)) != 0) {
          wanted = true;
          break;
        }
      }
    }
    if (!wanted && consistency) {
      wanted = sources.count(ConsistencyKey(p.source, im.src)) != 0 || targets.count(ConsistencyKey(p.target, im.tgt)) != 0;
    }
    if (wanted) reference.push_back(std::move(p));
    return Status::OK();
  });
  if (!s.ok()) return s;
  *findings = Check(segments, reference);
  return Status::OK();
}

namespace {

struct TmRecord {
  uint64_t s, t;  // hashes of the folded source and target
  uint64_t key;   // what `get` reads the unit back by: an index or a unit id
};

// The groups of `recs` with one source and several targets, then one target and several sources;
// one finding per group, on its first (lowest-key) unit, whose texts go to `first`.
void InconsistentGroups(std::vector<TmRecord>* records, const std::function<bool(uint64_t, SegmentPair*)>& get,
                        std::vector<Finding>* out, std::vector<SegmentPair>* first_texts) {
  std::vector<TmRecord>& recs = *records;
  std::vector<std::pair<Finding, SegmentPair>> found;
  for (int direction = 0; direction < 2; ++direction) {
    auto key = [direction](const TmRecord& r) { return direction == 0 ? r.s : r.t; };
    auto other = [direction](const TmRecord& r) { return direction == 0 ? r.t : r.s; };
    std::sort(recs.begin(), recs.end(), [&](const TmRecord& a, const TmRecord& b) {
      return key(a) != key(b) ? key(a) < key(b) : (other(a) != other(b) ? other(a) < other(b) : a.key < b.key);
    });
    for (size_t i = 0; i < recs.size();) {
      size_t j = i;
      while (j < recs.size() && key(recs[j]) == key(recs[i])) ++j;
      if (other(recs[i]) != other(recs[j - 1])) {
        // Variants with counts; texts are read back for the first unit of each variant.
        std::string list;
        uint64_t first = UINT64_MAX;
        SegmentPair first_pair;
        for (size_t k = i; k < j;) {
          size_t l = k;
          while (l < j && other(recs[l]) == other(recs[k])) ++l;
          SegmentPair v;
          if (get(recs[k].key, &v)) {
            list += (list.empty() ? "" : "; ") + Quote(direction == 0 ? v.target : v.source) + " \u00D7" +
                    std::to_string(l - k) + " (unit " + std::to_string(recs[k].key) + ")";
            if (recs[k].key < first) first = recs[k].key, first_pair = std::move(v);
          }
          k = l;
        }
        if (first == UINT64_MAX) continue;  // the units vanished (a TM changed since the scan)
        Finding f;
        f.check = direction == 0 ? "inconsistent-target" : "inconsistent-source";
        f.severity = Severity::kWarning;
        f.segment = first;
        f.message = (direction == 0 ? "one source, several translations: " : "one translation, several sources: ") + list;
        found.emplace_back(std::move(f), std::move(first_pair));
      }
      i = j;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first.segment < b.first.segment; });
  for (auto& [f, pair] : found) {
    out->push_back(std::move(f));
    first_texts->push_back(std::move(pair));
  }
}

}  // namespace

std::vector<Finding> FindTmInconsistencies(size_t count, const std::function<bool(size_t, SegmentPair*)>& unit,
                                           std::string_view src_lang, std::string_view tgt_lang) {
  std::vector<TmRecord> recs;
  recs.reserve(count);
  SegmentPair p;
  for (size_t i = 0; i < count; ++i) {
    if (!unit(i, &p)) continue;
    recs.push_back({Fnv1a64(ConsistencyKey(p.source, src_lang)), Fnv1a64(ConsistencyKey(p.target, tgt_lang)), i});
  }
  std::vector<Finding> out;
  std::vector<SegmentPair> firsts;
  InconsistentGroups(&recs, [&](uint64_t i, SegmentPair* v) { return unit(i, v); }, &out, &firsts);
  return out;
}

Status FindTmInconsistencies(const Memory& tm, std::string_view src_lang, std::string_view tgt_lang,
                             std::vector<Finding>* findings, std::vector<SegmentPair>* units) {
  std::vector<TmRecord> recs;
  SegmentPair p;
  Status s = tm.ForEach([&](const Unit& u) {
    if (PairOf(u, src_lang, tgt_lang, &p)) {
      recs.push_back({Fnv1a64(ConsistencyKey(p.source, src_lang)), Fnv1a64(ConsistencyKey(p.target, tgt_lang)), u.id});
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  auto get = [&](uint64_t id, SegmentPair* v) {
    Unit u;
    return tm.Get(id, &u).ok() && PairOf(u, src_lang, tgt_lang, v);
  };
  size_t first_new = findings->size();
  InconsistentGroups(&recs, get, findings, units);
  for (size_t i = first_new; i < findings->size(); ++i) {
    Finding& f = (*findings)[i];
    f.unit = f.segment;
    f.segment = units->size() - (findings->size() - i);
  }
  return Status::OK();
}

}  // namespace tmkit
