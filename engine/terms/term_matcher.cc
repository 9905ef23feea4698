#include "tmkit/term_matcher.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "tmkit/lang.h"
#include "util/strings.h"

namespace tmkit {
namespace {

// Values by string, open-addressed, with the keys' bytes in one arena: IndexFor looks up every
// piece of 300,000 terms, and a node-based map's pointer chasing was most of its time.
template <typename Value>
class FlatStringMap {
 public:
  // The value of `s`, default-constructed when `s` is new (then `*fresh`). References stay valid.
  Value& Find(std::string_view s, bool* fresh) {
    if ((values_.size() + 1) * 2 > slots_.size()) Grow();
    uint64_t hash = Fnv1a64(s);
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.value == 0) {
        slot = {hash, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(s.size()),
                static_cast<uint32_t>(values_.size() + 1)};
        arena_.append(s);
        *fresh = true;
        return values_.emplace_back();
      }
      if (slot.hash == hash && std::string_view(arena_).substr(slot.offset, slot.size) == s) {
        *fresh = false;
        return values_[slot.value - 1];
      }
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0, size = 0;  // the key in arena_
    uint32_t value = 0;             // index into values_ + 1; 0: an empty slot
  };
  void Grow() {
    std::vector<Slot> old(std::max<size_t>(slots_.size() * 2, 1 << 12));
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value == 0) continue;
      size_t i = s.hash & mask;
      while (slots_[i].value != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  std::deque<Value> values_;
};

}  // namespace

uint64_t TermMatcher::KeyHash(const std::string& key) { return Fnv1a64(key); }

Status TermMatcher::Create(const Glossary& glossary, std::string_view lang, std::unique_ptr<TermMatcher>* out,
                           bool deferred) {
  std::string canonical;
  Status s = CanonicalLanguageTag(lang, &canonical);
  if (!s.ok()) return s;
  std::unique_ptr<TermMatcher> m(new TermMatcher(glossary, canonical));
  s = Morphology::Create(canonical, &m->morphology_);
  if (!s.ok()) return s;
  const auto& concepts = glossary.concepts();
  m->taught_.assign(concepts.size(), false);
  if (!deferred) {
    for (size_t ci = 0; ci < concepts.size(); ++ci) {
      const Concept& c = concepts[ci];
      for (size_t ti = 0; ti < c.terms.size(); ++ti) {
        if (LanguageMatches(canonical, c.terms[ti].lang)) m->Index(c.terms[ti], ci, ti);
      }
    }
  }
  m->FinishIndex();
  *out = std::move(m);
  return Status::OK();
}

void TermMatcher::IndexFor(const std::vector<const std::vector<WordKeys>*>& texts) {
  terms_.clear();
  word_keys_.assign(1, 0);
  keys_.clear();
  by_first_key_.clear();
  any_word_key_.clear();
  std::unordered_set<std::string_view> bodies;  // every key of every text word, without its tag
  bodies.reserve(1 << 16);
  // Find() looks terms up by the keys of text words, IsTermWord() looks text words up by their
  // keys: a term key no text word has is never asked for, and is left out of both lookups.
  std::unordered_set<uint64_t> text_keys;
  text_keys.reserve(1 << 16);
  for (const std::vector<WordKeys>* words : texts) {
    for (const WordKeys& w : *words) {
      for (const std::string& k : w.keys) {
        bodies.insert(std::string_view(k).substr(1));
        text_keys.insert(KeyHash(k));
      }
    }
  }
  // A term word's keys are its folded form (without periods for acronyms and English) and stems
  // that drop at most three letters of it and keep at least three: one of those prefixes must be
  // a text key for the word to match anything.
  auto may_match = [&](std::string_view f) {
    std::vector<size_t> ends;  // byte length of each code-point prefix
    for (size_t i = 1; i <= f.size(); ++i) {
      if (i == f.size() || (static_cast<unsigned char>(f[i]) & 0xC0) != 0x80) ends.push_back(i);
    }
    size_t n = ends.size();
    size_t shortest = std::max<size_t>(std::min<size_t>(3, n), n > 3 ? n - 3 : 1);
    for (size_t len = n; len >= shortest && len > 0; --len) {
      if (bodies.count(f.substr(0, ends[len - 1])) != 0) return true;
    }
    return false;
  };
  auto may_match_word = [&](std::string w) {
    if (may_match(w)) return true;
    if (w.find('.') == std::string::npos) return false;
    w.erase(std::remove(w.begin(), w.end(), '.'), w.end());
    return may_match(w);
  };
  // A term goes into the index when every word of it may match. IsTermWord() needs the keys of
  // every term word that may match, whatever its term: words are analysed one by one (as
  // AnalyzeTerm does), once per spelling and gender, since glossaries repeat name parts.
  // A word's hashed keys are arena[begin, middle), those some text word has arena[middle, end):
  // one contiguous array, read by index, where 300,000 terms' words used to follow pointers.
  std::vector<uint64_t> arena;
  struct WordHashes {
    uint32_t begin = 0, middle = 0, end = 0;
    bool empty() const { return begin == middle; }
  };
  std::unordered_map<std::string, WordHashes> word_hashes;
  std::string key;  // surface NUL gender
  auto hashes_of = [&](std::string_view surface, const std::string& gender) {
    key.assign(surface);
    key.push_back('\0');
    key += gender;
    auto it = word_hashes.find(key);
    if (it == word_hashes.end()) {
      it = word_hashes.emplace(key, WordHashes()).first;
      std::vector<WordKeys> alone = morphology_->AnalyzeTerm(surface, gender);
      // Re-split on its own a token could come apart (ICU on "U.N." alone); such a word
      // is analysed within its term below.
      WordHashes& w = it->second;
      w.begin = static_cast<uint32_t>(arena.size());
      if (alone.size() == 1) {
        for (const std::string& k : alone[0].keys) arena.push_back(KeyHash(k));
      }
      w.middle = static_cast<uint32_t>(arena.size());
      for (uint32_t k = w.begin; k < w.middle; ++k) {
        if (text_keys.count(arena[k]) != 0) arena.push_back(arena[k]);
      }
      w.end = static_cast<uint32_t>(arena.size());
      any_word_key_.insert(any_word_key_.end(), arena.begin() + w.middle, arena.begin() + w.end);
    }
    return it->second;
  };
  // Most terms are letters and single spaces, and their pieces repeat (first names, name parts):
  // each distinct piece is folded and judged once (Morphology::TermPiece), not once per term.
  struct Piece {
    bool letters = false, article = false, wanted = false;
    std::string gender;  // whose keys `hashes` are (a copy: another term's would be a cache miss)
    bool analysed = false;  // `hashes` are set
    WordHashes hashes;
  };
  FlatStringMap<Piece> pieces;
  std::vector<std::pair<Piece*, std::string_view>> split;
  std::string folded;
  const auto& concepts = glossary_.concepts();
  // A glossary alternates a handful of language tags: each is judged once.
  std::vector<std::pair<std::string_view, bool>> lang_matches;
  auto lang_matches_of = [&](const std::string& lang) {
    for (const auto& [l, m] : lang_matches) {
      if (l == lang) return m;
    }
    lang_matches.emplace_back(lang, LanguageMatches(lang_, lang));
    return lang_matches.back().second;
  };
  std::vector<WordHashes> words;
  for (size_t ci = 0; ci < concepts.size(); ++ci) {
    const Concept& c = concepts[ci];
    for (size_t ti = 0; ti < c.terms.size(); ++ti) {
      const Term& t = c.terms[ti];
      if (!lang_matches_of(t.lang)) continue;
      bool all = true;
      words.clear();
      bool whole_term = false;
      std::string_view text(t.text);
      split.clear();
      bool simple = !text.empty();
      for (size_t start = 0; simple;) {
        size_t end = std::min(text.find(' ', start), text.size());
        std::string_view surface = text.substr(start, end - start);
        bool fresh;
        Piece& p = pieces.Find(surface, &fresh);
        if (fresh && (p.letters = morphology_->TermPiece(surface, &folded, &p.article)) && !p.article) {
          p.wanted = may_match_word(folded);
        }
        simple = p.letters;
        if (!p.article) split.emplace_back(&p, surface);
        if (end == text.size()) break;
        start = end + 1;
      }
      if (simple) {
        for (auto& [p, surface] : split) {
          all &= p->wanted;
          if (!p->wanted) continue;
          if (!p->analysed || p->gender != t.gender) {
            p->hashes = hashes_of(surface, t.gender);
            p->gender = t.gender;
            p->analysed = true;
          }
          whole_term |= p->hashes.empty();
          words.push_back(p->hashes);
        }
      } else {
        for (Token& token : morphology_->SplitTerm(t.text)) {
          bool wanted = may_match_word(std::move(token.norm));
          all &= wanted;
          if (!wanted) continue;
          WordHashes hashes = hashes_of(text.substr(token.begin, token.end - token.begin), t.gender);
          whole_term |= hashes.empty();
          words.push_back(hashes);
        }
      }
      if (whole_term) {
        if (all) {
          Index(t, ci, ti);
        } else {
          for (const WordKeys& wk : morphology_->AnalyzeTerm(t.text, t.gender)) {
            for (const std::string& k : wk.keys) {
              if (text_keys.count(KeyHash(k)) != 0) any_word_key_.push_back(KeyHash(k));
            }
          }
        }
        continue;
      }
      if (!all || words.empty()) continue;
      uint32_t index = static_cast<uint32_t>(terms_.size());
      IndexedTerm it{static_cast<uint32_t>(ci), static_cast<uint32_t>(ti), static_cast<uint32_t>(word_keys_.size() - 1), 0};
      for (uint32_t k = words[0].middle; k < words[0].end; ++k) by_first_key_.emplace_back(arena[k], index);
      for (const WordHashes& w : words) {
        keys_.insert(keys_.end(), arena.begin() + w.begin, arena.begin() + w.middle);
        word_keys_.push_back(static_cast<uint32_t>(keys_.size()));
      }
      it.word_end = static_cast<uint32_t>(word_keys_.size() - 1);
      terms_.push_back(it);
    }
  }
  FinishIndex();
}

void TermMatcher::Index(const Term& t, size_t concept_index, size_t term_index) {
  std::vector<WordKeys> words = morphology_->AnalyzeTerm(t.text, t.gender);
  if (words.empty()) return;
  IndexedTerm it{static_cast<uint32_t>(concept_index), static_cast<uint32_t>(term_index),
                 static_cast<uint32_t>(word_keys_.size() - 1), 0};
  uint32_t index = static_cast<uint32_t>(terms_.size());
  for (size_t w = 0; w < words.size(); ++w) {
    for (const std::string& k : words[w].keys) {
      uint64_t h = KeyHash(k);
      keys_.push_back(h);
      any_word_key_.push_back(h);
      if (w == 0) by_first_key_.emplace_back(h, index);
    }
    word_keys_.push_back(static_cast<uint32_t>(keys_.size()));
  }
  it.word_end = static_cast<uint32_t>(word_keys_.size() - 1);
  terms_.push_back(it);
}

void TermMatcher::FinishIndex() {
  std::sort(by_first_key_.begin(), by_first_key_.end());
  std::sort(any_word_key_.begin(), any_word_key_.end());
  any_word_key_.erase(std::unique(any_word_key_.begin(), any_word_key_.end()), any_word_key_.end());
}

bool TermMatcher::WordMatches(uint32_t term_word, const std::vector<uint64_t>& text_keys) const {
  for (uint32_t k = word_keys_[term_word]; k < word_keys_[term_word + 1]; ++k) {
    if (std::find(text_keys.begin(), text_keys.end(), keys_[k]) != text_keys.end()) return true;
  }
  return false;
}

std::vector<TermMatch> TermMatcher::Find(std::string_view text) { return Find(morphology_->AnalyzeText(text)); }

std::vector<TermMatch> TermMatcher::Find(const std::vector<WordKeys>& words, bool overlapping) {
  std::vector<std::vector<uint64_t>> hashed(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    for (const std::string& k : words[i].keys) hashed[i].push_back(KeyHash(k));
  }
  std::vector<TermMatch> matches;
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < words.size();) {
    candidates.clear();
    for (uint64_t k : hashed[i]) {
      auto it = std::lower_bound(by_first_key_.begin(), by_first_key_.end(), std::make_pair(k, uint32_t{0}));
      for (; it != by_first_key_.end() && it->first == k; ++it) candidates.push_back(it->second);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    size_t best_len = 0;
    size_t first_of_best = matches.size();
    for (uint32_t ti : candidates) {
      const IndexedTerm& t = terms_[ti];
      size_t n = t.word_end - t.word_begin;
      if ((!overlapping && n < best_len) || i + n > words.size()) continue;
      bool ok = true;
      for (size_t k = 1; ok && k < n; ++k) ok = WordMatches(static_cast<uint32_t>(t.word_begin + k), hashed[i + k]);
      if (!ok) continue;
      if (n > best_len) {
        if (!overlapping) matches.resize(first_of_best);
        best_len = n;
      }
      TermMatch m{words[i].begin, words[i + n - 1].end, t.concept_index, t.term_index};
      // One match per concept and span: several terms of a concept can cover the same words
      // (U.N. and UN); the allowed one stands for the concept.
      bool merged = false;
      for (size_t k = first_of_best; k < matches.size() && !merged; ++k) {
        if (matches[k].concept_index != m.concept_index) continue;
        merged = true;
        const auto& terms = glossary_.concepts()[m.concept_index].terms;
        if (!IsAllowed(terms[matches[k].term_index].status) && IsAllowed(terms[m.term_index].status)) matches[k] = m;
      }
      if (!merged) matches.push_back(m);
    }
    i += best_len > 0 && !overlapping ? best_len : 1;
  }
  return matches;
}

void TermMatcher::Teach(size_t concept_index) {
  if (concept_index >= taught_.size() || taught_[concept_index]) return;
  taught_[concept_index] = true;
  for (const Term& t : glossary_.concepts()[concept_index].terms) {
    if (LanguageMatches(lang_, t.lang)) morphology_->Teach(t.text, t.gender);
  }
}

bool TermMatcher::IsTermWord(const WordKeys& word) const {
  for (const std::string& k : word.keys) {
    if (std::binary_search(any_word_key_.begin(), any_word_key_.end(), KeyHash(k))) return true;
  }
  return false;
}

}  // namespace tmkit
