// The checks' driver: the list of checks, the checker's construction, and Check(), which analyses
// every text once and runs the checks of engine/check/check_*.cc over it. Per segment: glossary
// terms and names, numbers, untranslated text, spelling and typography; across segments (and the
// reference TM): inconsistent translations and names rendered several ways. Every finding carries
// byte spans into its segment's texts.
#include "tmkit/checker.h"

#include <algorithm>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/normalize.h"

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
      {"term-missing", Severity::kNote, "a glossary term of the source has none of its forms in the translation"},
      {"name-inconsistent", Severity::kWarning, "a name outside the glossary is rendered several ways"},
      {"inconsistent-target", Severity::kWarning, "the same source is translated differently elsewhere"},
      {"inconsistent-source", Severity::kWarning, "the same translation stands for different sources"},
      {"number-changed", Severity::kError, "a number of the source appears changed in the translation"},
      {"number-missing", Severity::kNote, "a number of the source is missing from the translation"},
      {"number-added", Severity::kNote, "the translation has a number the source does not have"},
      {"target-empty", Severity::kError, "the translation is empty"},
      {"target-identical", Severity::kError, "the translation is identical to the source"},
      {"untranslated", Severity::kError, "the translation is still in the source language"},
      {"spelling", Severity::kWarning, "a word the spelling dictionary does not know"},
      {"double-space", Severity::kWarning, "two or more spaces in a row"},
      {"unbalanced-brackets", Severity::kWarning, "brackets do not balance as in the source"},
      {"unbalanced-quotes", Severity::kWarning, "quotation marks do not balance as in the source"},
      {"final-punctuation", Severity::kNote, "the translation ends with different punctuation"},
      {"bidi-control", Severity::kError, "an invisible bidirectional control character in the translation"},
  };
  return checks;
}

namespace check_internal {

size_t CheckOrder(const std::string& id) {
  const auto& all = AllChecks();
  for (size_t i = 0; i < all.size(); ++i) {
    if (id == all[i].id) return i;
  }
  return all.size();
}

}  // namespace check_internal

using namespace check_internal;

bool Checker::Impl::Enabled(const char* id) const {
  return std::find(options.skip.begin(), options.skip.end(), id) == options.skip.end();
}

Finding* Checker::Impl::Add(std::vector<Finding>* out, const char* id, size_t segment, Span s, Span t,
                            std::string message, std::string suggestion, std::string concept_id) {
  if (!Enabled(id)) return nullptr;
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
  return &out->back();
}

const std::string& Checker::Impl::Latin(const std::string& s) {
  auto it = latin_cache.find(s);
  if (it != latin_cache.end()) return it->second;
  return latin_cache.emplace(s, Latinize(s)).first->second;
}

namespace {

// Counts the words of `text` (split at spaces, punctuation trimmed) that are keys of `wanted`,
// under their folded form, into the TM counts of `vocabulary`.
void CountWords(std::string_view text, const std::unordered_map<std::string, std::string>& wanted,
                std::unordered_map<std::string, WordCounts>* vocabulary) {
  static const std::string_view kTrim = " \t\n\r.,;:!?\"'()[]{}\u00AB\u00BB\u201C\u201D\u2014\u2013\u060C\u061B\u061F";
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view w = text.substr(i, end - i);
    i = end + 1;
    while (!w.empty() && kTrim.find(w.front()) != std::string_view::npos && static_cast<unsigned char>(w.front()) < 0x80) w.remove_prefix(1);
    while (!w.empty() && kTrim.find(w.back()) != std::string_view::npos && static_cast<unsigned char>(w.back()) < 0x80) w.remove_suffix(1);
    if (w.empty()) continue;
    auto it = wanted.find(std::string(w));
    if (it != wanted.end()) ++(*vocabulary)[it->second].tm;
  }
}

}  // namespace

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
  if (!NameModel::Builtin(impl->src, impl->tgt, &impl->name_model).ok()) impl->name_model = nullptr;
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
  im.draft_source_names.clear();
  im.source_names_by_segment.assign(segments.size(), {});
  std::unordered_set<std::string> seen_names;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& source = segments[i].source;
    for (auto [b, e] : CapitalizedWords(source)) {
      std::string word = source.substr(b, e - b);
      im.source_names_by_segment[i].push_back(FoldForMatching(word, im.src));
      if (seen_names.insert(word).second) im.draft_source_names.push_back(std::move(word));
    }
  }
  for (auto& [word, counts] : im.vocabulary) counts.draft = 0;
  im.lexeme_counts.clear();
  im.name_lexemes.clear();
  for (size_t i = 0; i < im.analyses.size(); ++i) {
    const std::string& text = segments[i].target;
    for (const WordKeys& w : im.analyses[i].words) {
      ++im.vocabulary[w.folded].draft;
      for (const std::string& k : w.keys) ++im.lexeme_counts[k];
      if (StartsUpper(std::string_view(text).substr(w.begin, w.end - w.begin)) && !IsSentenceInitial(text, w.begin)) {
        im.name_lexemes.insert(w.keys.begin(), w.keys.end());
      }
    }
  }
  im.tgt_terms->IndexFor(texts);
  for (auto* list : {&im.analyses, &im.reference_analyses}) {
    for (Impl::Analysis& a : *list) a.matches = im.tgt_terms->Find(a.words);
  }
  std::vector<bool> checked(segments.size(), false);
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentPair& p = segments[i];
    if (!im.CheckTranslated(i, p, &out)) continue;
    checked[i] = true;
    im.CheckTerms(i, p, src_matches[i], im.analyses[i], &out);
    im.CheckNumbers(i, p, &out);
    if (im.Enabled("spelling")) im.CheckSpelling(i, p, im.analyses[i], &out);
    im.CheckTypography(i, p, &out);
  }
  if (im.Enabled("unbalanced-quotes")) im.CheckQuotes(segments, checked, &out);
  // A translation that runs the sentence on into the next segment («Свиньи игривы, | они
  // кусачие…») ends where the source's sentence does not: not a lost mark.
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const Finding& f) {
                             if (f.check != "final-punctuation" || f.segment + 1 >= segments.size()) return false;
                             char b = FinalPunctuation(segments[f.segment].target);
                             return (b == ',' || b == ';' || b == ':' || b == ' ') &&
                                    StartsLower(segments[f.segment + 1].target);
                           }),
            out.end());
  if (im.Enabled("inconsistent-target") || im.Enabled("inconsistent-source")) im.CheckConsistency(segments, reference, &out);
  if (names) im.CheckNames(segments, reference, &out);
  im.analyses.clear();
  im.reference_analyses.clear();
  // An error is a real error with high confidence: a less certain one is a warning.
  for (Finding& f : out) {
    if (f.severity == Severity::kError && f.confidence < kErrorConfidence) f.severity = Severity::kWarning;
  }
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
      sources.insert(ComparisonKey(p.source, im.src));
      if (!p.target.empty()) targets.insert(ComparisonKey(p.target, im.tgt));
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
  // The newsroom's vocabulary for the spelling check: how often the TM's targets use each word
  // of the draft's targets (words split at spaces, punctuation trimmed: a hash lookup per word).
  std::unordered_map<std::string, std::string> draft_words;  // surface -> folded
  if (im.Enabled("spelling")) {
    for (const SegmentPair& d : segments) {
      for (const Token& t : TokenizeForMatching(d.target, im.tgt)) {
        if (t.kind == TokenKind::kWord) draft_words.emplace(d.target.substr(t.begin, t.end - t.begin), t.norm);
      }
    }
    for (auto& [word, counts] : im.vocabulary) counts.tm = 0;
  }
  std::vector<SegmentPair> reference;
  SegmentPair p;
  Status s = tm.ForEach([&](const Unit& u) {
    if (!PairOf(u, im.src, im.tgt, &p)) return Status::OK();
    if (!draft_words.empty()) CountWords(p.target, draft_words, &im.vocabulary);
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
      wanted = sources.count(ComparisonKey(p.source, im.src)) != 0 || targets.count(ComparisonKey(p.target, im.tgt)) != 0;
    }
    if (wanted) reference.push_back(std::move(p));
    return Status::OK();
  });
  if (!s.ok()) return s;
  *findings = Check(segments, reference);
  return Status::OK();
}

}  // namespace tmkit
