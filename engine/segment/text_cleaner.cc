// Clean-up of extracted text before segmentation, modelled on pragmatic_segmenter's Cleaner
// (lib/pragmatic_segmenter/cleaner.rb). Each step is one linear pass over the text; no regular
// expressions, so long inputs cannot blow a backtracking stack.
#include "tmkit/text_cleaner.h"

#include <cctype>
#include <cstring>
#include <vector>

namespace tmkit {
namespace {

bool IsAsciiAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool StartsWith(std::string_view s, size_t i, std::string_view prefix) {
  return s.size() - i >= prefix.size() && s.compare(i, prefix.size(), prefix) == 0;
}

// Text pasted from JSON or logs carries escaped line breaks ("Hello. \r\n Hello."), sometimes with a
// stray space after the backslash ("\ n").
std::string UnescapeLineBreaks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      size_t j = i + 1;
      if (j < s.size() && s[j] == ' ') ++j;
      if (j < s.size() && (s[j] == 'n' || s[j] == 'r')) {
        out.push_back('\n');
        i = j;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// CRLF and a lone CR (old Mac line ends) both become LF.
std::string NormalizeLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Tags after which the text on the page starts on a new line.
bool IsBlockTag(std::string_view name) {
  static const char* const kBlock[] = {"p",  "div", "br", "h1", "h2",  "h3",    "h4",         "h5",
                                       "h6", "li",  "ul", "ol", "tr",  "table", "blockquote", "title",
                                       "section", "article", "header", "footer", "pre", "hr", "dd", "dt"};
  for (const char* tag : kBlock) {
    if (name.size() == std::strlen(tag)) {
      bool same = true;
      for (size_t k = 0; k < name.size() && same; ++k) same = std::tolower(static_cast<unsigned char>(name[k])) == tag[k];
      if (same) return true;
    }
  }
  return false;
}

// Length of an HTML/XML tag starting at s[i] == '<' ("<p>", "</em>", '<img src="a>b">', "<br/>"),
// 0 if there is none. The name must start with a letter; quoted attribute values may hold '>'.
size_t TagLength(std::string_view s, size_t i, std::string_view* name) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '/') ++j;
  if (j >= s.size() || !IsAsciiAlpha(s[j])) return 0;
  size_t name_begin = j;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == ':' || s[j] == '_')) ++j;
  *name = s.substr(name_begin, j - name_begin);
  char quote = 0;
  for (; j < s.size(); ++j) {
    char c = s[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return j + 1 - i;
    } else if (c == '<') {
      return 0;
    }
  }
  return 0;
}

// Length of an escaped tag "&lt;b&gt;" / "&lt;/b&gt;" at s[i], 0 if none.
size_t EscapedTagLength(std::string_view s, size_t i) {
  if (!StartsWith(s, i, "&lt;")) return 0;
  size_t j = i + 4;
  if (j < s.size() && s[j] == '/') ++j;
  if (j >= s.size() || !IsAsciiAlpha(s[j])) return 0;
  size_t close = s.find("&gt;", j);
  size_t reopen = s.find("&lt;", j);
  if (close == std::string_view::npos || close - i > 200 || reopen < close) return 0;
  return close + 4 - i;
}

// Inline formatting placeholders of some CAT tools: "{b^>1<b^}", "{b^&gt;1&lt;b^}".
size_t PlaceholderLength(std::string_view s, size_t i) {
  for (std::string_view open : {std::string_view("{b^>"), std::string_view("{b^&gt;")}) {
    if (!StartsWith(s, i, open)) continue;
    size_t j = i + open.size();
    while (j < s.size() && IsAsciiDigit(s[j])) ++j;
    std::string_view close = open.size() == 4 ? "<b^}" : "&lt;b^}";
    if (StartsWith(s, j, close)) return j + close.size() - i;
  }
  return 0;
}

std::string RemoveMarkup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = 0;
    std::string_view name;
    if (s[i] == '<' && (n = TagLength(s, i, &name)) > 0) {
      if (IsBlockTag(name) && !out.empty() && out.back() != '\n') out.push_back('\n');
    } else if (s[i] == '&') {
      n = EscapedTagLength(s, i);
    } else if (s[i] == '{') {
      n = PlaceholderLength(s, i);
    }
    if (n) {
      i += n;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// TeX / Penn Treebank quotes: `` and '' are double quotes, a lone ` opens a single quote.
std::string NormalizeBackquotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '`' || s[i] == '\'') && i + 1 < s.size() && s[i + 1] == s[i]) {
      out.push_back('"');
      ++i;
    } else if (s[i] == '`') {
      out.push_back('\'');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Dot leaders: "Chapter 2 ........ 6" ends the entry (a paragraph break), page number dropped;
// other runs of 5+ periods become a space; runs of 3+ slashes (ASCII-art rules) are removed.
std::string RemoveLeadersAndRules(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '.' || c == '/') {
      size_t j = i;
      while (j < s.size() && s[j] == c) ++j;
      if (c == '.' && j - i >= 5) {
        size_t k = j;
        while (k < s.size() && IsBlank(s[k])) ++k;
        size_t digits = k;
        while (digits < s.size() && IsAsciiDigit(s[digits])) ++digits;
        if (digits > k) {
          while (digits < s.size() && s[digits] == '-') ++digits;  // "16-17"
          while (digits < s.size() && IsAsciiDigit(s[digits])) ++digits;
          out += "\n\n";
          i = digits;
        } else {
          out.push_back(' ');
          i = j;
        }
        continue;
      }
      if (c == '/' && j - i >= 3) {
        i = j;
        continue;
      }
      out.append(s.substr(i, j - i));
      i = j;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

std::string_view Trim(std::string_view line) {
  size_t b = 0, e = line.size();
  while (b < e && IsBlank(line[b])) ++b;
  while (e > b && IsBlank(line[e - 1])) --e;
  return line.substr(b, e - b);
}

bool IsShortLetterRun(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 2) return false;
  for (char c : line) if (!IsAsciiAlpha(c)) return false;
  return true;
}

// Layout debris of extracted pages: a line that is only a page number or a single punctuation mark.
bool IsDebrisLine(std::string_view line) {
  line = Trim(line);
  if (line.empty()) return false;
  if (line.size() <= 4) {
    bool digits = true;
    for (char c : line) digits &= IsAsciiDigit(c);
    if (digits) return true;
  }
  return line.size() == 1 && std::ispunct(static_cast<unsigned char>(line[0])) && line[0] != '.';
}

// Line-level clean-up; spaces and tabs are collapsed inside lines, which are trimmed.
std::string CleanLines(std::string_view s) {
  std::vector<std::string> lines;
  for (size_t pos = 0; pos <= s.size();) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view raw = Trim(s.substr(pos, nl - pos));
    std::string line;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (IsBlank(raw[i])) {
        if (!line.empty() && line.back() != ' ') line.push_back(' ');
      } else {
        line.push_back(raw[i]);
      }
    }
    lines.push_back(std::move(line));
    pos = nl + 1;
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    // Vertical text ("W\nA\nRN\nI\nNG"): three or more lines of one or two letters are one word.
    size_t run = i;
    while (run < lines.size() && IsShortLetterRun(lines[run])) ++run;
    if (run - i >= 3) {
      std::string word;
      for (size_t k = i; k < run; ++k) word += lines[k];
      kept.push_back(std::move(word));
      i = run - 1;
      continue;
    }
    const std::string& line = lines[i];
    // A full stop alone at the start of a line belongs to the line before ("pricing\n. Next").
    if (!line.empty() && line[0] == '.' && (line.size() == 1 || line[1] == ' ') && !kept.empty() &&
        !kept.back().empty()) {
      kept.back().push_back('.');
      std::string_view rest = Trim(std::string_view(line).substr(1));
      if (!rest.empty()) kept.back().append(" ").append(rest);
      continue;
    }
    if (IsDebrisLine(line)) continue;
    kept.push_back(line);
  }
  // One blank line between paragraphs; none at the start or the end.
  std::string out;
  bool blank_pending = false;
  for (const std::string& line : kept) {
    if (line.empty()) {
      blank_pending = !out.empty();
      continue;
    }
    if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
    blank_pending = false;
    out += line;
  }
  return out;
}

}  // namespace

std::string CleanTextForSegmentation(std::string_view text) {
  std::string s = UnescapeLineBreaks(text);
  s = NormalizeLineEnds(s);
  s = RemoveMarkup(s);
  s = NormalizeBackquotes(s);
  s = RemoveLeadersAndRules(s);
  return CleanLines(s);
}

}  // namespace tmkit
