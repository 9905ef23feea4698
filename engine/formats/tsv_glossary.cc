#include "tmkit/tsv_glossary.h"

#include <vector>

#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

// Also drops stray byte-order marks (U+FEFF), as concatenated files carry them mid-text: a term
// made of one would read, but its own TSV output would not (found by tests/fuzz/tsv_fuzz).
std::string_view TrimSpaces(std::string_view s) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\r')) {
      s.remove_prefix(1);
    } else if (s.substr(0, kBom.size()) == kBom) {
      s.remove_prefix(kBom.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\r')) {
      s.remove_suffix(1);
    } else if (s.size() >= kBom.size() && s.substr(s.size() - kBom.size()) == kBom) {
      s.remove_suffix(kBom.size());
    } else {
      break;
    }
  }
  return s;
}

std::string Flatten(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// OmegaT's comma-separated fields (GlossaryReaderCSV): a field that starts with a quote runs to
// the next lone quote, "" inside it is one quote, and commas inside it are text.
std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') {
      if (fields.back().empty() && !quoted) {
        quoted = true;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  for (std::string& f : fields) f = std::string(TrimSpaces(f));
  return fields;
}

std::vector<std::string> SplitTsvLine(std::string_view line) {
  std::vector<std::string> cols;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    cols.emplace_back(TrimSpaces(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cols;
}

Status ParseDelimitedGlossary(std::string_view text, std::string_view name, std::string_view src_lang,
                              std::string_view tgt_lang, bool csv, Glossary* glossary) {
  std::string src, tgt;
  Status s = CanonicalLanguageTag(src_lang, &src);
  if (s.ok()) s = CanonicalLanguageTag(tgt_lang, &tgt);
  if (!s.ok()) return s;
  s = ValidateUtf8(text, name);
  if (!s.ok()) return s;
  text.remove_prefix(Utf8BomLength(text));
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (TrimSpaces(line).empty() || line.front() == '#') continue;
    std::vector<std::string> cols = csv ? SplitCsvLine(line) : SplitTsvLine(line);
    const std::string where = std::string(name) + ":" + std::to_string(line_no);
    if (csv && cols.size() > 3) {
      // An unquoted comment with commas in it: the comment is everything after the target.
      for (size_t i = 3; i < cols.size(); ++i) cols[2] += ", " + cols[i];
      cols.resize(3);
    }
    if (cols.size() < 2 || cols.size() > 3) {
      std::string message = where + ": expected 2 or 3 " + (csv ? "comma" : "tab") +
                            "-separated columns (source, target, comment), found " + std::to_string(cols.size());
      if (!csv && cols.size() == 1 && line.find(',') != std::string_view::npos) {
        message += " (a comma-separated glossary: name it .csv or give --glossary-format csv)";
      }
      return Status::InvalidInput(message);
    }
    if (cols[0].empty() || cols[1].empty()) return Status::InvalidInput(where + ": empty source or target term");
    Concept c;
    c.id = "L" + std::to_string(line_no);
    if (cols.size() == 3) c.note = cols[2];
    Term a;
    a.text = cols[0];
    a.lang = src;
    a.line = line_no;
    Term b = a;
    b.text = cols[1];
    b.lang = tgt;
    c.terms.push_back(std::move(a));
    c.terms.push_back(std::move(b));
    glossary->concepts().push_back(std::move(c));
  }
  return Status::OK();
}

}  // namespace

Status ParseTsvGlossary(std::string_view text, std::string_view name, std::string_view src_lang,
                        std::string_view tgt_lang, Glossary* glossary) {
  return ParseDelimitedGlossary(text, name, src_lang, tgt_lang, false, glossary);
}

Status ParseCsvGlossary(std::string_view text, std::string_view name, std::string_view src_lang,
                        std::string_view tgt_lang, Glossary* glossary) {
  return ParseDelimitedGlossary(text, name, src_lang, tgt_lang, true, glossary);
}

std::string WriteTsvGlossary(const Glossary& glossary, std::string_view src_lang, std::string_view tgt_lang) {
  std::string out;
  for (const Concept& c : glossary.concepts()) {
    const Term* a = Glossary::PreferredTerm(c, src_lang);
    const Term* b = Glossary::PreferredTerm(c, tgt_lang);
    if (a == nullptr || b == nullptr) continue;
    out += Flatten(a->text) + "\t" + Flatten(b->text);
    if (!c.note.empty()) out += "\t" + Flatten(c.note);
    out += "\n";
  }
  return out;
}

}  // namespace tmkit
