// TMX markup of a TM segment back into XLIFF inline content (xliff.h PlaceCodes, docs/xliff.md).
#include <map>

#include "formats/xliff_internal.h"

namespace tmkit {
namespace {

struct TmxCode {
  XliffCode::Kind kind;
  std::string i, x;  // attributes as written
};

// A piece of parsed TMX markup: text (code < 0) or the index of a code.
struct Piece {
  int code = -1;
  std::string text;  // unescaped
};

std::string AttrValue(std::string_view tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  size_t at = tag.find(key);
  if (at == std::string_view::npos) return "";
  at += key.size();
  size_t end = tag.find('"', at);
  return end == std::string_view::npos ? "" : std::string(tag.substr(at, end - at));
}

void Unescape(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out->push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out->push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out->push_back('&');
    else if (ent == "lt") out->push_back('<');
    else if (ent == "gt") out->push_back('>');
    else if (ent == "quot") out->push_back('"');
    else if (ent == "apos") out->push_back('\'');
    else out->append(s.substr(i, semi - i + 1));
    i = semi;
  }
}

// Splits TMX <seg> markup into text and codes; native code content and <sub> are dropped, <hi>
// tags are dropped and their text kept. False on markup it cannot follow.
bool ParseMarkup(std::string_view m, std::vector<Piece>* pieces, std::vector<TmxCode>* codes) {
  size_t at = 0;
  while (at < m.size()) {
    size_t lt = m.find('<', at);
    if (lt != at) {
      std::string text;
      Unescape(m.substr(at, (lt == std::string_view::npos ? m.size() : lt) - at), &text);
      pieces->push_back({-1, text});
      if (lt == std::string_view::npos) break;
    }
    size_t gt = m.find('>', lt);
    if (gt == std::string_view::npos) return false;
    std::string_view tag = m.substr(lt, gt - lt + 1);
    at = gt + 1;
    if (tag.size() > 1 && tag[1] == '/') continue;  // </hi>
    size_t name_end = tag.find_first_of(" />", 1);
    std::string name(tag.substr(1, name_end - 1));
    bool empty = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (name == "hi") continue;
    if (name != "bpt" && name != "ept" && name != "ph" && name != "it" && name != "ut") return false;
    if (!empty) {  // skip the native code up to the element's end (nested <sub> allowed)
      std::string close = "</" + name + ">";
      size_t end = m.find(close, at);
      if (end == std::string_view::npos) return false;
      at = end + close.size();
    }
    TmxCode code;
    code.i = AttrValue(tag, "i");
    code.x = AttrValue(tag, "x");
    if (name == "bpt") code.kind = XliffCode::Kind::kOpen;
    else if (name == "ept") code.kind = XliffCode::Kind::kClose;
    else if (name == "it") code.kind = AttrValue(tag, "pos") == "begin" ? XliffCode::Kind::kIsolatedOpen : XliffCode::Kind::kIsolatedClose;
    else code.kind = XliffCode::Kind::kStandalone;
    pieces->push_back({static_cast<int>(codes->size()), {}});
    codes->push_back(code);
  }
  return true;
}

}  // namespace

bool PlaceCodes(const XliffDocument&, const XliffText& source, const std::string& tm_source_markup,
                const std::string& tm_text, const std::string& tm_markup, std::string* out) {
  out->clear();
  std::vector<Piece> src_pieces, tgt_pieces;
  std::vector<TmxCode> src_codes, tgt_codes;
  if (!tm_source_markup.empty() && !ParseMarkup(tm_source_markup, &src_pieces, &src_codes)) return false;
  // The TM's source codes stand, in order, for the segment's own codes: same number, same kinds.
  if (src_codes.size() != source.codes.size()) return false;
  for (size_t k = 0; k < src_codes.size(); ++k) {
    if (src_codes[k].kind != source.codes[k].kind) return false;
  }
  if (tm_markup.empty()) {
    AppendXmlText(tm_text, out);
    return true;
  }
  if (!ParseMarkup(tm_markup, &tgt_pieces, &tgt_codes)) return false;
  // Which source code a target code is: x for bpt/ph/it, i for ept (through its bpt's i).
  std::map<std::string, size_t> by_x, open_by_i, close_by_i;
  for (size_t k = 0; k < src_codes.size(); ++k) {
    const TmxCode& c = src_codes[k];
    if (c.kind == XliffCode::Kind::kClose) {
      close_by_i[c.i] = k;
    } else {
      if (!c.x.empty()) by_x[c.x] = k;
      if (c.kind == XliffCode::Kind::kOpen) open_by_i[c.i] = k;
    }
  }
  std::map<std::string, std::string> target_open_i_to_source_i;  // target bpt i -> source bpt i
  for (const Piece& p : tgt_pieces) {
    if (p.code < 0) {
      AppendXmlText(p.text, out);
      continue;
    }
    const TmxCode& c = tgt_codes[static_cast<size_t>(p.code)];
    size_t k = SIZE_MAX;
    if (c.kind == XliffCode::Kind::kClose) {
      auto mapped = target_open_i_to_source_i.find(c.i);
      std::string i = mapped != target_open_i_to_source_i.end() ? mapped->second : c.i;
      auto it = close_by_i.find(i);
      if (it != close_by_i.end()) k = it->second;
    } else {
      auto it = !c.x.empty() ? by_x.find(c.x) : by_x.end();
      if (it != by_x.end()) {
        k = it->second;
      } else if (c.kind == XliffCode::Kind::kOpen) {
        auto oi = open_by_i.find(c.i);
        if (oi != open_by_i.end()) k = oi->second;
      }
      if (k != SIZE_MAX && c.kind == XliffCode::Kind::kOpen) target_open_i_to_source_i[c.i] = src_codes[k].i;
    }
    if (k == SIZE_MAX || src_codes[k].kind != c.kind) return false;
    out->append(source.codes[k].tag);
  }
  return true;
}

}  // namespace tmkit
