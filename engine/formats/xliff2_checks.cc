// XLIFF 2 core: structure and processing requirements (docs/xliff.md, "What the reader checks").
// The OASIS test suites' core/invalid files are what this answers to (tests/unit/xliff_test.cc).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "formats/xliff_internal.h"
#include "tmkit/lang.h"

namespace tmkit {

std::string XmlWhere(const std::string& name, const XmlElement& e) {
  return name + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": ";
}

namespace {

constexpr std::string_view kFsNs = "urn:oasis:names:tc:xliff:fs:2.0";

bool IsNameStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsNameChar(unsigned char c) { return IsNameStart(c) || std::isdigit(c) || c == '-' || c == '.'; }

// XLIFF ids are NMTOKENs; ':' is allowed by XML but not by the fragment syntax, so it is refused.
bool IsNmtoken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

bool IsModuleNs(std::string_view ns) {
  return (ns.rfind("urn:oasis:names:tc:xliff:", 0) == 0 && ns != kXliff20Ns && ns != kXliff22Ns &&
          ns != kXliff12Ns) ||
         ns == "http://www.w3.org/2005/11/its";
}

// HTML element names fs:fs may carry (the Format Style module's list).
const std::set<std::string>& HtmlElements() {
  static const std::set<std::string> names = {
      "a", "abbr", "acronym", "address", "applet", "area", "b", "base", "basefont", "bdo", "big",
      "blockquote", "body", "br", "button", "caption", "center", "cite", "code", "col", "colgroup",
      "dd", "del", "dfn", "dir", "div", "dl", "dt", "em", "fieldset", "font", "form", "frame",
      "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "i", "iframe", "img",
      "input", "ins", "isindex", "kbd", "label", "legend", "li", "link", "map", "menu", "meta",
      "noframes", "noscript", "object", "ol", "optgroup", "option", "p", "param", "pre", "q", "s",
      "samp", "script", "select", "small", "span", "strike", "strong", "style", "sub", "sup",
      "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "tt", "u", "ul",
      "var"};
  return names;
}

// The elements each known module may put in an extension slot.
const std::map<std::string, std::set<std::string>>& ModuleTopElements() {
  static const std::map<std::string, std::set<std::string>> m = {
      {"urn:oasis:names:tc:xliff:matches:2.0", {"matches"}},
      {"urn:oasis:names:tc:xliff:glossary:2.0", {"glossary"}},
      {"urn:oasis:names:tc:xliff:metadata:2.0", {"metadata"}},
      {"urn:oasis:names:tc:xliff:resourcedata:2.0", {"resourceData"}},
      {"urn:oasis:names:tc:xliff:validation:2.0", {"validation"}},
      {"urn:oasis:names:tc:xliff:changetracking:2.0", {"changeTrack"}},
      {"urn:oasis:names:tc:xliff:sizerestriction:2.0", {"profiles", "data"}},
  };
  return m;
}

const std::set<std::string> kFragmentModulePrefixes = {"mtc", "gls", "mda", "res", "ctr", "slr", "val", "its"};

struct Code {
  std::string kind;  // element name
  const XmlElement* e;
};

struct Event {
  std::string what;  // "ph:1", "open:1", "close:1", "sc:1", "ec:1"
  std::string id;
};

class Checker {
 public:
  Checker(const XmlTree& tree, std::string_view core_ns, const std::string& name, const std::set<std::string>& extra)
      : t_(tree), core_(core_ns), name_(name), extra_prefixes_(extra) {}

  Status Run() {
    const XmlElement& root = t_.elements[0];
    Attrs(root, {"version", "srcLang", "trgLang"}, true, {"lang", "space"});
    if (!ok()) return error_;
    const std::string* src = root.Attr("srcLang");
    if (src == nullptr) return Fail(root, "<xliff> without srcLang");
    if (!Lang(root, *src, "srcLang")) return error_;
    src_lang_ = *src;
    if (const std::string* trg = root.Attr("trgLang")) {
      if (!Lang(root, *trg, "trgLang")) return error_;
      trg_lang_ = *trg;
    }
    Inherit root_inherit{LangOf(root, ""), SpaceOf(root, "default")};
    std::set<std::string> file_ids;
    bool any_file = false;
    bool files_started = false;
    std::set<std::string> note_ids;
    for (int c : root.Children()) {
      const XmlElement& f = t_.elements[c];
      // XLIFF 2.2 lets the document carry notes before its files.
      if (IsCore(f, "notes") && core_ == kXliff22Ns && !files_started) {
        if (!Notes(f, &note_ids)) return error_;
        files_started = true;
        continue;
      }
      files_started = true;
      if (!IsCore(f, "file")) return Fail(f, "<" + f.name + "> is not allowed in <xliff> (only <file>)");
      any_file = true;
      if (!File(f, root_inherit, &file_ids)) return error_;
    }
    if (!any_file) return Fail(root, "<xliff> without <file>");
    return error_;
  }

 private:
  struct Inherit {
    std::string lang;   // xml:lang in effect ("" = none)
    std::string space;  // xml:space in effect
    bool translate = true;
  };

  bool ok() const { return error_.ok(); }
  Status Fail(const XmlElement& e, const std::string& message) {
    if (error_.ok()) error_ = Status::InvalidInput(XmlWhere(name_, e) + message);
    return error_;
  }
  bool F(const XmlElement& e, const std::string& message) {
    Fail(e, message);
    return false;
  }

  bool IsCore(const XmlElement& e, std::string_view local) const { return e.ns == core_ && e.name == local; }

  std::string LangOf(const XmlElement& e, const std::string& inherited) const {
    const XmlAttribute* a = e.Find(kXmlNs, "lang");
    return a ? a->value : inherited;
  }
  std::string SpaceOf(const XmlElement& e, const std::string& inherited) const {
    const XmlAttribute* a = e.Find(kXmlNs, "space");
    return a ? a->value : inherited;
  }

  bool Lang(const XmlElement& e, const std::string& tag, const std::string& what) {
    std::string canonical;
    if (tag.find('_') != std::string::npos || !CanonicalLanguageTag(tag, &canonical).ok()) {
      return F(e, what + " \"" + tag + "\" is not a language tag (BCP 47)");
    }
    return true;
  }

  // Unprefixed attributes must be in `allowed`; xml: ones in `xml_allowed`; attributes of other
  // namespaces only where `extensible` (modules' attributes are allowed everywhere but fs rules).
  bool Attrs(const XmlElement& e, std::initializer_list<std::string_view> allowed, bool extensible,
             std::initializer_list<std::string_view> xml_allowed = {}) {
    for (const XmlAttribute& a : e.attrs) {
      if (a.ns.empty()) {
        if (std::find(allowed.begin(), allowed.end(), a.name) == allowed.end()) {
          return F(e, "attribute " + a.name + " is not allowed on <" + e.name + ">");
        }
      } else if (a.ns == kXmlNs) {
        if (std::find(xml_allowed.begin(), xml_allowed.end(), a.name) == xml_allowed.end()) {
          return F(e, "attribute xml:" + a.name + " is not allowed on <" + e.name + ">");
        }
        if (a.name == "space" && a.value != "default" && a.value != "preserve") {
          return F(e, "xml:space=\"" + a.value + "\" (default or preserve)");
        }
        if (a.name == "lang" && !Lang(e, a.value, "xml:lang")) return false;
      } else if (a.ns == kFsNs) {
        if (a.name != "fs" && a.name != "subFs") return F(e, "fs:" + a.name + " is not a Format Style attribute");
        if (a.name == "fs" && HtmlElements().count(a.value) == 0) {
          return F(e, "fs:fs=\"" + a.value + "\" is not an HTML element name");
        }
      } else if (a.ns == core_ || a.ns == kXliff20Ns || a.ns == kXliff22Ns) {
        return F(e, "attribute " + a.name + " in the XLIFF namespace is not allowed on <" + e.name + ">");
      } else if (!extensible && !IsModuleNs(a.ns)) {
        return F(e, "extension attribute " + (a.prefix.empty() ? "" : a.prefix + ":") + a.name +
                        " is not allowed on <" + e.name + ">");
      }
    }
    return true;
  }

  bool Enum(const XmlElement& e, std::string_view attr, std::initializer_list<std::string_view> values) {
    const std::string* v = e.Attr(attr);
    if (v == nullptr) return true;
    if (std::find(values.begin(), values.end(), *v) != values.end()) return true;
    std::string list;
    for (std::string_view x : values) list += (list.empty() ? "" : ", ") + std::string(x);
    return F(e, std::string(attr) + "=\"" + *v + "\" on <" + e.name + "> (allowed: " + list + ")");
  }

  bool Id(const XmlElement& e, bool required, std::string* id) {
    const std::string* v = e.Attr("id");
    if (v == nullptr) {
      if (required) return F(e, "<" + e.name + "> without id");
      id->clear();
      return true;
    }
    if (!IsNmtoken(*v)) return F(e, "id \"" + *v + "\" on <" + e.name + "> is not an NMTOKEN");
    *id = *v;
    return true;
  }

  bool Unique(const XmlElement& e, std::set<std::string>* seen, const std::string& id, const std::string& what) {
    if (id.empty()) return true;
    if (!seen->insert(id).second) return F(e, what + " id \"" + id + "\" is not unique");
    return true;
  }

  bool PrefixedValue(const std::string& v) {
    size_t colon = v.find(':');
    return colon != std::string::npos && colon > 0 && colon + 1 < v.size();
  }

  // Extension elements in a file, group or unit: known modules' names, and ids unique among
  // the extension elements of that one scope.
  bool Extension(const XmlElement& e, std::set<std::string>* ids) {
    if (e.ns == core_ || e.ns == kXliff20Ns || e.ns == kXliff22Ns) {
      return F(e, "<" + e.name + "> is not allowed here");
    }
    auto known = ModuleTopElements().find(e.ns);
    if (known != ModuleTopElements().end() && known->second.count(e.name) == 0) {
      return F(e, "<" + e.prefix + ":" + e.name + "> is not an element of its module");
    }
    if (IsModuleNs(e.ns)) return true;  // modules have their own id rules
    std::function<bool(const XmlElement&)> walk = [&](const XmlElement& x) {
      for (const XmlAttribute& a : x.attrs) {
        if (a.name == "id" && (a.ns.empty() || a.ns == kXmlNs)) {
          if (!ids->insert(a.value).second) return F(x, "extension element id \"" + a.value + "\" is not unique");
        }
      }
      for (int c : x.Children()) {
        if (!walk(t_.elements[c])) return false;
      }
      return true;
    };
    return walk(e);
  }

  bool Notes(const XmlElement& e, std::set<std::string>* note_ids) {
    if (!Attrs(e, {}, false)) return false;
    bool any = false;
    for (int c : e.Children()) {
      const XmlElement& n = t_.elements[c];
      if (!IsCore(n, "note")) return F(n, "<" + n.name + "> is not allowed in <notes>");
      any = true;
      if (!Attrs(n, {"id", "appliesTo", "category", "priority", "ref"}, true)) return false;
      if (n.Attr("ref") && core_ != kXliff22Ns) return F(n, "attribute ref on <note> is XLIFF 2.2");
      std::string id;
      if (!Id(n, false, &id) || !Unique(n, note_ids, id, "note")) return false;
      if (!Enum(n, "appliesTo", {"source", "target"})) return false;
      if (const std::string* p = n.Attr("priority")) {
        int v = std::atoi(p->c_str());
        if (p->empty() || p->find_first_not_of("0123456789") != std::string::npos || v < 1 || v > 10) {
          return F(n, "priority=\"" + *p + "\" (1 to 10)");
        }
      }
      if (!n.Children().empty()) return F(n, "<note> holds elements");
    }
    if (!any) return F(e, "<notes> without <note>");
    return true;
  }

  bool File(const XmlElement& f, const Inherit& up, std::set<std::string>* file_ids) {
    if (!Attrs(f, {"id", "canResegment", "original", "translate", "srcDir", "trgDir"}, true, {"lang", "space"})) return false;
    std::string id;
    if (!Id(f, true, &id) || !Unique(f, file_ids, id, "file")) return false;
    if (!Enum(f, "canResegment", {"yes", "no"}) || !Enum(f, "translate", {"yes", "no"}) ||
        !Enum(f, "srcDir", {"ltr", "rtl", "auto"}) || !Enum(f, "trgDir", {"ltr", "rtl", "auto"})) {
      return false;
    }
    file_id_ = id;
    Inherit in{LangOf(f, up.lang), SpaceOf(f, up.space), !(f.Attr("translate") && *f.Attr("translate") == "no")};
    group_ids_.clear();
    unit_ids_.clear();
    subflow_refs_.clear();
    std::set<std::string> ext_ids, note_ids;
    int stage = 0;  // 0 skeleton, 1 extensions, 2 notes, 3 units/groups
    bool any_unit = false;
    for (int c : f.Children()) {
      const XmlElement& e = t_.elements[c];
      if (IsCore(e, "skeleton")) {
        if (stage > 0) return F(e, "<skeleton> must come first in <file>");
        if (!Attrs(e, {"href"}, false)) return false;
        bool has_content = !e.Children().empty();
        for (const XmlContent& x : e.content) {
          if (x.element < 0 && x.text.find_first_not_of(" \t\r\n") != std::string::npos) has_content = true;
        }
        if (e.Attr("href") && has_content) return F(e, "<skeleton> with href must be empty");
        if (!e.Attr("href") && !has_content) return F(e, "<skeleton> without href must hold the skeleton");
        stage = 1;
      } else if (IsCore(e, "notes")) {
        if (stage > 2) return F(e, "<notes> must come before the units of a <file>");
        if (!Notes(e, &note_ids)) return false;
        stage = 3;
      } else if (IsCore(e, "unit") || IsCore(e, "group")) {
        stage = 3;
        any_unit = true;
        if (!(IsCore(e, "unit") ? Unit(e, in) : Group(e, in))) return false;
      } else {
        if (stage > 1) return F(e, "<" + e.name + "> (an extension) must come before notes and units");
        if (!Extension(e, &ext_ids)) return false;
        stage = 1;
      }
    }
    if (!any_unit) return F(f, "<file> without <unit> or <group>");
    for (const auto& [ref, where] : subflow_refs_) {
      if (unit_ids_.count(ref) == 0) return F(*where, "subFlows refers to unit \"" + ref + "\", which is not in the file");
    }
    return true;
  }

  bool Group(const XmlElement& g, const Inherit& up) {
    if (!Attrs(g, {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"}, true, {"lang", "space"})) return false;
    std::string id;
    if (!Id(g, true, &id) || !Unique(g, &group_ids_, id, "group")) return false;
    if (!Enum(g, "canResegment", {"yes", "no"}) || !Enum(g, "translate", {"yes", "no"}) ||
        !Enum(g, "srcDir", {"ltr", "rtl", "auto"}) || !Enum(g, "trgDir", {"ltr", "rtl", "auto"})) {
      return false;
    }
    if (const std::string* type = g.Attr("type"); type && !PrefixedValue(*type)) {
      return F(g, "type=\"" + *type + "\" on <group> must be prefix:value");
    }
    Inherit in{LangOf(g, up.lang), SpaceOf(g, up.space), g.Attr("translate") ? *g.Attr("translate") == "yes" : up.translate};
    std::set<std::string> ext_ids, note_ids;
    int stage = 1;
    for (int c : g.Children()) {
      const XmlElement& e = t_.elements[c];
      if (IsCore(e, "notes")) {
        if (stage > 1) return F(e, "<notes> must come before the units of a <group>");
        if (!Notes(e, &note_ids)) return false;
        stage = 2;
      } else if (IsCore(e, "unit") || IsCore(e, "group")) {
        stage = 3;
        if (!(IsCore(e, "unit") ? Unit(e, in) : Group(e, in))) return false;
      } else {
        if (stage > 1) return F(e, "<" + e.name + "> (an extension) must come before notes and units");
        if (!Extension(e, &ext_ids)) return false;
      }
    }
    return true;
  }

  // ---- units ----

  struct UnitState {
    std::string id;
    std::set<std::string> note_ids;
    std::set<std::string> data_ids;
    bool has_original_data = false;
    std::set<std::string> part_ids;         // segment and ignorable ids
    std::set<std::string> source_ids;       // inline ids in sources (and part ids)
    std::set<std::string> target_ids;
    std::map<std::string, const XmlElement*> source_codes, target_codes;  // id -> element
    std::vector<const XmlElement*> copy_ofs;
    std::vector<Event> source_events;
    std::vector<std::vector<Event>> target_events_by_part;
    std::vector<int> order;                 // per part: explicit order or 0
    std::vector<bool> has_target;
    std::vector<std::vector<const XmlElement*>> no_delete_codes;  // per part, from its source
    std::vector<std::set<std::string>> target_code_ids;           // per part
    // Pairing, per side: open sc / sm ids seen so far, and closed ones.
    struct Side {
      std::map<std::string, const XmlElement*> open_sc, open_sm;
      std::set<std::string> closed_sc, closed_sm;
    } src, trg;
  };

  bool Unit(const XmlElement& u, const Inherit& up) {
    if (!Attrs(u, {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"}, true, {"lang", "space"})) return false;
    UnitState st;
    if (!Id(u, true, &st.id) || !Unique(u, &unit_ids_, st.id, "unit")) return false;
    if (!Enum(u, "canResegment", {"yes", "no"}) || !Enum(u, "translate", {"yes", "no"}) ||
        !Enum(u, "srcDir", {"ltr", "rtl", "auto"}) || !Enum(u, "trgDir", {"ltr", "rtl", "auto"})) {
      return false;
    }
    if (const std::string* type = u.Attr("type"); type && !PrefixedValue(*type)) {
      return F(u, "type=\"" + *type + "\" on <unit> must be prefix:value");
    }
    Inherit in{LangOf(u, up.lang), SpaceOf(u, up.space), u.Attr("translate") ? *u.Attr("translate") == "yes" : up.translate};
    std::set<std::string> ext_ids;
    // Notes first: comment annotations refer to them.
    for (int c : u.Children()) {
      if (IsCore(t_.elements[c], "notes") && !Notes(t_.elements[c], &st.note_ids)) return false;
    }
    int stage = 1;  // 1 extensions, 2 notes, 3 originalData, 4 parts
    bool any_segment = false;
    std::vector<const XmlElement*> parts;
    for (int c : u.Children()) {
      const XmlElement& e = t_.elements[c];
      if (IsCore(e, "notes")) {
        if (stage > 1) return F(e, "<notes> must come before the segments of a <unit>");
        stage = 2;
      } else if (IsCore(e, "originalData")) {
        if (stage > 2) return F(e, "<originalData> must come before the segments of a <unit>");
        stage = 3;
        if (!OriginalData(e, &st)) return false;
      } else if (IsCore(e, "segment") || IsCore(e, "ignorable")) {
        stage = 4;
        any_segment |= IsCore(e, "segment");
        std::string id;
        if (!Id(e, false, &id) || !Unique(e, &st.part_ids, id, "segment or ignorable")) return false;
        if (!id.empty()) st.source_ids.insert(id);
        parts.push_back(&e);
      } else {
        if (stage > 1) return F(e, "<" + e.name + "> (an extension) must come before notes and segments");
        if (!Extension(e, &ext_ids)) return false;
      }
    }
    if (!any_segment) return F(u, "<unit> without <segment>");
    for (const XmlElement* p : parts) {
      if (!Part(*p, in, &st)) return false;
    }
    return CheckUnitCodes(u, &st);
  }

  bool OriginalData(const XmlElement& e, UnitState* st) {
    if (!Attrs(e, {}, false)) return false;
    st->has_original_data = true;
    for (int c : e.Children()) {
      const XmlElement& d = t_.elements[c];
      if (!IsCore(d, "data")) return F(d, "<" + d.name + "> is not allowed in <originalData>");
      if (!Attrs(d, {"id", "dir"}, false, {"space"}) || !Enum(d, "dir", {"ltr", "rtl", "auto"})) return false;
      std::string id;
      if (!Id(d, true, &id) || !Unique(d, &st->data_ids, id, "data")) return false;
      for (int x : d.Children()) {
        const XmlElement& cp = t_.elements[x];
        if (!IsCore(cp, "cp")) return F(cp, "<" + cp.name + "> is not allowed in <data> (only <cp>)");
        if (!Cp(cp)) return false;
      }
    }
    if (st->data_ids.empty()) return F(e, "<originalData> without <data>");
    return true;
  }

  bool Cp(const XmlElement& cp) {
    if (!Attrs(cp, {"hex"}, false)) return false;
    const std::string* hex = cp.Attr("hex");
    if (hex == nullptr) return F(cp, "<cp> without hex");
    if (hex->empty() || hex->size() > 8 || hex->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      return F(cp, "hex=\"" + *hex + "\" is not a hexadecimal code point");
    }
    unsigned long v = std::stoul(*hex, nullptr, 16);
    bool xml_invalid = (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || (v >= 0xD800 && v <= 0xDFFF) ||
                       v == 0xFFFE || v == 0xFFFF || v > 0x10FFFF;
    if (!xml_invalid) return F(cp, "<cp hex=\"" + *hex + "\"> codes a character XML allows: write it as text");
    return true;
  }

  bool Part(const XmlElement& p, const Inherit& in, UnitState* st) {
    bool segment = p.name == "segment";
    if (segment) {
      if (!Attrs(p, {"id", "canResegment", "state", "subState"}, false)) return false;
      if (!Enum(p, "canResegment", {"yes", "no"}) ||
          !Enum(p, "state", {"initial", "translated", "reviewed", "final"})) {
        return false;
      }
      if (const std::string* sub = p.Attr("subState")) {
        if (!p.Attr("state")) return F(p, "subState without state");
        if (!PrefixedValue(*sub)) return F(p, "subState=\"" + *sub + "\" must be prefix:value");
      }
    } else if (!Attrs(p, {"id"}, false)) {
      return false;
    }
    const XmlElement* source = nullptr;
    const XmlElement* target = nullptr;
    for (int c : p.Children()) {
      const XmlElement& e = t_.elements[c];
      if (IsCore(e, "source")) {
        if (source) return F(e, "a second <source> in <" + p.name + ">");
        if (target) return F(e, "<source> after <target>");
        source = &e;
      } else if (IsCore(e, "target")) {
        if (target) return F(e, "a second <target> in <" + p.name + ">");
        target = &e;
      } else {
        return F(e, "<" + e.name + "> is not allowed in <" + p.name + ">");
      }
    }
    if (!source) return F(p, "<" + p.name + "> without <source>");
    size_t index = st->order.size();
    st->order.push_back(0);
    st->has_target.push_back(target != nullptr);
    st->no_delete_codes.emplace_back();
    st->target_code_ids.emplace_back();
    st->target_events_by_part.emplace_back();
    if (!Attrs(*source, {}, false, {"lang", "space"})) return false;
    std::string src_lang = LangOf(*source, in.lang);
    if (!src_lang.empty() && !LanguageMatchesExactly(src_lang, src_lang_)) {
      return F(*source, "the source's xml:lang \"" + src_lang + "\" is not srcLang \"" + src_lang_ + "\"");
    }
    if (!Inline(*source, false, index, st)) return false;
    if (target) {
      if (!Attrs(*target, {"order"}, false, {"lang", "space"})) return false;
      if (trg_lang_.empty()) return F(*target, "a <target> in a document without trgLang");
      std::string lang = LangOf(*target, in.lang);
      if (!lang.empty() && !LanguageMatchesExactly(lang, trg_lang_)) {
        return F(*target, "the target's xml:lang \"" + lang + "\" is not trgLang \"" + trg_lang_ + "\"");
      }
      if (SpaceOf(*source, in.space) != SpaceOf(*target, in.space)) {
        return F(*target, "the target's xml:space differs from its source's");
      }
      if (const std::string* order = target->Attr("order")) {
        if (order->empty() || order->find_first_not_of("0123456789") != std::string::npos || std::atoi(order->c_str()) < 1) {
          return F(*target, "order=\"" + *order + "\" is not a positive number");
        }
        st->order[index] = std::atoi(order->c_str());
      }
      if (!Inline(*target, true, index, st)) return false;
    }
    return true;
  }

  static bool LanguageMatchesExactly(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
  }

  bool YesNoAttrs(const XmlElement& e) {
    return Enum(e, "canCopy", {"yes", "no"}) && Enum(e, "canDelete", {"yes", "no"}) &&
           Enum(e, "canOverlap", {"yes", "no"}) && Enum(e, "canReorder", {"yes", "firstNo", "no"}) &&
           Enum(e, "isolated", {"yes", "no"}) && Enum(e, "dir", {"ltr", "rtl", "auto"}) &&
           Enum(e, "translate", {"yes", "no"});
  }

  bool TypeAttrs(const XmlElement& e) {
    const std::string* type = e.Attr("type");
    const std::string* sub = e.Attr("subType");
    if (type && !(*type == "fmt" || *type == "ui" || *type == "quote" || *type == "link" || *type == "image" ||
                  *type == "other")) {
      return F(e, "type=\"" + *type + "\" on <" + e.name + "> (fmt, ui, quote, link, image or other)");
    }
    if (sub) {
      if (!type) return F(e, "subType without type");
      if (!PrefixedValue(*sub)) return F(e, "subType=\"" + *sub + "\" must be prefix:value");
      if (sub->rfind("xlf:", 0) == 0) {
        std::string v = sub->substr(4);
        std::string need;
        if (v == "lb" || v == "pb" || v == "b" || v == "i" || v == "u") need = "fmt";
        else if (v == "var") need = "ui";
        else return F(e, "subType=\"" + *sub + "\" is not an xlf: value");
        if (*type != need) return F(e, "subType=\"" + *sub + "\" needs type=\"" + need + "\"");
      }
    }
    return true;
  }

  bool DataRef(const XmlElement& e, std::string_view attr, UnitState* st) {
    const std::string* ref = e.Attr(attr);
    if (!ref) return true;
    if (!st->has_original_data) return F(e, std::string(attr) + "=\"" + *ref + "\" but the unit has no <originalData>");
    if (st->data_ids.count(*ref) == 0) return F(e, std::string(attr) + "=\"" + *ref + "\" refers to no <data>");
    return true;
  }

  bool SubFlows(const XmlElement& e, std::string_view attr) {
    const std::string* v = e.Attr(attr);
    if (!v) return true;
    size_t start = 0;
    while (start < v->size()) {
      size_t end = v->find(' ', start);
      if (end == std::string::npos) end = v->size();
      std::string ref = v->substr(start, end - start);
      if (!ref.empty()) {
        if (!IsNmtoken(ref)) return F(e, std::string(attr) + "=\"" + *v + "\" is not a list of unit ids");
        subflow_refs_.emplace_back(ref, &e);
      }
      start = end + 1;
    }
    return true;
  }

  bool InlineId(const XmlElement& e, bool in_target, UnitState* st, const std::string& id) {
    if (id.empty()) return true;
    if (in_target) {
      if (st->part_ids.count(id)) return F(e, "inline id \"" + id + "\" is also a segment's id");
      if (!st->target_ids.insert(id).second) return F(e, "inline id \"" + id + "\" is not unique in the targets");
      st->target_codes[id] = &e;
    } else {
      if (!st->source_ids.insert(id).second) return F(e, "id \"" + id + "\" is not unique in the unit");
      st->source_codes[id] = &e;
    }
    return true;
  }

  // The content of a <source> or <target>.
  bool Inline(const XmlElement& parent, bool in_target, size_t part, UnitState* st) {
    auto& side = in_target ? st->trg : st->src;
    auto& events = in_target ? st->target_events_by_part[part] : st->source_events;
    for (int c : parent.Children()) {
      const XmlElement& e = t_.elements[c];
      if (e.ns != core_) return F(e, "<" + e.name + "> is not allowed in <" + parent.name + ">");
      std::string id;
      const std::string& n = e.name;
      if (n == "cp") {
        if (!Cp(e)) return false;
        continue;
      }
      if (n == "ph") {
        if (!Attrs(e, {"canCopy", "canDelete", "canReorder", "copyOf", "disp", "equiv", "id", "dataRef", "subFlows",
                       "subType", "type"}, false) ||
            !Id(e, true, &id) || !YesNoAttrs(e) || !TypeAttrs(e) || !DataRef(e, "dataRef", st) || !SubFlows(e, "subFlows")) {
          return false;
        }
        events.push_back({"ph", id});
      } else if (n == "pc") {
        if (!Attrs(e, {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dispEnd", "dispStart", "equivEnd",
                       "equivStart", "id", "dataRefEnd", "dataRefStart", "subFlowsEnd", "subFlowsStart", "subType", "type",
                       "dir"}, false) ||
            !Id(e, true, &id) || !YesNoAttrs(e) || !TypeAttrs(e) || !DataRef(e, "dataRefStart", st) ||
            !DataRef(e, "dataRefEnd", st) || !SubFlows(e, "subFlowsStart") || !SubFlows(e, "subFlowsEnd")) {
          return false;
        }
      } else if (n == "sc") {
        if (!Attrs(e, {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dataRef", "dir", "disp", "equiv", "id",
                       "isolated", "subFlows", "subType", "type"}, false) ||
            !Id(e, true, &id) || !YesNoAttrs(e) || !TypeAttrs(e) || !DataRef(e, "dataRef", st) || !SubFlows(e, "subFlows")) {
          return false;
        }
        if (side.open_sc.count(id) || side.closed_sc.count(id)) return F(e, "<sc id=\"" + id + "\"> twice");
        side.open_sc[id] = &e;
        events.push_back({"sc", id});
      } else if (n == "ec") {
        if (!Attrs(e, {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dataRef", "dir", "disp", "equiv", "id",
                       "isolated", "startRef", "subFlows", "subType", "type"}, false) ||
            !YesNoAttrs(e) || !TypeAttrs(e) || !DataRef(e, "dataRef", st) || !SubFlows(e, "subFlows")) {
          return false;
        }
        bool isolated = e.Attr("isolated") && *e.Attr("isolated") == "yes";
        const std::string* start_ref = e.Attr("startRef");
        if (isolated) {
          if (start_ref) return F(e, "an isolated <ec> takes id, not startRef");
          if (!Id(e, true, &id)) return false;
          events.push_back({"ec", id});
        } else {
          if (!start_ref) return F(e, "<ec> without startRef (and not isolated=\"yes\")");
          if (e.Attr("id")) return F(e, "a paired <ec> takes startRef, not id");
          auto open = side.open_sc.find(*start_ref);
          if (open == side.open_sc.end()) return F(e, "<ec startRef=\"" + *start_ref + "\"> without an <sc> before it");
          const XmlElement& sc = *open->second;
          if (sc.Attr("isolated") && *sc.Attr("isolated") == "yes") {
            return F(e, "<ec> closes <sc id=\"" + *start_ref + "\">, which says it is isolated");
          }
          for (std::string_view a : {"canCopy", "canDelete", "canOverlap"}) {
            std::string sv = sc.Attr(a) ? *sc.Attr(a) : "yes", ev = e.Attr(a) ? *e.Attr(a) : "yes";
            if (sv != ev) return F(e, std::string(a) + " of <ec> differs from its <sc>'s");
          }
          std::string sr = sc.Attr("canReorder") ? *sc.Attr("canReorder") : "yes";
          std::string er = e.Attr("canReorder") ? *e.Attr("canReorder") : "yes";
          if ((sr == "yes") != (er == "yes")) return F(e, "canReorder of <ec> does not agree with its <sc>'s");
          for (const XmlAttribute& a : e.attrs) {
            if (a.ns == kFsNs) return F(e, "fs:" + a.name + " is not allowed on a paired <ec>");
          }
          side.open_sc.erase(open);
          side.closed_sc.insert(*start_ref);
          events.push_back({"/sc", *start_ref});
          continue;
        }
      } else if (n == "mrk") {
        if (!Attrs(e, {"id", "translate", "type", "ref", "value"}, true) || !Id(e, true, &id) || !YesNoAttrs(e) ||
            !Annotation(e, st)) {
          return false;
        }
      } else if (n == "sm") {
        if (!Attrs(e, {"id", "translate", "type", "ref", "value"}, true) || !Id(e, true, &id) || !YesNoAttrs(e) ||
            !Annotation(e, st)) {
          return false;
        }
        side.open_sm[id] = &e;
      } else if (n == "em") {
        if (!Attrs(e, {"startRef"}, false)) return false;
        const std::string* start_ref = e.Attr("startRef");
        if (!start_ref) return F(e, "<em> without startRef");
        auto open = side.open_sm.find(*start_ref);
        if (open == side.open_sm.end()) return F(e, "<em startRef=\"" + *start_ref + "\"> without an <sm> before it");
        side.open_sm.erase(open);
        side.closed_sm.insert(*start_ref);
        continue;
      } else {
        return F(e, "<" + n + "> is not an XLIFF 2 inline element");
      }
      if (!InlineId(e, in_target, st, id)) return false;
      if (n == "ph" || n == "pc" || n == "sc" || n == "ec") {
        if (e.Attr("copyOf")) {
          if (e.Attr("dataRef") || e.Attr("dataRefStart") || e.Attr("dataRefEnd")) {
            return F(e, "copyOf and original data on the same code");
          }
          st->copy_ofs.push_back(&e);
        }
        if (!in_target && e.Attr("canDelete") && *e.Attr("canDelete") == "no") st->no_delete_codes[part].push_back(&e);
        if (in_target) st->target_code_ids[part].insert(id);
        std::string reorder = e.Attr("canReorder") ? *e.Attr("canReorder") : "yes";
        if (reorder != "yes") {
          if (!(e.Attr("canCopy") && *e.Attr("canCopy") == "no") || !(e.Attr("canDelete") && *e.Attr("canDelete") == "no")) {
            return F(e, "canReorder=\"" + reorder + "\" needs canCopy=\"no\" and canDelete=\"no\"");
          }
        }
      }
      if (n == "pc") {
        events.push_back({"pc", id});
        if (!Inline(e, in_target, part, st)) return false;
        events.push_back({"/pc", id});
      } else if (n == "mrk") {
        if (!Inline(e, in_target, part, st)) return false;
      } else if (!e.Children().empty()) {
        return F(e, "<" + n + "> holds elements");
      }
    }
    return true;
  }

  bool Annotation(const XmlElement& e, UnitState* st) {
    const std::string* type = e.Attr("type");
    const std::string* ref = e.Attr("ref");
    const std::string* value = e.Attr("value");
    if (type && !(*type == "generic" || *type == "comment" || *type == "term" || PrefixedValue(*type))) {
      return F(e, "type=\"" + *type + "\" on <" + e.name + "> (generic, comment, term or prefix:value)");
    }
    if (ref && !ref->empty() && (*ref)[0] == '#' && !Fragment(e, ref->substr(1))) return false;
    if (type && *type == "comment") {
      if ((ref != nullptr) == (value != nullptr)) return F(e, "a comment annotation takes either value or ref");
      if (ref) {
        std::vector<std::pair<std::string, std::string>> parts;
        if (ref->empty() || (*ref)[0] != '#' || !SplitFragment(ref->substr(1), &parts) || parts.empty() ||
            parts.back().first != "n") {
          return F(e, "a comment's ref=\"" + *ref + "\" does not point to a <note> of the unit");
        }
        bool has_file = false, has_unit = false;
        for (const auto& [prefix, id] : parts) {
          if (prefix == "f") {
            has_file = true;
            if (id != file_id_) return F(e, "a comment's ref=\"" + *ref + "\" points outside its file");
          } else if (prefix == "u") {
            has_unit = true;
            if (id != st->id) return F(e, "a comment's ref=\"" + *ref + "\" points outside its unit");
          } else if (prefix == "g") {
            return F(e, "a comment's ref=\"" + *ref + "\" points to a group's note, not the unit's");
          }
        }
        if (has_file && !has_unit) return F(e, "a comment's ref=\"" + *ref + "\" points to a file's note, not the unit's");
        if (st->note_ids.count(parts.back().second) == 0) {
          return F(e, "a comment's ref=\"" + *ref + "\" names no <note> of the unit");
        }
      }
    }
    return true;
  }

  // "/f=f1/u=1/n=n1" or "m1": (prefix, id) pairs; a bare id has prefix "".
  bool SplitFragment(const std::string& frag, std::vector<std::pair<std::string, std::string>>* parts) {
    std::string s = frag;
    if (!s.empty() && s[0] == '/') s.erase(0, 1);
    if (s.empty()) return false;
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find('/', start);
      if (end == std::string::npos) end = s.size();
      std::string part = s.substr(start, end - start);
      if (part.empty()) return false;
      size_t eq = part.find('=');
      if (eq == std::string::npos) {
        parts->emplace_back("", part);
      } else {
        parts->emplace_back(part.substr(0, eq), part.substr(eq + 1));
      }
      start = end + 1;
      if (end == s.size()) break;
    }
    return true;
  }

  // The XLIFF 2 fragment identifier syntax: f, then g..., then u, then one leaf (n, d, t, a
  // module's prefix or a bare id), each prefix once.
  bool Fragment(const XmlElement& e, const std::string& frag) {
    std::vector<std::pair<std::string, std::string>> parts;
    auto bad = [&](const std::string& why) { return F(e, "fragment identifier \"#" + frag + "\": " + why); };
    if (!SplitFragment(frag, &parts)) return bad("malformed");
    int level = 0;  // 1 f, 2 g, 3 u, 4 leaf
    std::set<std::string> seen;
    for (size_t i = 0; i < parts.size(); ++i) {
      const auto& [prefix, id] = parts[i];
      bool last = i + 1 == parts.size();
      if (!prefix.empty() && !IsNmtoken(prefix)) return bad("prefix \"" + prefix + "\" is not an NMTOKEN");
      if (!IsNmtoken(id)) return bad("\"" + id + "\" is not an id");
      if (prefix != "g" && !seen.insert(prefix).second) return bad("prefix \"" + prefix + "=\" used twice");
      int this_level;
      if (prefix == "f") this_level = 1;
      else if (prefix == "g") this_level = 2;
      else if (prefix == "u") this_level = 3;
      else if (prefix.empty() || prefix == "n" || prefix == "d" || prefix == "t") this_level = 4;
      else if (prefix.size() == 1) return bad("unknown prefix \"" + prefix + "=\"");
      else if (kFragmentModulePrefixes.count(prefix) || extra_prefixes_.count(prefix)) this_level = 4;
      else return bad("unknown prefix \"" + prefix + "=\" (not registered)");
      if (this_level < level || (this_level == level && this_level != 2)) return bad("selectors out of order");
      if (this_level == 4 && !last) return bad("\"" + (prefix.empty() ? id : prefix + "=" + id) + "\" must be the last part");
      level = this_level;
    }
    return true;
  }

  // Pairing, references, canDelete and canReorder across the whole unit.
  bool CheckUnitCodes(const XmlElement& u, UnitState* st) {
    for (auto* side : {&st->src, &st->trg}) {
      for (const auto& [id, sc] : side->open_sc) {
        if (!(sc->Attr("isolated") && *sc->Attr("isolated") == "yes")) {
          return F(*sc, "<sc id=\"" + id + "\"> has no <ec> in the unit and is not isolated=\"yes\"");
        }
      }
      for (const auto& [id, sm] : side->open_sm) return F(*sm, "<sm id=\"" + id + "\"> has no <em> in the unit");
    }
    for (const XmlElement* e : st->copy_ofs) {
      const std::string& ref = *e->Attr("copyOf");
      const XmlElement* base = nullptr;
      auto s = st->source_codes.find(ref);
      if (s != st->source_codes.end()) base = s->second;
      auto t = st->target_codes.find(ref);
      if (base == nullptr && t != st->target_codes.end()) base = t->second;
      if (base == nullptr || base->name == "mrk" || base->name == "sm") {
        return F(*e, "copyOf=\"" + ref + "\" refers to no code of the unit");
      }
      if (base->Attr("canCopy") && *base->Attr("canCopy") == "no") {
        return F(*e, "copyOf=\"" + ref + "\" copies a code that says canCopy=\"no\"");
      }
    }
    // A code that cannot be deleted stays in the unit's targets.
    std::set<std::string> all_target_ids;
    for (const auto& ids : st->target_code_ids) all_target_ids.insert(ids.begin(), ids.end());
    for (size_t p = 0; p < st->has_target.size(); ++p) {
      if (!st->has_target[p]) continue;
      for (const XmlElement* code : st->no_delete_codes[p]) {
        if (all_target_ids.count(*code->Attr("id")) == 0) {
          return F(*code, "code \"" + *code->Attr("id") + "\" says canDelete=\"no\" but a target leaves it out");
        }
      }
    }
    // order: explicit or implicit positions, each used once.
    std::set<int> orders;
    size_t n = st->order.size();
    for (size_t p = 0; p < n; ++p) {
      int o = st->order[p] != 0 ? st->order[p] : static_cast<int>(p + 1);
      if (o > static_cast<int>(n)) return F(u, "a target's order " + std::to_string(o) + " is past the unit's parts");
      if (!orders.insert(o).second) return F(u, "two targets have order " + std::to_string(o));
    }
    return CheckReordering(u, st);
  }

  bool CheckReordering(const XmlElement& u, UnitState* st) {
    // Sequences in the source: a firstNo code, then the codes with "no" right after it.
    std::vector<std::vector<std::string>> sequences;
    for (const Event& ev : st->source_events) {
      if (ev.what == "/pc" || ev.what == "/sc") continue;
      const XmlElement* code = st->source_codes.count(ev.id) ? st->source_codes[ev.id] : nullptr;
      std::string reorder = code && code->Attr("canReorder") ? *code->Attr("canReorder") : "yes";
      if (reorder == "firstNo") {
        sequences.push_back({ev.id});
      } else if (reorder == "no") {
        if (sequences.empty() || sequences.back().empty()) {
          return F(code ? *code : u, "canReorder=\"no\" without a canReorder=\"firstNo\" code before it");
        }
        sequences.back().push_back(ev.id);
      } else if (!sequences.empty()) {
        sequences.push_back({});  // a movable code ends the sequence
      }
    }
    if (sequences.empty()) return true;
    for (bool t : st->has_target) {
      if (!t) return true;  // nothing to compare until every part has its target
    }
    std::vector<size_t> by_order(st->order.size());
    for (size_t p = 0; p < by_order.size(); ++p) by_order[p] = p;
    std::stable_sort(by_order.begin(), by_order.end(), [&](size_t a, size_t b) {
      int oa = st->order[a] ? st->order[a] : static_cast<int>(a + 1);
      int ob = st->order[b] ? st->order[b] : static_cast<int>(b + 1);
      return oa < ob;
    });
    std::vector<std::string> target;
    for (size_t p : by_order) {
      for (const Event& ev : st->target_events_by_part[p]) target.push_back(ev.what + ":" + ev.id);
    }
    std::vector<std::string> source;
    for (const Event& ev : st->source_events) source.push_back(ev.what + ":" + ev.id);
    for (const auto& seq : sequences) {
      if (seq.empty()) continue;
      std::set<std::string> ids(seq.begin(), seq.end());
      size_t first = source.size(), last = 0;
      for (size_t i = 0; i < st->source_events.size(); ++i) {
        if (ids.count(st->source_events[i].id)) {
          first = std::min(first, i);
          last = i;
        }
      }
      std::vector<std::string> span(source.begin() + static_cast<long>(first), source.begin() + static_cast<long>(last) + 1);
      if (std::search(target.begin(), target.end(), span.begin(), span.end()) == target.end()) {
        return F(u, "the codes from \"" + seq.front() + "\" (canReorder=\"firstNo\") are not in their source order in the target");
      }
    }
    return true;
  }

  const XmlTree& t_;
  std::string core_;
  std::string name_;
  const std::set<std::string>& extra_prefixes_;
  Status error_;
  std::string src_lang_, trg_lang_, file_id_;
  std::set<std::string> group_ids_, unit_ids_;
  std::vector<std::pair<std::string, const XmlElement*>> subflow_refs_;
};

}  // namespace

Status CheckXliff2(const XmlTree& tree, std::string_view core_ns, const std::string& name,
                   const std::set<std::string>& extra_fragment_prefixes) {
  Checker checker(tree, core_ns, name, extra_fragment_prefixes);
  return checker.Run();
}

}  // namespace tmkit
