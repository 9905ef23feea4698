// English names in running text, and the letters the miner reads on both sides (terms/name_spans.h).
#include "terms/name_spans.h"

#include <functional>
#include <unordered_set>

#include "terms/name_forms.h"
#include "tmkit/name_mining.h"

namespace tmkit {
namespace names_internal {

static bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x1E00 && c <= 0x1EFF);
}
bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x52F; }
bool IsArabicLetter(char32_t c) {
  return (c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || (c >= 0x6FA && c <= 0x6FF);
}
bool IsArabicMark(char32_t c) { return (c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640; }
static bool IsWordChar(char32_t c) { return IsLatinLetter(c) || IsCyrillic(c) || IsArabicLetter(c) || IsArabicMark(c); }
bool IsUpper(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x410 && c <= 0x42F) ||
         (c >= 0x400 && c <= 0x40F);
}
static char32_t Lower(char32_t c) {
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

static const std::unordered_set<std::u32string>& EnglishParticles() {
  static const std::unordered_set<std::u32string> p = {U"al", U"el", U"bin", U"ibn", U"abu", U"van", U"von", U"de",
                                                       U"der", U"den", U"da", U"di", U"du", U"la", U"le", U"of", U"bint"};
  return p;
}

// Capitalised words that start or qualify a name without being one: titles, days, months.
static const std::unordered_set<std::u32string>& NotNames() {
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
bool LooksLikeDemonym(const std::u32string& lower, bool loose) {
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

static bool EndsSentence(const std::u32string& gap) {
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


// Runs of capitalised words, initials and inner particles; titles and sentence-initial ordinary
// words cut off the front.
bool TitleShaped(const std::vector<Word>& words) {
  size_t long_words = 0, capitalised = 0;
  for (const Word& w : words) {
    if (w.text.size() < 4) continue;
    ++long_words;
    capitalised += w.upper;
  }
  return long_words >= 4 && capitalised * 4 >= long_words * 3;
}

std::vector<NameSpan> FindNameSpans(const std::vector<Word>& words,
                                    const std::function<bool(std::string_view)>& is_ordinary,
                                    const std::function<bool(std::string_view)>& capitalised_elsewhere) {
  // A headline in title case (Hurricane Rosa Threatening Phoenix, Las Vegas, Salt Lake City With
  // Flash Flooding): title-shaped, with at least two capitalised words the archive writes in lower
  // case. Its capitalised words count as name words only when the archive capitalises them in
  // running text too (Hurricane, Salt, Lake, City; not Threatening, With, Flash, Flooding).
  bool title = false;
  if (capitalised_elsewhere && TitleShaped(words)) {
    int ordinary = 0;
    for (const Word& w : words) ordinary += w.upper && w.text.size() >= 4 && is_ordinary(EncodeUtf8(w.text));
    title = ordinary >= 2;
  }
  auto name_word = [&](size_t k) {
    return words[k].upper && (!title || capitalised_elsewhere(EncodeUtf8(words[k].text)));
  };
  std::vector<NameSpan> spans;
  size_t i = 0;
  while (i < words.size()) {
    if (!name_word(i)) {
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
      if (name_word(j)) {
        ++j;
        continue;
      }
      // A particle continues the name when a capitalised word follows it.
      if (EnglishParticles().count(words[j].text) && j + 1 < words.size() && name_word(j + 1) &&
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
  return EncodeUtf8(out);
}

}  // namespace names_internal

using names_internal::DecodeUtf8;
using names_internal::FindNameSpans;
using names_internal::NameSpan;
using names_internal::SpanText;
using names_internal::Word;
using names_internal::Words;

std::vector<std::string> FindEnglishNames(std::string_view text,
                                          const std::function<bool(std::string_view)>& is_ordinary) {
  std::vector<Word> words = Words(DecodeUtf8(text));
  std::vector<std::string> out;
  for (const NameSpan& sp : FindNameSpans(words, is_ordinary)) out.push_back(SpanText(words, sp.begin, sp.end));
  return out;
}

}  // namespace tmkit
