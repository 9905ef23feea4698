// Name mining over a bilingual archive (tmkit/name_mining.h, docs/names.md "Mining").
#include "tmkit/name_mining.h"

#include <algorithm>
#include <tuple>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "terms/name_forms.h"
#include "tmkit/lang.h"
#include "tmkit/morphology.h"
#include "tmkit/names.h"

namespace tmkit {
namespace {

using names_internal::DecodeUtf8;
using names_internal::EncodeUtf8;
using names_internal::Script;

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x1E00 && c <= 0x1EFF);
}
bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x52F; }
bool IsArabicLetter(char32_t c) {
  return (c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || (c >= 0x6FA && c <= 0x6FF);
}
bool IsArabicMark(char32_t c) { return (c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640; }
bool IsWordChar(char32_t c) { return IsLatinLetter(c) || IsCyrillic(c) || IsArabicLetter(c) || IsArabicMark(c); }
bool IsUpper(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x410 && c <= 0x42F) ||
         (c >= 0x400 && c <= 0x40F);
}
char32_t Lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}
std::u32string LowerAll(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) c = Lower(c);
  return out;
}

// A word of a text: letters, with inner hyphens and apostrophes (al-Assad, O'Brien, аль-Асад).
struct Word {
  std::u32string text;
  std::u32string before;  // what separates it from the previous word
  bool upper = false;     // starts with a capital
};

std::vector<Word> Words(std::u32string_view s) {
  std::vector<Word> words;
  std::u32string gap;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsWordChar(s[i])) {
      gap += s[i++];
      continue;
    }
    size_t j = i;
    while (j < s.size()) {
      if (IsWordChar(s[j])) {
        ++j;
      } else if ((s[j] == '-' || s[j] == '\'' || s[j] == U'\u2019') && j + 1 < s.size() && IsWordChar(s[j + 1])) {
        ++j;
      } else if (s[j] == '.' && j + 1 < s.size() && IsUpper(s[j + 1]) && IsUpper(s[j - 1]) &&
                 (j - 1 == i || s[j - 2] == '.') && (j + 2 >= s.size() || !IsWordChar(s[j + 2]))) {
        ++j;  // an abbreviation: U.S., U.N.
      } else {
        break;
      }
    }
    Word w;
    if (j < s.size() && s[j] == '.' && j >= i + 3 && s[j - 2] == '.') ++j;  // the abbreviation's last dot
    w.text = s.substr(i, j - i);
    // A possessive is not part of the name: Trump's, Assad’s.
    size_t n = w.text.size();
    if (n > 2 && (w.text[n - 1] == 's' || w.text[n - 1] == 'S') && (w.text[n - 2] == '\'' || w.text[n - 2] == U'\u2019')) {
      w.text.resize(n - 2);
    }
    w.before = std::move(gap);
    gap.clear();
    w.upper = IsUpper(w.text[0]);
    words.push_back(std::move(w));
    i = j;
  }
  return words;
}

const std::unordered_set<std::u32string>& EnglishParticles() {
  static const std::unordered_set<std::u32string> p = {U"al", U"el", U"bin", U"ibn", U"abu", U"van", U"von", U"de",
                                                       U"der", U"den", U"da", U"di", U"du", U"la", U"le", U"of", U"bint"};
  return p;
}

// Capitalised words that start or qualify a name without being one: titles, days, months.
const std::unordered_set<std::u32string>& NotNames() {
  static const std::unordered_set<std::u32string> w = {
      U"mr", U"mrs", U"ms", U"dr", U"sir", U"dame", U"lord", U"lady", U"president", U"prime", U"minister",
      U"foreign", U"secretary", U"gen", U"sen", U"rep", U"gov", U"governor", U"senator", U"king", U"queen",
      U"prince", U"princess", U"pope", U"sheikh", U"chancellor", U"ambassador", U"judge", U"justice",
      U"officer", U"detective", U"sgt", U"col", U"capt", U"lt", U"chief", U"deputy", U"vice", U"director",
      U"mayor", U"coach", U"professor", U"prof", U"rev", U"i", U"monday", U"tuesday", U"wednesday",
      U"thursday", U"friday", U"saturday", U"sunday", U"january", U"february", U"march", U"april", U"may",
      U"june", U"july", U"august", U"september", U"october", U"november", U"december", U"cnn", U"ap",
      U"reuters", U"afp", U"bbc", U"associated", U"press", U"jr", U"sr", U"st", U"mt"};
  return w;
}

// Nationality and religion words: capitalised in English, ordinary words in the target.
bool LooksLikeDemonym(const std::u32string& lower, bool loose = true) {
  static const std::unordered_set<std::u32string> w = {
      U"arab", U"arabic", U"english", U"french", U"dutch", U"swiss", U"greek", U"thai", U"german", U"muslim",
      U"christian", U"catholic", U"sunni", U"shia", U"shiite", U"afghan", U"uzbek", U"kazakh", U"czech", U"slovak",
      U"serb", U"croat", U"jewish", U"kurdish", U"islamic", U"democrat", U"democrats", U"republican",
      U"republicans", U"western", U"eastern", U"northern", U"southern", U"brexit", U"olympic", U"olympics"};
  if (w.count(lower)) return true;
  auto ends = [&lower](const char32_t* suffix) {
    std::u32string_view s(suffix);
    return lower.size() > s.size() + 2 && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(U"ian") || ends(U"ians") || ends(U"ean") || ends(U"eans") || ends(U"ese") || ends(U"ish") ||
      ends(U"ican") || ends(U"icans")) {
    return true;
  }
  return loose && (ends(U"i") || ends(U"is"));
}

// Whether an Arabic word is a nisba adjective (the article, then -ي or -ية: البريطانية "British",
// الإيرانية) that the model would read as the transliteration of an English name ending in a
// consonant (Britain, Iran, Sudan): it renders the place's people or things, not the place. A name
// that ends in a vowel (Syria, Saudi, Alexandria) or begins with al/el keeps such renderings.
bool ArabicAdjectiveOf(const std::string& english, const std::u32string& target) {
  if (english.size() < 3 || std::strchr("aeiouy", english.back()) != nullptr) return false;
  if (english.compare(0, 2, "al") == 0 || english.compare(0, 2, "el") == 0) return false;
  std::u32string t = names_internal::NormalizeWord(target, Script::kArabic);
  if (!t.empty() && (t[0] == U'و' || t[0] == U'ف')) t.erase(0, 1);
  if (t.size() > 2 && (t[0] == U'ب' || t[0] == U'ل' || t[0] == U'ك') && t[1] == U'ا' && t[2] == U'ل') t.erase(0, 1);
  if (t.size() > 2 && t[0] == U'ل' && t[1] == U'ل') t = U"ا" + t.substr(1);
  if (t.size() < 6 || t[0] != U'ا' || t[1] != U'ل') return false;
  return t.back() == U'ي' || (t.size() >= 7 && t[t.size() - 2] == U'ي' && (t.back() == U'ه' || t.back() == U'ة'));
}

// The letters an abbreviation and the name it abbreviates have in common, of a name as written:
// a one-word name in capitals, its letters without dots (U.S. and US -> "us", EU -> "eu", 2 to 6
// letters); a longer name's initials, of/the/and/for skipped (European Union -> "eu", United
// States of America -> "usa"). Empty for anything else.
std::string AbbreviationLetters(const std::string& name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name + " ") {
    if (c == ' ' || c == '-') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  std::string letters;
  if (words.size() == 1) {
    for (char c : words[0]) {
      if (c >= 'A' && c <= 'Z') letters += static_cast<char>(c + 32);
      else if (c != '.') return "";
    }
    return letters.size() >= 2 && letters.size() <= 6 ? letters : "";
  }
  for (const std::string& w : words) {
    if (w == "of" || w == "the" || w == "and" || w == "for") continue;
    if (w.size() < 2 || w[0] < 'A' || w[0] > 'Z' || w[1] < 'a' || w[1] > 'z') return "";  // a word, not U.S.
    letters += static_cast<char>(w[0] + 32);
  }
  return letters.size() >= 2 && letters.size() <= 6 ? letters : "";
}

bool EndsSentence(const std::u32string& gap) {
  for (char32_t c : gap) {
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == U'\u201C' || c == U'\u00AB' ||
        c == '(' || c == U'\u2014' || c == U'\u2013') {
      return true;
    }
  }
  return false;
}

// Whether word i of `words` starts a sentence (the text's first word, or after . ! ? : or an
// opening quote; not after an initial's period: J. Smith).
bool SentenceStart(const std::vector<Word>& words, size_t i) {
  if (i == 0) return true;
  if (!EndsSentence(words[i].before)) return false;
  const std::u32string& prev = words[i - 1].text;
  if (prev.size() == 1 && IsUpper(prev[0]) && words[i].before.size() <= 2 && words[i].before[0] == '.') return false;
  return true;
}

struct NameSpan {
  size_t begin = 0, end = 0;  // word indexes [begin, end)
};

// Runs of capitalised words, initials and inner particles; titles and sentence-initial ordinary
// words cut off the front.
std::vector<NameSpan> FindNameSpans(const std::vector<Word>& words,
                                    const std::function<bool(std::string_view)>& is_ordinary) {
  std::vector<NameSpan> spans;
  size_t i = 0;
  while (i < words.size()) {
    if (!words[i].upper) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < words.size()) {
      if (EndsSentence(words[j].before) && !(words[j - 1].text.size() == 1 && words[j].before == U". ")) break;
      if (words[j].before.find_first_not_of(U" -") != std::u32string::npos &&
          !(words[j - 1].text.size() == 1 && words[j].before == U". ")) {
        break;  // a comma or other punctuation ends the name
      }
      if (words[j].upper) {
        ++j;
        continue;
      }
      // A particle continues the name when a capitalised word follows it.
      if (EnglishParticles().count(words[j].text) && j + 1 < words.size() && words[j + 1].upper &&
          words[j + 1].before == U" ") {
        j += 2;
        continue;
      }
      break;
    }
    size_t b = i;
    // The first word of a sentence is left out when the archive writes it in lower case.
    if (SentenceStart(words, b)) {
      std::string w = EncodeUtf8(words[b].text);
      if (is_ordinary(w)) ++b;
    }
    while (b < j && (NotNames().count(LowerAll(words[b].text)) || EnglishParticles().count(LowerAll(words[b].text))))
      ++b;
    size_t e = j;
    while (e > b && (NotNames().count(LowerAll(words[e - 1].text)) || EnglishParticles().count(words[e - 1].text)))
      --e;
    // A title inside the run separates two names: U.S. | President | Donald Trump.
    size_t start = b;
    for (size_t k = b; k <= e; ++k) {
      if (k < e && !NotNames().count(LowerAll(words[k].text))) continue;
      size_t x = start, y = k;
      while (y > x && EnglishParticles().count(words[y - 1].text)) --y;
      while (x < y && EnglishParticles().count(LowerAll(words[x].text))) ++x;
      if (y > x) spans.push_back({x, y});
      start = k + 1;
    }
    i = j;
  }
  return spans;
}

std::string SpanText(const std::vector<Word>& words, size_t b, size_t e) {
  std::u32string out;
  for (size_t k = b; k < e; ++k) {
    if (k > b) {
      bool initial = words[k - 1].text.size() == 1 && words[k].before.size() >= 1 && words[k].before[0] == '.';
      out += initial ? U". " : U" ";
    }
    out += words[k].text;
  }
  if (e - b >= 1 && words[e - 1].text.size() == 1 && e < words.size() + 1) {
    // a trailing initial keeps nothing: "J" alone is not a name
  }
  return EncodeUtf8(out);
}

// --- target side -------------------------------------------------------------------------------

const std::unordered_set<std::u32string>& ArabicStopwords() {
  static const std::unordered_set<std::u32string> w = {
      U"في", U"من", U"على", U"إلى", U"الى", U"عن", U"أن", U"ان", U"إن", U"مع", U"هذا", U"هذه", U"التي", U"الذي",
      U"ما", U"لا", U"قد", U"كان", U"كانت", U"و", U"أو", U"او", U"ثم", U"بعد", U"قبل", U"عند", U"بين", U"كما",
      U"وقال", U"قال", U"وقالت", U"قالت", U"حيث", U"لم", U"لن", U"هو", U"هي", U"كل", U"أي", U"ذلك", U"تلك",
      U"يوم", U"العام", U"عام", U"خلال", U"وفي", U"أكثر", U"اليوم", U"أيضا", U"أيضاً", U"إلا", U"حتى", U"منذ"};
  return w;
}

// A key under which the case forms of a Russian word and the clitic forms of an Arabic one meet
// (for co-occurrence counting only; the glossary form is chosen among the surfaces).
std::u32string StemKey(const std::u32string& word, Script script) {
  std::u32string w = names_internal::NormalizeWord(LowerAll(word), script);
  if (script == Script::kCyrillic) {
    // Case endings, longest first; the stem keeps at least 3 letters (Белого дома, Белый дом ->
    // бел дом; Великобритании, Великобритания -> великобритан).
    static const char32_t* const kEndings[] = {
        U"ого", U"его", U"ому", U"ему", U"ыми", U"ими", U"ами", U"ями", U"ых", U"их", U"ым", U"им", U"ой", U"ей",
        U"ый", U"ий", U"ая", U"яя", U"ую", U"юю", U"ое", U"ее", U"ые", U"ие", U"ом", U"ем", U"ам", U"ям", U"ах",
        U"ях", U"ов", U"ев", U"ия", U"ии", U"ию", U"а", U"я", U"о", U"е", U"у", U"ю", U"ы", U"и", U"й", U"ь"};
    for (const char32_t* e : kEndings) {
      std::u32string_view end(e);
      if (w.size() >= end.size() + 3 && w.compare(w.size() - end.size(), end.size(), end) == 0) {
        w.resize(w.size() - end.size());
        break;
      }
    }
  } else {
    for (int k = 0; k < 2 && w.size() > 3 && (w[0] == U'و' || w[0] == U'ف' || w[0] == U'ب' || w[0] == U'ل' || w[0] == U'ك'); ++k) {
      if (w.size() > 4 && w[1] == U'ا' && w[2] == U'ل') { w.erase(0, 1); break; }
      if (w[0] == U'ل' && w[1] == U'ل') { w.erase(0, 2); w = U"ال" + w; break; }
      if (k == 0 && (w[0] == U'و' || w[0] == U'ف')) { w.erase(0, 1); continue; }
      // ب ك ل before a noun in construct (بمجلس الشيوخ): keys only, so a name that starts with
      // one of them loses it everywhere alike.
      if (w.size() >= 5) w.erase(0, 1);
      break;
    }
    if (w.size() > 4 && w[0] == U'ا' && w[1] == U'ل') w.erase(0, 2);
    if (w.size() > 3 && (w.back() == U'ه' || w.back() == U'ة')) w.pop_back();
  }
  return w;
}

// The glossary form of one target word that renders `english_word`: the Russian nominative
// (capitalised as in the text) or the Arabic word without its proclitics (article kept).
std::string GlossaryWord(const NameModel& model, Script script, const std::string& english_word,
                         const std::u32string& surface) {
  std::string base = model.BaseForm(english_word, EncodeUtf8(surface));
  if (script == Script::kCyrillic) {
    std::u32string b = DecodeUtf8(base);
    if (!b.empty() && IsUpper(surface[0]) && b[0] >= 0x430 && b[0] <= 0x44F) b[0] -= 32;
    return EncodeUtf8(b);
  }
  std::u32string plain;
  for (char32_t c : surface)
    if (!IsArabicMark(c)) plain += c;
  std::u32string n = names_internal::NormalizeWord(plain, script), b = DecodeUtf8(base);
  if (n.size() != plain.size() || b.size() >= n.size() || n.compare(n.size() - b.size(), b.size(), b) != 0) {
    return EncodeUtf8(plain);
  }
  size_t cut = n.size() - b.size();
  if (cut >= 2 && n[cut - 2] == U'ا' && n[cut - 1] == U'ل') cut -= 2;  // keep the article
  else if (cut >= 2 && n[cut - 2] == U'ل' && n[cut - 1] == U'ل') return EncodeUtf8(U"ال" + plain.substr(cut));
  return EncodeUtf8(plain.substr(cut));
}

struct VariantStats {
  NameVariant v;
  double score_sum = 0;
};

struct NameStats {
  std::unordered_map<std::string, uint64_t> surfaces;  // English spellings as written
  uint64_t mentions = 0, transliterated = 0;
  bool translated = false;
  std::unordered_map<std::string, VariantStats> variants;
};

void Seen(NameVariant* v, const MiningUnit& u) {
  ++v->count;
  if (u.created != 0) {
    if (v->first_seen == 0 || u.created < v->first_seen) v->first_seen = u.created;
    if (u.created > v->last_seen) v->last_seen = u.created;
  }
  if (v->unit_ids.size() < 3) v->unit_ids.push_back(u.id);
  if (v->sample_source.empty()) {
    v->sample_source = std::string(u.source.substr(0, 600));
    v->sample_target = std::string(u.target.substr(0, 600));
  }
}

class Miner {
 public:
  Miner(const NameModel& model, Script script, const NameMiningOptions& o) : model_(model), script_(script), o_(o) {}

  // Pass 1: how the archive capitalises each English word in mid-sentence.
  void CountCase(const MiningUnit& u) {
    std::vector<Word> words = Words(DecodeUtf8(u.source));
    for (size_t i = 0; i < words.size(); ++i) {
      if (!words[i].upper) {
        ++lower_[EncodeUtf8(words[i].text)];
      } else if (!SentenceStart(words, i)) {
        ++capital_[EncodeUtf8(LowerAll(words[i].text))];
      }
    }
  }

  bool Ordinary(std::string_view word) const {
    std::string lower = EncodeUtf8(LowerAll(DecodeUtf8(word)));
    auto l = lower_.find(lower);
    auto c = capital_.find(lower);
    uint64_t lc = l == lower_.end() ? 0 : l->second, cc = c == capital_.end() ? 0 : c->second;
    return cc == 0 || lc > cc;
  }

  // Pass 2: the names of a unit and their transliterations.
  void Mine(const MiningUnit& u, uint64_t seq) {
    std::vector<Word> words = Words(DecodeUtf8(u.source));
    std::vector<NameSpan> spans = FindNameSpans(words, [this](std::string_view w) { return Ordinary(w); });
    if (spans.empty()) return;
    std::vector<Word> target = Words(DecodeUtf8(u.target));
    std::unordered_set<std::string> done;
    for (const NameSpan& sp : spans) {
      std::string name = SpanText(words, sp.begin, sp.end);
      std::string key = EncodeUtf8(LowerAll(DecodeUtf8(name)));
      if (!done.insert(key).second) continue;
      // "Korean", "South Korean", "Indonesian": adjectives of a name, not names (strict: Gandhi stays).
      std::u32string last = LowerAll(words[sp.end - 1].text);
      if (LooksLikeDemonym(last, /*loose=*/false)) continue;
      auto slot = names_.try_emplace(key).first;
      NameStats& st = slot->second;
      ++st.surfaces[name];
      ++st.mentions;
      std::string form;
      double p = 0;
      if (Transliteration(name, target, &form, &p)) {
        ++st.transliterated;
        VariantStats& v = st.variants[form];
        v.v.form = form;
        v.score_sum += p;
        Seen(&v.v, u);
      } else {
        untransliterated_.push_back({seq, &slot->first});
      }
    }
  }

  // Pass 3 (units that named a name the model did not find rendered): target phrases counted
  // with the names of mostly translated renderings.
  void CountCooccurrence(const MiningUnit& u, uint64_t seq) {
    while (next_ < untransliterated_.size() && untransliterated_[next_].first < seq) ++next_;
    std::vector<const std::string*> keys;
    while (next_ < untransliterated_.size() && untransliterated_[next_].first == seq) {
      auto it = translated_.find(*untransliterated_[next_].second);
      if (it != translated_.end()) keys.push_back(&it->first);
      ++next_;
    }
    if (keys.empty()) return;
    std::vector<Phrase> phrases = Phrases(u.target);
    for (const std::string* k : keys) {
      Translated& tr = translated_[*k];
      ++tr.counted;
      for (const Phrase& ph : phrases) {
        // After kSampleUnits units only the phrases that came in a quarter of them are followed:
        // memory stays bounded however often a name occurs.
        auto found = tr.phrases.find(ph.key);
        if (found == tr.phrases.end() && tr.frozen) continue;
        Cooc& c = found != tr.phrases.end() ? found->second : tr.phrases[ph.key];
        ++c.count;
        ++c.surfaces[ph.surface];
        // No sample text yet: a pass-3 phrase is mostly pruned; pass 4 reads the kept ones' samples.
        MiningUnit bare = u;
        bare.source = bare.target = std::string_view();
        Seen(&c.variant, bare);
      }
      if (!tr.frozen && tr.counted == kSampleUnits) {
        for (auto it = tr.phrases.begin(); it != tr.phrases.end();) {
          if (it->second.count * 4 < tr.counted) it = tr.phrases.erase(it);
          else ++it;
        }
        tr.frozen = true;
      }
    }
  }
  static constexpr uint64_t kSampleUnits = 200;

  // Pass 4: how often each candidate phrase occurs anywhere.
  void CountPhrases(const MiningUnit& u) {
    auto sample = samples_.find(u.id);
    if (sample != samples_.end()) sample->second = {std::string(u.source.substr(0, 600)), std::string(u.target.substr(0, 600))};
    for (const Phrase& ph : Phrases(u.target)) {
      auto it = phrase_total_.find(ph.key);
      if (it != phrase_total_.end()) ++it->second;
    }
  }

  void ChooseTranslatedCandidates() {
    for (auto& [key, st] : names_) {
      if (st.mentions < o_.min_count) continue;
      if (st.transliterated * 5 >= st.mentions) continue;  // the model explains it: transliterated
      std::u32string lower = DecodeUtf8(key);
      if (lower.find(U' ') == std::u32string::npos && LooksLikeDemonym(lower)) continue;
      translated_[key];
    }
  }

  void PrunePhrases() {
    for (auto& [key, tr] : translated_) {
      uint64_t untrans = names_[key].mentions - names_[key].transliterated;
      for (auto it = tr.phrases.begin(); it != tr.phrases.end();) {
        if (it->second.count < 2 || it->second.count * 4 < untrans) it = tr.phrases.erase(it);
        else {
          phrase_total_[it->first] = 0;
          samples_[it->second.variant.unit_ids[0]];
          ++it;
        }
      }
    }
  }

  void Finish(std::vector<MinedName>* out) {
    // Translated renderings: phrases that come mostly with the name, the longest that keeps the count.
    // A phrase renders the names it is most strongly associated with (Dice within 0.6 of the best:
    // EU and European Union share الاتحاد الأوروبي), so a name that keeps company with another
    // (the Supreme Court, Kavanaugh) does not take its rendering.
    auto dice = [this](const std::string& key, const std::string& phrase, uint64_t count) {
      const NameStats& st = names_[key];
      return 2.0 * count / static_cast<double>(st.mentions - st.transliterated + phrase_total_[phrase]);
    };
    // Names that are one another's abbreviation (EU, European Union; US, U.S., United States)
    // share their renderings: the units where the phrase comes with the other form are explained
    // by it, not counted against this one.
    std::unordered_map<std::string, std::string> letters_of;  // name key -> AbbreviationLetters
    std::unordered_map<std::string, std::vector<const std::string*>> by_letters;
    for (auto& [key, tr] : translated_) {
      const auto& surfaces = names_[key].surfaces;
      auto written = std::max_element(surfaces.begin(), surfaces.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string letters = written == surfaces.end() ? "" : AbbreviationLetters(written->first);
      letters_of[key] = letters;
      if (!letters.empty()) by_letters[letters].push_back(&key);
    }
    auto related = [&](const std::string& a, const std::string& b) {
      const std::string& letters = letters_of[a];
      return a != b && !letters.empty() && letters == letters_of[b];
    };
    auto shared_count = [&](const std::string& key, const std::string& phrase) {
      uint64_t n = 0;
      auto group = by_letters.find(letters_of[key]);
      if (group == by_letters.end()) return n;
      for (const std::string* other : group->second) {
        if (*other == key) continue;
        auto it = translated_[*other].phrases.find(phrase);
        if (it != translated_[*other].phrases.end()) n += it->second.count;
      }
      return n;
    };
    // A phrase renders a name when at least a third of its occurrences come with it, those that
    // come with an abbreviation partner set aside.
    auto AssociatedEnough = [&](const std::string& key, const std::string& phrase, uint64_t count) {
      uint64_t total = phrase_total_[phrase];
      uint64_t shared = shared_count(key, phrase);
      return count * 3 >= std::max(count, total > shared ? total - shared : 0);
    };
    std::unordered_map<std::string, std::pair<double, const std::string*>> owner;
    for (auto& [key, tr] : translated_) {
      for (auto& [phrase, c] : tr.phrases) {
        double d = dice(key, phrase, c.count);
        auto& o = owner[phrase];
        if (d > o.first) o = {d, &key};
      }
    }
    for (auto& [key, tr] : translated_) {
      NameStats& st = names_[key];
      uint64_t untrans = st.mentions - st.transliterated;
      std::vector<std::pair<std::string, Cooc*>> ok;
      for (auto& [phrase, c] : tr.phrases) {
        uint64_t total = phrase_total_[phrase];
        if (total == 0 || c.count * 10 < untrans * 3) continue;
        // The rendering of an abbreviation partner that comes in most of this name's units is
        // this name's too, however often the phrase comes without either (the bloc, Brussels).
        bool partner = false;
        if (c.count * 2 >= untrans) {
          auto group = by_letters.find(letters_of[key]);
          for (size_t g = 0; group != by_letters.end() && g < group->second.size() && !partner; ++g) {
            const std::string& other = *group->second[g];
            if (other == key) continue;
            auto it = translated_[other].phrases.find(phrase);
            partner = it != translated_[other].phrases.end() && AssociatedEnough(other, phrase, it->second.count);
          }
        }
        if (!partner && !AssociatedEnough(key, phrase, c.count)) continue;
        const auto& best = owner[phrase];
        if (best.first * 0.6 > dice(key, phrase, c.count) && !related(*best.second, key)) continue;
        ok.push_back({phrase, &c});
      }
      std::vector<bool> drop(ok.size(), false);
      for (size_t a = 0; a < ok.size(); ++a) {
        for (size_t b = 0; b < ok.size(); ++b) {
          if (a == b || drop[a] || drop[b]) continue;
          const std::string& shorter = ok[a].first;
          const std::string& longer = ok[b].first;
          if (longer.size() <= shorter.size() || !ContainsPhrase(longer, shorter)) continue;
          if (ok[b].second->count * 10 >= ok[a].second->count * 7) drop[a] = true;
          else drop[b] = true;
        }
      }
      uint64_t top = 0;
      for (size_t a = 0; a < ok.size(); ++a)
        if (!drop[a]) top = std::max(top, ok[a].second->count);
      for (size_t a = 0; a < ok.size(); ++a) {
        if (drop[a] || ok[a].second->count * 4 < top) continue;  // a rare companion, not a rendering
        Cooc& c = *ok[a].second;
        std::string surface;
        uint64_t best = 0;
        // Russian: the spelling with the most words in their dictionary form (Белый дом before
        // Белого дома), then the most frequent.
        int best_lemmas = -1;
        for (auto& [s, n] : c.surfaces) {
          int lemmas = script_ == Script::kCyrillic ? DictionaryForms(s) : 0;
          if (lemmas > best_lemmas || (lemmas == best_lemmas && (n > best || (n == best && s < surface)))) {
            best_lemmas = lemmas;
            best = n;
            surface = s;
          }
        }
        VariantStats& v = st.variants[surface];
        v.v = c.variant;
        const auto& texts = samples_[c.variant.unit_ids[0]];
        v.v.sample_source = texts.first;
        v.v.sample_target = texts.second;
        v.v.form = surface;
        v.score_sum = static_cast<double>(c.count) / std::max<uint64_t>(1, untrans) * c.variant.count;
        st.translated = true;
      }
    }
    for (auto& [key, st] : names_) {
      if (st.mentions < o_.min_count || st.variants.empty()) continue;
      // Case forms of one rendering become one variant.
      std::unordered_map<std::string, VariantStats> merged;
      for (auto& [raw, v] : st.variants) {
        std::string form = ResolveForm(raw);
        auto it = merged.find(form);
        if (it == merged.end()) {
          VariantStats& m = merged[form];
          m = v;
          m.v.form = form;
          continue;
        }
        NameVariant& a = it->second.v;
        a.count += v.v.count;
        it->second.score_sum += v.score_sum;
        if (v.v.first_seen != 0 && (a.first_seen == 0 || v.v.first_seen < a.first_seen)) a.first_seen = v.v.first_seen;
        a.last_seen = std::max(a.last_seen, v.v.last_seen);
        for (uint64_t id : v.v.unit_ids)
          if (a.unit_ids.size() < 3) a.unit_ids.push_back(id);
      }
      st.variants = std::move(merged);
      MinedName m;
      uint64_t best = 0;
      for (auto& [s, n] : st.surfaces) {
        if (n > best || (n == best && s < m.english)) {
          best = n;
          m.english = s;
        }
      }
      m.mentions = st.mentions;
      m.translated = st.translated;
      double score = 0;
      for (auto& [form, v] : st.variants) {
        m.variants.push_back(v.v);
        m.rendered += v.v.count;
        score += v.score_sum;
      }
      m.score = m.rendered ? score / m.rendered : 0;
      std::sort(m.variants.begin(), m.variants.end(), [](const NameVariant& a, const NameVariant& b) {
        return a.count != b.count ? a.count > b.count : a.form < b.form;
      });
      m.target = m.variants[0].form;
      SetStatus(&m, key);
      out->push_back(std::move(m));
    }
    std::sort(out->begin(), out->end(), [](const MinedName& a, const MinedName& b) {
      return a.rendered != b.rendered ? a.rendered > b.rendered : a.english < b.english;
    });
  }

  void IndexGlossary() {
    if (o_.glossary == nullptr) return;
    for (const Concept& c : o_.glossary->concepts()) {
      for (const Term& t : c.terms) {
        if (!LanguageMatches("en", t.lang)) continue;
        glossary_[EncodeUtf8(LowerAll(DecodeUtf8(t.text)))] = &c;
      }
    }
  }

 private:
  struct Phrase {
    std::string key, surface;
  };
  struct Cooc {
    uint64_t count = 0;
    std::unordered_map<std::string, uint64_t> surfaces;
    NameVariant variant;
  };
  struct Translated {
    std::unordered_map<std::string, Cooc> phrases;
    uint64_t counted = 0;
    bool frozen = false;
  };

  static bool ContainsPhrase(const std::string& longer, const std::string& shorter) {
    size_t at = longer.find(shorter);
    while (at != std::string::npos) {
      bool left = at == 0 || longer[at - 1] == ' ';
      bool right = at + shorter.size() == longer.size() || longer[at + shorter.size()] == ' ';
      if (left && right) return true;
      at = longer.find(shorter, at + 1);
    }
    return false;
  }

  std::vector<Phrase> Phrases(std::string_view text) const {
    std::vector<Word> words = Words(DecodeUtf8(text));
    std::vector<Phrase> out;
    std::unordered_set<std::string> seen;
    const size_t max_len = script_ == Script::kCyrillic ? 4 : 3;
    for (size_t i = 0; i < words.size(); ++i) {
      if (script_ == Script::kCyrillic && !words[i].upper) continue;
      if (script_ == Script::kArabic && (ArabicStopwords().count(words[i].text) || words[i].text.size() < 2)) continue;
      std::u32string key, surface;
      for (size_t n = 0; n < max_len && i + n < words.size(); ++n) {
        const Word& w = words[i + n];
        if (n > 0 && w.before != U" ") break;
        if (n > 0 && script_ == Script::kCyrillic && !w.upper && w.text.size() < 3) break;
        if (n > 0) {
          key += U' ';
          surface += U' ';
        }
        key += StemKey(w.text, script_);
        surface += w.text;
        if (script_ == Script::kArabic && (ArabicStopwords().count(w.text) || w.text.size() < 2)) continue;
        std::string k = EncodeUtf8(key);
        if (seen.insert(k).second) out.push_back({k, EncodeUtf8(surface)});
      }
    }
    return out;
  }

  double WordScore(const std::string& english, const std::u32string& target) {
    std::string t = EncodeUtf8(target);
    std::string k = english;
    k += '\t';
    k += t;
    auto it = cache_.find(k);
    if (it != cache_.end()) return it->second;
    if (cache_.size() > 1000000) cache_.clear();  // ~100 MB at most
    float p = static_cast<float>(model_.ScoreWord(english, t));
    cache_.emplace(std::move(k), p);
    return p;
  }

  // Russian words are written into a variant's form as \x01english\x02surface\x03 and put in
  // glossary form at the end, when every case form the archive used for that English word is
  // known: each surface takes the nominative its ending allows that explains the most mentions
  // (Сенате, Сената, Сенат -> Сенат; Шотландии, Шотландия -> Шотландия, not Шотландий).
  std::string Lemma(const std::string& english, const std::u32string& surface) {
    auto& forms = surfaces_[english];
    std::u32string t = names_internal::NormalizeWord(LowerAll(surface), script_);
    auto cached = lemmas_.find(english + '\t' + EncodeUtf8(t));
    if (cached != lemmas_.end()) return Capitalised(cached->second, surface);
    std::unordered_map<std::u32string, uint64_t> coverage;
    for (const auto& [s, n] : forms)
      for (const std::u32string& c : names_internal::TargetVariants(s, script_)) coverage[c] += n;
    std::vector<std::u32string> candidates = names_internal::TargetVariants(t, script_);
    std::u32string best = t;
    std::u32string model_choice = DecodeUtf8(model_.BaseForm(english, EncodeUtf8(t)));
    // A tie (one case form seen, several nominatives possible) goes to the nominative whose ending
    // matches the English one: Burnaston -> Бернастон (not Бернастоне), Obama -> Обама; a final
    // English e is silent (Wayde -> Уэйд); then to one not in -й (Британии -> Британия: place
    // names in -ия outnumber the names in -ий), then to a written form.
    static const std::u32string kVowels = U"аеиоуыэюяё";
    const char last = english.empty() ? 'x' : english.back();
    const bool english_vowel = std::strchr("aiouy", last) != nullptr;
    auto rank = [&](const std::u32string& c) {
      bool vowel = !c.empty() && kVowels.find(c.back()) != std::u32string::npos;
      bool consonant = !c.empty() && !vowel && c.back() != U'й' && c.back() != U'ь';
      return std::make_tuple(coverage[c], english_vowel ? vowel : consonant, c.empty() || c.back() != U'й',
                             forms.count(c) ? 1 : 0, c == model_choice ? 1 : 0);
    };
    for (const std::u32string& c : candidates)
      if (rank(c) > rank(best)) best = c;
    lemmas_.emplace(english + '\t' + EncodeUtf8(t), best);
    return Capitalised(best, surface);
  }

  // How many words of a Russian phrase are their own Hunspell lemma (Белый: yes; Белого: no).
  int DictionaryForms(const std::string& phrase) {
    if (!morphology_) {
      if (!Morphology::Create("ru", &morphology_).ok()) return 0;
    }
    int n = 0;
    for (const WordKeys& w : morphology_->AnalyzeText(phrase)) {
      bool own = true;
      for (const std::string& k : w.keys)
        if (k[0] == 'L' && k.compare(1, std::string::npos, w.folded) != 0) own = false;
      n += own;
    }
    return n;
  }

  // In the letter case of the text: Палу, НАТО (an all-capitals word stays so).
  static std::string Capitalised(std::u32string word, const std::u32string& surface) {
    bool all = surface.size() > 1 && std::all_of(surface.begin(), surface.end(), [](char32_t c) { return IsUpper(c); });
    for (size_t i = 0; i < word.size() && (i == 0 || all); ++i) {
      if (IsUpper(surface[0]) && word[i] >= 0x430 && word[i] <= 0x44F) word[i] -= 32;
    }
    return EncodeUtf8(word);
  }

  std::string ResolveForm(const std::string& raw) {
    if (raw.find('\x01') == std::string::npos) return raw;
    std::string out;
    size_t i = 0;
    while (i < raw.size()) {
      size_t a = raw.find('\x01', i);
      if (a == std::string::npos) {
        out += raw.substr(i);
        break;
      }
      out += raw.substr(i, a - i);
      size_t b = raw.find('\x02', a), c = raw.find('\x03', b);
      out += Lemma(raw.substr(a + 1, b - a - 1), DecodeUtf8(raw.substr(b + 1, c - b - 1)));
      i = c + 1;
    }
    return out;
  }

  bool Candidate(const Word& w) const {
    if (script_ == Script::kCyrillic) return w.upper && IsCyrillic(w.text[0]);
    return IsArabicLetter(w.text[0]) && w.text.size() >= 2 && !ArabicStopwords().count(w.text);
  }

  // The target span that transliterates every content word of the name.
  bool Transliteration(const std::string& name, const std::vector<Word>& target, std::string* form, double* p) {
    // Kept in Latin letters by the translator (Toyota, BMW): the name itself.
    std::vector<Word> own = Words(DecodeUtf8(name));
    for (size_t j = 0; !own.empty() && j + own.size() <= target.size(); ++j) {
      bool same = true;
      for (size_t k = 0; k < own.size() && same; ++k) same = target[j + k].text == own[k].text;
      if (same) {
        *form = name;
        *p = 1;
        return true;
      }
    }
    std::vector<names_internal::NameWord> ew = names_internal::SplitName(name, Script::kLatin);
    std::vector<std::string> content;
    for (const auto& w : ew)
      if (!w.particle && w.letters.size() >= 2) content.push_back(EncodeUtf8(w.letters));
    if (content.empty() || content.size() > 6) return false;
    // Target words split at hyphens the way SplitName splits names (аль-Асад: аль + Асад).
    struct Piece {
      std::u32string text;
      size_t word;
    };
    std::vector<Piece> pieces;
    for (size_t j = 0; j < target.size(); ++j) {
      if (!Candidate(target[j])) continue;
      size_t start = 0;
      const std::u32string& t = target[j].text;
      for (size_t k = 0; k <= t.size(); ++k) {
        if (k < t.size() && t[k] != '-') continue;
        if (k > start) pieces.push_back({t.substr(start, k - start), j});
        start = k + 1;
      }
    }
    std::vector<int> chosen(content.size(), -1);
    double product = 1;
    for (size_t i = 0; i < content.size(); ++i) {
      double best = 0;
      for (size_t k = 0; k < pieces.size(); ++k) {
        double s = script_ == Script::kArabic && ArabicAdjectiveOf(content[i], pieces[k].text)
                       ? 0
                       : WordScore(content[i], pieces[k].text);
        if (s > best) {
          bool used = false;
          for (size_t x = 0; x < i; ++x) used |= chosen[x] == static_cast<int>(k);
          if (used) continue;
          best = s;
          chosen[i] = static_cast<int>(k);
        }
      }
      if (best < NameModel::kDefaultThreshold) return false;
      product *= best;
    }
    size_t lo = target.size(), hi = 0;
    for (int k : chosen) {
      lo = std::min(lo, pieces[k].word);
      hi = std::max(hi, pieces[k].word);
    }
    if (hi - lo + 1 > content.size() + 2) return false;
    std::string out;
    for (size_t j = lo; j <= hi; ++j) {
      if (j > lo) out += target[j].before == U"-" ? "-" : " ";
      // Each hyphen piece in glossary form, matched against the English word it rendered.
      const std::u32string& t = target[j].text;
      size_t start = 0;
      for (size_t k = 0; k <= t.size(); ++k) {
        if (k < t.size() && t[k] != '-') continue;
        std::u32string piece = t.substr(start, k - start);
        std::string english;
        for (size_t i = 0; i < content.size(); ++i)
          if (pieces[chosen[i]].word == j && pieces[chosen[i]].text == piece) english = content[i];
        if (start > 0) out += '-';
        if (english.empty()) {
          out += EncodeUtf8(piece);
        } else if (script_ == Script::kCyrillic) {
          ++surfaces_[english][names_internal::NormalizeWord(LowerAll(piece), script_)];
          out += "\x01" + english + "\x02" + EncodeUtf8(piece) + "\x03";
        } else {
          out += GlossaryWord(model_, script_, english, piece);
        }
        start = k + 1;
      }
    }
    *form = out;
    *p = product;
    return true;
  }

  std::u32string Fold(const std::string& s) const {
    std::u32string out;
    for (const auto& w : names_internal::SplitName(s, script_)) {
      if (!out.empty()) out += U' ';
      out += w.letters;
    }
    return out;
  }

  void SetStatus(MinedName* m, const std::string& key) {
    auto it = glossary_.find(key);
    if (it != glossary_.end()) {
      const Concept& c = *it->second;
      const Term* preferred = Glossary::PreferredTerm(c, o_.tgt_lang);
      if (preferred != nullptr) {
        m->glossary_form = preferred->text;
        bool agrees = false;
        std::u32string top = Fold(m->target);
        for (const Term& t : c.terms) {
          if (LanguageMatches(o_.tgt_lang, t.lang) && IsAllowed(t.status) && Fold(t.text) == top) agrees = true;
        }
        m->status = agrees ? "agrees" : "conflicts";
        return;
      }
    }
    int strong = 0;
    for (const NameVariant& v : m->variants) strong += v.count * 10 >= m->rendered;
    m->status = strong >= 2 ? "inconsistent" : "new";
  }

  const NameModel& model_;
  Script script_;
  NameMiningOptions o_;
  std::unordered_map<std::string, uint64_t> lower_, capital_;
  // Per English word, the normalised Russian words that rendered it, with counts; lemmas chosen.
  std::unordered_map<std::string, std::unordered_map<std::u32string, uint64_t>> surfaces_;
  std::unordered_map<std::string, std::u32string> lemmas_;
  std::unique_ptr<Morphology> morphology_;
  std::unordered_map<std::string, NameStats> names_;
  std::vector<std::pair<uint64_t, const std::string*>> untransliterated_;  // keys of names_
  std::unordered_map<uint64_t, std::pair<std::string, std::string>> samples_;  // unit id -> its texts
  size_t next_ = 0;
  std::unordered_map<std::string, Translated> translated_;
  std::unordered_map<std::string, uint64_t> phrase_total_;
  std::unordered_map<std::string, float> cache_;
  std::unordered_map<std::string, const Concept*> glossary_;
};

}  // namespace

std::vector<std::string> FindEnglishNames(std::string_view text,
                                          const std::function<bool(std::string_view)>& is_ordinary) {
  std::vector<Word> words = Words(DecodeUtf8(text));
  std::vector<std::string> out;
  for (const NameSpan& sp : FindNameSpans(words, is_ordinary)) out.push_back(SpanText(words, sp.begin, sp.end));
  return out;
}

Status MineNames(const MiningSource& pass, const NameMiningOptions& options,
                 const std::function<void(int, uint64_t)>& progress, std::vector<MinedName>* out) {
  const NameModel* model = nullptr;
  Status s = NameModel::Builtin("en", options.tgt_lang, &model);
  if (!s.ok()) return s;
  std::string tag;
  s = CanonicalLanguageTag(options.tgt_lang, &tag);
  if (!s.ok()) return s;
  Script script = tag.compare(0, 2, "ru") == 0 ? Script::kCyrillic : Script::kArabic;
  Miner miner(*model, script, options);
  miner.IndexGlossary();
  auto run = [&](int number, const std::function<void(const MiningUnit&, uint64_t)>& f) {
    uint64_t seq = 0;
    return pass([&](const MiningUnit& u) {
      f(u, seq);
      if (++seq % 10000 == 0 && progress) progress(number, seq);
      return Status::OK();
    });
  };
  s = run(1, [&](const MiningUnit& u, uint64_t) { miner.CountCase(u); });
  if (s.ok()) s = run(2, [&](const MiningUnit& u, uint64_t seq) { miner.Mine(u, seq); });
  if (!s.ok()) return s;
  miner.ChooseTranslatedCandidates();
  s = run(3, [&](const MiningUnit& u, uint64_t seq) { miner.CountCooccurrence(u, seq); });
  if (!s.ok()) return s;
  miner.PrunePhrases();
  s = run(4, [&](const MiningUnit& u, uint64_t) { miner.CountPhrases(u); });
  if (!s.ok()) return s;
  out->clear();
  miner.Finish(out);
  return Status::OK();
}

}  // namespace tmkit
