// TMX 1.4 writer (docs/tmx.md): valid against tmx14.dtd and tmx14.xsd, written to a temporary
// file and renamed into place so a failed export leaves nothing behind.

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include "formats/tmx_attributes.h"
#include "tmkit/lang.h"
#include "tmkit/tmx.h"

namespace tmkit {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

bool AllowedAnnotationAttr(const std::string& name) { return name == "xml:lang" || name == "o-encoding"; }

bool ValidSegtype(const std::string& v) {
  return v == "block" || v == "paragraph" || v == "sentence" || v == "phrase";
}

void Escape(std::string_view s, bool attribute, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"':
        if (attribute) out->append("&quot;"); else out->push_back(c);
        break;
      case '\t':
        if (attribute) out->append("&#9;"); else out->push_back(c);
        break;
      case '\n':
        if (attribute) out->append("&#10;"); else out->push_back(c);
        break;
      case '\r': out->append("&#13;"); break;
      default:
        // XML 1.0 cannot carry other C0 controls at all; readers reject them, so never write one.
        if (static_cast<unsigned char>(c) < 0x20) break;
        out->push_back(c);
    }
  }
}

void Attr(std::string* out, std::string_view name, std::string_view value) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  Escape(value, true, out);
  out->push_back('"');
}

void WriteAnnotations(std::string* out, const char* indent, const std::vector<Note>& notes, const std::vector<Prop>& props) {
  for (const Note& note : notes) {
    out->append(indent);
    out->append("<note");
    for (const auto& [k, v] : note.attrs) {
      if (AllowedAnnotationAttr(k)) Attr(out, k, v);
    }
    out->push_back('>');
    Escape(note.value, false, out);
    out->append("</note>\n");
  }
  for (const Prop& prop : props) {
    out->append(indent);
    out->append("<prop");
    Attr(out, "type", prop.type);
    for (const auto& [k, v] : prop.attrs) {
      if (AllowedAnnotationAttr(k)) Attr(out, k, v);
    }
    out->push_back('>');
    Escape(prop.value, false, out);
    out->append("</prop>\n");
  }
}

// TMX 1.4b's inline elements, the attributes tmx14.dtd declares for each, and the elements each may
// contain (docs/tmx.md, "Inline markup on export").
struct InlineRule {
  std::string_view name;
  std::vector<std::string_view> attributes;
  bool holds_markup;  // hi and sub hold inline elements; the native-code elements only <sub>
};

const InlineRule* RuleFor(std::string_view name) {
  static const std::vector<InlineRule> rules = {
      {"bpt", {"i", "x", "type"}, false}, {"ept", {"i"}, false},          {"it", {"pos", "x", "type"}, false},
      {"ph", {"x", "assoc", "type"}, false}, {"ut", {"x"}, false},        {"hi", {"x", "type"}, true},
      {"sub", {"datatype", "type"}, true},
  };
  for (const InlineRule& r : rules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Rewrites a variant's markup (as the reader serialised it: well-formed, escaped) in TMX 1.4b's own
// terms, so every export is valid against tmx14.dtd: attributes the DTD does not declare are
// dropped, except id/rid that stand for what TMX calls i (bpt, ept) or x (a number, elsewhere);
// a bpt/ept without i or an it without pos becomes a ph; an element where the DTD allows no such
// child (a <sub> in the segment itself, a <hi> inside native code) is unwrapped, its content kept.
// Idempotent, so an export read back and exported again is the same file.
std::string ValidInlineMarkup(std::string_view markup) {
  // Where content goes: the segment itself, a hi/sub (inline elements allowed), native code.
  enum class Context { kSeg, kMarkup, kCode };
  struct Open {
    std::string name;  // as written, or empty when unwrapped
    Context inside;    // the context its content is in (its parent's, when unwrapped)
  };
  std::string out;
  out.reserve(markup.size());
  std::vector<Open> stack;
  size_t i = 0;
  while (i < markup.size()) {
    size_t lt = markup.find('<', i);
    if (lt == std::string_view::npos) lt = markup.size();
    out.append(markup.substr(i, lt - i));  // text, escaped already
    if (lt == markup.size()) break;
    size_t gt = markup.find('>', lt);
    if (gt == std::string_view::npos) break;  // never so in the reader's markup
    std::string_view tag = markup.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (!tag.empty() && tag[0] == '/') {
      if (stack.empty()) continue;
      if (!stack.back().name.empty()) out.append("</" + stack.back().name + ">");
      stack.pop_back();
      continue;
    }
    bool empty = !tag.empty() && tag.back() == '/';
    if (empty) tag.remove_suffix(1);
    size_t name_end = tag.find_first_of(" \t\n");
    std::string name(tag.substr(0, name_end));
    Attributes attrs;
    for (size_t at = name_end; at != std::string_view::npos && at < tag.size();) {
      size_t eq = tag.find("=\"", at);
      if (eq == std::string_view::npos) break;
      size_t key_begin = tag.find_first_not_of(" \t\n", at);
      size_t close = tag.find('"', eq + 2);
      if (close == std::string_view::npos) break;
      attrs.emplace_back(std::string(tag.substr(key_begin, eq - key_begin)), std::string(tag.substr(eq + 2, close - eq - 2)));
      at = close + 1;
    }
    auto value = [&](std::string_view key) -> const std::string* {
      for (const auto& [k, v] : attrs) {
        if (k == key) return &v;
      }
      return nullptr;
    };
    // What TMX calls i and x, under the names other tools give them.
    Attributes mapped;
    for (const auto& [k, v] : attrs) {
      if ((k == "id" || k == "rid") && (name == "bpt" || name == "ept") && value("i") == nullptr) {
        if (std::none_of(mapped.begin(), mapped.end(), [](const auto& a) { return a.first == "i"; })) mapped.emplace_back("i", v);
      } else if (k == "id" && name != "ept" && name != "sub" && value("x") == nullptr && AllDigits(v)) {
        mapped.emplace_back("x", v);
      } else {
        mapped.emplace_back(k, v);
      }
    }
    auto has = [&](std::string_view key) {
      return std::any_of(mapped.begin(), mapped.end(), [&](const auto& a) { return a.first == key; });
    };
    if (((name == "bpt" || name == "ept") && !has("i")) ||
        (name == "it" && !(value("pos") != nullptr && (*value("pos") == "begin" || *value("pos") == "end")))) {
      name = "ph";
    }
    const InlineRule* rule = RuleFor(name);
    Context context = stack.empty() ? Context::kSeg : stack.back().inside;
    bool allowed = rule != nullptr && (name == "sub" ? context == Context::kCode : context != Context::kCode);
    if (!allowed) {
      if (!empty) stack.push_back({std::string(), context});
      continue;
    }
    out.push_back('<');
    out.append(name);
    for (const auto& [k, v] : mapped) {
      if (std::find(rule->attributes.begin(), rule->attributes.end(), k) == rule->attributes.end()) continue;
      out.append(" " + k + "=\"" + v + "\"");  // escaped already
    }
    if (empty) {
      out.append("/>");
    } else {
      out.push_back('>');
      stack.push_back({name, rule->holds_markup ? Context::kMarkup : Context::kCode});
    }
  }
  return out;
}

void TmkitProp(std::string* out, std::string_view type, std::string_view value, const char* indent = "      ") {
  out->append(indent);
  out->append("<prop");
  Attr(out, "type", type);
  out->push_back('>');
  Escape(value, false, out);
  out->append("</prop>\n");
}

// The attributes of a <tu> or <tuv> after those written from the unit's fields (`written`): those
// the DTD declares there go in the start tag, the rest (sdl:origin, xmlns:sdl, a second
// creationdate, a segtype the DTD does not list) into *as_props.
void SplitAttributes(std::string_view element, const Attributes& attrs, std::vector<std::string_view>* written,
                     std::string* out, Attributes* as_props) {
  for (const auto& [k, v] : attrs) {
    if (TmxDeclaresAttribute(element, k) && std::find(written->begin(), written->end(), k) == written->end() &&
        (k != "segtype" || ValidSegtype(v))) {
      Attr(out, k, v);
      written->push_back(k);
    } else {
      as_props->emplace_back(k, v);
    }
  }
}

void AttributeProps(std::string* out, const char* indent, const Attributes& attrs) {
  for (const auto& [k, v] : attrs) TmkitProp(out, std::string(kAttributeProp) + k, v, indent);
}

// The <header>: tmkit's own creationtool and srclang; the stored header's (the TMX files imported
// into the TM, options.header) other attributes, or tmkit's defaults; its notes and props; what
// the DTD does not let the start tag carry as x-tmkit-* props (docs/tmx.md).
void WriteHeader(const TmxWriteOptions& options, const std::string& source_lang, std::string* out) {
  const TmxHeader& stored = options.header;
  auto value = [&](std::string_view name, const std::string& fallback) {
    for (const auto& [k, v] : stored.attrs) {
      if (k == name && (name != "segtype" || ValidSegtype(v))) return v;
    }
    return fallback;
  };
  Attributes attrs = {{"creationtool", options.creation_tool},
                      {"creationtoolversion", options.creation_tool_version},
                      {"segtype", value("segtype", ValidSegtype(options.segtype) ? options.segtype : "sentence")},
                      {"o-tmf", value("o-tmf", "tmkit")},
                      {"adminlang", value("adminlang", "en")},
                      {"srclang", source_lang.empty() ? "*all*" : source_lang},
                      {"datatype", value("datatype", options.datatype)}};
  std::vector<Prop> extra;
  Attributes as_props;
  for (const auto& attr : stored.attrs) {  // not a structured binding: C++17 lambdas cannot capture one
    const std::string& k = attr.first;
    const std::string& v = attr.second;
    auto same = std::find_if(attrs.begin(), attrs.end(), [&](const auto& a) { return a.first == k; });
    if (k == "srclang") continue;  // every unit carries its own
    if (same == attrs.end() && TmxDeclaresAttribute("header", k)) {
      attrs.emplace_back(k, v);
    } else if (same != attrs.end() && same->second != v) {
      if (k == "creationtool" || k == "creationtoolversion") {
        extra.push_back({std::string(kHeaderAttributeProp) + k, v, {}});
      } else {
        as_props.emplace_back(k, v);  // a segtype the DTD does not list
      }
    } else if (same == attrs.end()) {
      as_props.emplace_back(k, v);
    }
  }
  out->append("  <header");
  for (const auto& [k, v] : attrs) Attr(out, k, v);
  if (stored.notes.empty() && stored.props.empty() && extra.empty() && as_props.empty() && stored.root_attrs.empty()) {
    out->append("/>\n");
    return;
  }
  out->append(">\n");
  WriteAnnotations(out, "    ", stored.notes, stored.props);
  for (const Prop& p : extra) {
    if (std::find(stored.props.begin(), stored.props.end(), p) == stored.props.end()) TmkitProp(out, p.type, p.value, "    ");
  }
  AttributeProps(out, "    ", as_props);
  for (const auto& [k, v] : stored.root_attrs) TmkitProp(out, std::string(kRootAttributeProp) + k, v, "    ");
  out->append("  </header>\n");
}

}  // namespace

Status TmxWriter::Create(const std::string& path, const TmxWriteOptions& options, std::unique_ptr<TmxWriter>* writer) {
  std::unique_ptr<TmxWriter> w(new TmxWriter());
  w->options_ = options;
  if (!options.source_lang.empty()) {
    Status s = CanonicalLanguageTag(options.source_lang, &w->options_.source_lang);
    if (!s.ok()) return s;
  }
  Status opened = OutputFile::Open(path, &w->file_);
  if (!opened.ok()) return opened;
  std::string& out = w->buffer_;
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
  WriteHeader(options, w->options_.source_lang, &out);
  out.append("  <body>\n");
  *writer = std::move(w);
  return Status::OK();
}

TmxWriter::~TmxWriter() = default;

void TmxWriter::Flush() {
  if (buffer_.empty() || !status_.ok()) return;
  status_ = file_->Append(buffer_);
  buffer_.clear();
}

Status TmxWriter::Write(const Unit& unit, bool* written) {
  *written = false;
  std::vector<const Variant*> variants;
  std::set<size_t> langs_met;
  for (const Variant& v : unit.variants) {
    bool wanted = options_.langs.empty();
    for (size_t i = 0; i < options_.langs.size(); ++i) {
      if (LanguageMatches(options_.langs[i], v.lang)) {
        wanted = true;
        langs_met.insert(i);
      }
    }
    if (wanted) variants.push_back(&v);
  }
  if (variants.empty()) return Status::OK();
  // With a language filter, a unit must keep two of the languages asked for to be a translation.
  if (options_.langs.size() >= 2 && langs_met.size() < 2) return Status::OK();
  // The export's source language first, for readers that take the first <tuv> as the source.
  if (!options_.source_lang.empty()) {
    for (size_t i = 1; i < variants.size(); ++i) {
      if (LanguageMatches(options_.source_lang, variants[i]->lang) &&
          !LanguageMatches(options_.source_lang, variants[0]->lang)) {
        const Variant* v = variants[i];
        variants.erase(variants.begin() + static_cast<long>(i));
        variants.insert(variants.begin(), v);
        break;
      }
    }
  }
  std::string& out = buffer_;
  out.append("    <tu");
  std::vector<std::string_view> tu_written;  // names, so that an attribute is never written twice
  auto field = [&](const char* name, const std::string& value) {
    Attr(&out, name, value);
    tu_written.push_back(name);
  };
  if (!unit.tuid.empty()) field("tuid", unit.tuid);
  if (!unit.source_lang.empty()) field("srclang", unit.source_lang);
  if (unit.created != 0) field("creationdate", FormatTmxDate(unit.created));
  if (!unit.created_by.empty()) field("creationid", unit.created_by);
  if (unit.changed != 0) field("changedate", FormatTmxDate(unit.changed));
  if (!unit.changed_by.empty()) field("changeid", unit.changed_by);
  Attributes tu_as_props;
  SplitAttributes("tu", unit.attrs, &tu_written, &out, &tu_as_props);
  out.append(">\n");
  // With a language filter, the unit's props about a language left out (a multilingual unit's
  // per-language align confidence, xml:lang="ar") are left out with it.
  std::vector<Prop> props;
  for (const Prop& p : unit.props) {
    bool kept = true;
    for (const auto& attr : p.attrs) {  // not a structured binding: C++17 lambdas cannot capture one
      if (attr.first != "xml:lang" || options_.langs.empty()) continue;
      kept = std::any_of(options_.langs.begin(), options_.langs.end(),
                         [&](const std::string& l) { return LanguageMatches(l, attr.second); });
    }
    if (kept) props.push_back(p);
  }
  WriteAnnotations(&out, "      ", unit.notes, props);
  AttributeProps(&out, "      ", tu_as_props);
  if (!unit.document.empty()) TmkitProp(&out, "x-tmkit-document", unit.document);
  if (unit.position >= 0) TmkitProp(&out, "x-tmkit-position", std::to_string(unit.position));
  if (!unit.prev_source.empty()) TmkitProp(&out, "x-tmkit-prev", unit.prev_source);
  if (!unit.next_source.empty()) TmkitProp(&out, "x-tmkit-next", unit.next_source);
  for (const Variant* v : variants) {
    out.append("      <tuv");
    Attr(&out, "xml:lang", v->lang);
    std::vector<std::string_view> tuv_written = {"xml:lang", "lang"};
    Attributes tuv_as_props;
    SplitAttributes("tuv", v->attrs, &tuv_written, &out, &tuv_as_props);
    out.append(">\n");
    WriteAnnotations(&out, "        ", v->notes, v->props);
    AttributeProps(&out, "        ", tuv_as_props);
    out.append("        <seg>");
    if (v->markup.empty()) {
      Escape(v->text, false, &out);
    } else {
      out.append(ValidInlineMarkup(v->markup));
    }
    out.append("</seg>\n      </tuv>\n");
  }
  out.append("    </tu>\n");
  if (out.size() >= kFlushBytes) Flush();
  *written = true;
  return status_;
}

Status TmxWriter::Finish() {
  buffer_.append("  </body>\n</tmx>\n");
  Flush();
  if (!status_.ok()) return status_;
  return file_->Commit();
}

}  // namespace tmkit
