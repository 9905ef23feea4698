#include "tmkit/bilingual_dictionary.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

// dictd writes offsets and lengths in the index as base64 numbers (A-Z a-z 0-9 + /).
bool DecodeDictdNumber(std::string_view s, uint64_t* value) {
  uint64_t v = 0;
  if (s.empty()) return false;
  for (char c : s) {
    int d;
    if (c >= 'A' && c <= 'Z') d = c - 'A';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
    else if (c >= '0' && c <= '9') d = c - '0' + 52;
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else return false;
    v = v * 64 + d;
  }
  *value = v;
  return true;
}

// Reads a gzip/dictzip file (or a plain file: gzread passes it through) whole.
Status ReadMaybeGzipped(const std::string& path, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return Status::NotFound(path + ": cannot open");
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, n);
  int err = 0;
  const char* msg = gzerror(f, &err);
  std::string message = msg ? msg : "";
  gzclose(f);
  if (n < 0 || (err != Z_OK && err != Z_STREAM_END)) {
    return Status::InvalidInput(path + ": cannot decompress: " + message);
  }
  return Status::OK();
}

bool FileExists(const std::string& path) { return std::ifstream(path).good(); }

// Splits text into words: runs of letters (and inner apostrophes/hyphens are separators).
std::vector<std::string> Words(std::string_view text, std::string_view lang) {
  std::vector<std::string> words;
  for (const Token& t : TokenizeForMatching(text, lang)) {
    if (t.kind == TokenKind::kWord) words.push_back(t.norm);
  }
  return words;
}

// Strips "/pronunciation/" and "1. " numbering from a line of a FreeDict entry.
std::string_view CleanLine(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i > 0 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ') line.remove_prefix(i + 2);
  size_t slash = line.find(" /");
  if (slash != std::string_view::npos) line = line.substr(0, slash);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// FreeDict names its dictionaries by ISO 639-3 codes (Debian: dict-freedict-deu-fra). Every
// language the aligner knows, so that a pair finds its package whenever Debian ships one.
std::string FreedictCode(std::string_view lang) {
  static const std::pair<const char*, const char*> kCodes[] = {
      {"en", "eng"}, {"de", "deu"}, {"fr", "fra"}, {"es", "spa"}, {"it", "ita"}, {"pt", "por"}, {"nl", "nld"},
      {"hu", "hun"}, {"ro", "ron"}, {"is", "isl"}, {"pl", "pol"}, {"cs", "ces"}, {"tr", "tur"}, {"ru", "rus"},
      {"uk", "ukr"}, {"be", "bel"}, {"bg", "bul"}, {"sr", "srp"}, {"ar", "ara"}, {"fa", "fas"}, {"ur", "urd"}};
  std::string p = PrimaryLanguage(lang);
  for (const auto& [two, three] : kCodes) {
    if (p == two) return three;
  }
  return p;
}

// The FreeDict dictionaries Debian packages as dict-freedict-SRC-TGT (apt-cache search, December
// 2026): a hint names only a package that exists.
bool DebianHasFreedict(const std::string& src, const std::string& tgt) {
  static const std::string pairs =
    "afr-deu afr-eng ara-eng bre-fra ces-eng ckb-kmr cym-eng dan-eng deu-bul deu-ell deu-eng deu-fin "
    "deu-fra deu-ind deu-ita deu-kur deu-nld deu-pol deu-por deu-rus deu-spa deu-swe deu-tur ell-bul "
    "ell-eng ell-fin ell-fra ell-ind ell-ita ell-jpn ell-lat ell-lit ell-nld ell-nor ell-pol ell-por "
    "ell-rus ell-spa ell-swe eng-afr eng-ara eng-bul eng-ces eng-cym eng-dan eng-deu eng-ell eng-fin "
    "eng-fra eng-gle eng-hin eng-hrv eng-hun eng-ind eng-ita eng-jpn eng-lat eng-lit eng-nld eng-nor "
    "eng-pol eng-por eng-rom eng-rus eng-spa eng-srp eng-swe eng-swh eng-tur epo-eng fin-bul fin-deu "
    "fin-ell fin-eng fin-fra fin-ind fin-ita fin-jpn fin-lat fin-lit fin-nld fin-nor fin-pol fin-por "
    "fin-swe fra-bre fra-bul fra-deu fra-ell fra-eng fra-fin fra-ita fra-jpn fra-lat fra-lit fra-nld "
    "fra-pol fra-por fra-rus fra-spa fra-swe fra-tur gla-deu gle-eng gle-pol hrv-eng hun-eng isl-eng "
    "ita-bul ita-deu ita-ell ita-eng ita-fin ita-ind ita-jpn ita-lit ita-nor ita-pol ita-por ita-rus "
    "ita-spa ita-swe ita-tur jpn-deu jpn-eng jpn-fra jpn-rus kha-deu kha-eng kur-deu kur-eng kur-tur "
    "lat-deu lat-eng lit-eng mkd-bul nld-bul nld-deu nld-ell nld-eng nld-fin nld-fra nld-ind nld-ita "
    "nld-lat nld-lit nld-pol nld-por nld-rus nld-spa nld-swe nno-nob oci-cat pol-bul pol-deu pol-ell "
    "pol-eng pol-fin pol-fra pol-gle pol-ind pol-ita pol-jpn pol-nld pol-nor pol-por pol-rus pol-spa "
    "pol-swe pol-tur por-deu por-eng por-fra por-spa san-deu slk-eng slv-eng spa-ast spa-deu spa-eng "
    "spa-por srp-eng swe-bul swe-deu swe-ell swe-eng swe-fin swe-fra swe-ita swe-jpn swe-lat swe-nld "
    "swe-nor swe-pol swe-por swe-rus swe-spa swe-tur swh-eng swh-pol tur-deu tur-eng wol-fra ";
  return pairs.find(" " + src + "-" + tgt + " ") != std::string::npos || pairs.rfind(src + "-" + tgt + " ", 0) == 0;
}

// Which package to install for src-tgt, or that Debian has none.
std::string FreedictHint(const std::string& src, const std::string& tgt) {
  std::string packages;
  for (const auto& [a, b] : {std::pair{src, tgt}, std::pair{tgt, src}}) {
    if (DebianHasFreedict(a, b)) packages += (packages.empty() ? "" : " or ") + ("dict-freedict-" + a + "-" + b);
  }
  if (packages.empty()) return "Debian packages no FreeDict dictionary between " + src + " and " + tgt;
  return "Debian package " + packages;
}

}  // namespace

void BilingualDictionary::Add(const std::string& src_word, const std::string& tgt_word) {
  std::vector<std::string>& v = entries_[src_word];
  for (const std::string& w : v) {
    if (w == tgt_word) return;
  }
  v.push_back(tgt_word);
  ++pairs_;
}

const std::vector<std::string>& BilingualDictionary::Lookup(const std::string& src_word) const {
  static const std::vector<std::string> kNone;
  auto it = entries_.find(src_word);
  return it == entries_.end() ? kNone : it->second;
}

Status BilingualDictionary::AddDictd(const std::string& path, std::string_view headword_lang,
                                     std::string_view translation_lang, bool reversed) {
  std::string index, dict;
  Status s = ReadFile(path + ".index", &index);
  if (!s.ok()) return s;
  std::string dict_path = path + ".dict.dz";
  if (!FileExists(dict_path)) dict_path = path + ".dict";
  s = ReadMaybeGzipped(dict_path, &dict);
  if (!s.ok()) return s;
  s = ValidateUtf8(dict, dict_path);
  if (!s.ok()) return s;
  // WikDict-made FreeDict dictionaries (deu-fra, fra-deu...) follow each sense's translations
  // with a definition in the headword's language; only the first line of an entry and the
  // numbered lines ("2. mine") translate it.
  const bool glossed = std::string_view(dict).substr(0, 4096).find("WikDict") != std::string_view::npos;
  size_t line_no = 0;
  for (size_t pos = 0; pos < index.size();) {
    size_t eol = index.find('\n', pos);
    if (eol == std::string::npos) eol = index.size();
    std::string_view line(index.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.empty()) continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    uint64_t offset, length;
    if (t2 == std::string_view::npos || !DecodeDictdNumber(line.substr(t1 + 1, t2 - t1 - 1), &offset) ||
        !DecodeDictdNumber(line.substr(t2 + 1), &length)) {
      return Status::InvalidInput(path + ".index:" + std::to_string(line_no) + ": not a dictd index line");
    }
    std::string_view headword = line.substr(0, t1);
    if (headword.rfind("00database", 0) == 0 || headword.rfind("00-database", 0) == 0) continue;
    if (offset > dict.size() || length > dict.size() - offset) {
      return Status::Corruption(path + ".index:" + std::to_string(line_no) + ": entry beyond the end of " +
                                dict_path);
    }
    std::vector<std::string> heads = Words(headword, headword_lang);
    if (heads.size() != 1) continue;
    std::string_view entry(dict.data() + offset, length);
    // The first line repeats the headword (with its pronunciation); the others translate it.
    size_t first_eol = entry.find('\n');
    if (first_eol == std::string_view::npos) continue;
    entry.remove_prefix(first_eol + 1);
    for (size_t p = 0, k = 0; p < entry.size(); ++k) {
      size_t e = entry.find('\n', p);
      if (e == std::string_view::npos) e = entry.size();
      std::string_view raw = entry.substr(p, e - p);
      p = e + 1;
      if (glossed && k > 0) {
        size_t d = raw.find_first_not_of(" \t");
        size_t digits = d == std::string_view::npos ? d : raw.find_first_not_of("0123456789", d);
        if (digits == std::string_view::npos || digits == d || raw[digits] != '.') continue;
      }
      std::string_view tline = CleanLine(raw);
      // A line may list several translations separated by commas or semicolons.
      size_t q = 0;
      while (q <= tline.size()) {
        size_t sep = tline.find_first_of(",;", q);
        if (sep == std::string_view::npos) sep = tline.size();
        std::vector<std::string> words = Words(tline.substr(q, sep - q), translation_lang);
        q = sep + 1;
        if (words.empty() || words.size() > 3) continue;
        for (const std::string& w : words) {
          if (reversed) Add(w, heads[0]);
          else Add(heads[0], w);
        }
      }
    }
  }
  return Status::OK();
}

Status BilingualDictionary::LoadInstalled(const std::string& dir, std::string_view src_lang,
                                          std::string_view tgt_lang) {
  std::string src = FreedictCode(src_lang), tgt = FreedictCode(tgt_lang);
  std::string forward = dir + "/freedict-" + src + "-" + tgt;
  std::string backward = dir + "/freedict-" + tgt + "-" + src;
  bool found = false;
  if (FileExists(forward + ".index")) {
    Status s = AddDictd(forward, src_lang, tgt_lang, false);
    if (!s.ok()) return s;
    found = true;
  }
  if (FileExists(backward + ".index")) {
    Status s = AddDictd(backward, tgt_lang, src_lang, true);
    if (!s.ok()) return s;
    found = true;
  }
  if (!found) {
    return Status::NotFound("no FreeDict dictionary for " + src + "-" + tgt + " in " + dir + " (" +
                            FreedictHint(src, tgt) + ")");
  }
  return Status::OK();
}

}  // namespace tmkit
