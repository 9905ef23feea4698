// XLIFF 1.2 and 2.x into XliffDocument (docs/xliff.md): version detection, the 1.2 checks, the
// model, and inline content as plain text plus TMX markup.
#include <functional>
#include <map>
#include <set>

#include "formats/xliff_internal.h"
#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

std::string TagBytes(const XmlTree& t, size_t begin, size_t end) {
  return end > begin ? t.bytes.substr(begin, end - begin) : std::string();
}

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// All text under an element (native code content of 1.2 codes).
std::string AllText(const XmlTree& t, const XmlElement& e) {
  std::string out;
  for (const XmlContent& c : e.content) {
    if (c.element < 0) out += c.text; else out += AllText(t, t.elements[c.element]);
  }
  return out;
}

// Builds XliffText from the content of a <source>, <target> or segment <mrk>.
class InlineBuilder {
 public:
  InlineBuilder(const XmlTree& t, bool v2, const std::string& name, const std::map<std::string, int>* x_by_id)
      : t_(t), v2_(v2), name_(name), x_by_id_(x_by_id) {}

  Status Build(const XmlElement& parent, XliffText* out) {
    out_ = out;
    CollectPairs(parent);
    Walk(parent);
    if (!error_.ok()) return error_;
    if (!has_code_) out->markup.clear();
    return Status::OK();
  }

  // The x number each XLIFF id got (the source's numbering is reused for its target).
  const std::map<std::string, int>& x_by_id() const { return own_x_; }

 private:
  // Which opening codes have their closing code in this same segment (else they are isolated).
  void CollectPairs(const XmlElement& e) {
    for (int c : e.Children()) {
      const XmlElement& k = t_.elements[c];
      if (k.name == "sc" || k.name == "bx" || (k.name == "bpt" && !v2_)) opens_.insert(PairKey(k));
      if (k.name == "ec" || k.name == "ex" || (k.name == "ept" && !v2_)) closes_.insert(PairKey(k));
      CollectPairs(k);
    }
  }

  std::string PairKey(const XmlElement& k) const {
    if (k.name == "ec") return k.Attr("startRef") ? *k.Attr("startRef") : "";
    if (k.name == "sc") return k.Attr("id") ? *k.Attr("id") : "";
    const std::string* rid = k.Attr("rid");
    if (rid) return *rid;
    return k.Attr("id") ? *k.Attr("id") : "";
  }

  int X(const std::string& id) {
    auto own = own_x_.find(id);
    if (own != own_x_.end()) return own->second;
    int x = 0;
    if (x_by_id_) {
      auto it = x_by_id_->find(id);
      if (it != x_by_id_->end()) x = it->second;
    }
    if (x == 0) {
      x = next_x_;
      if (x_by_id_) {
        for (const auto& [k, v] : *x_by_id_) x = std::max(x, v + 1);
        for (const auto& [k, v] : own_x_) x = std::max(x, v + 1);
      }
      next_x_ = x + 1;
    }
    own_x_[id] = x;
    return x;
  }

  int PairI(const std::string& key) {
    auto it = i_by_key_.find(key);
    if (it != i_by_key_.end()) return it->second;
    int i = static_cast<int>(i_by_key_.size()) + 1;
    i_by_key_[key] = i;
    return i;
  }

  void Text(std::string_view s) {
    out_->text.append(s);
    AppendXmlText(s, &out_->markup);
  }

  void Code(XliffCode::Kind kind, const XmlElement& e, const std::string& id, const std::string& tag, const std::string& tmx) {
    has_code_ = true;
    XliffCode code;
    code.kind = kind;
    code.id = id;
    code.tag = tag;
    const std::string* type = e.Attr(v2_ ? "type" : "ctype");
    if (type) code.type = *type;
    out_->codes.push_back(std::move(code));
    out_->markup += tmx;
  }

  std::string TypeAttr(const XmlElement& e) {
    const std::string* type = e.Attr(v2_ ? "type" : "ctype");
    if (!type) return "";
    std::string out = " type=\"";
    AppendXmlAttr(*type, &out);
    return out + "\"";
  }

  std::string Native(const XmlElement& e) {
    std::string out;
    for (const XmlContent& c : e.content) {
      if (c.element < 0) {
        AppendXmlText(c.text, &out);
      } else {
        const XmlElement& sub = t_.elements[c.element];
        out += "<sub>";
        AppendXmlText(AllText(t_, sub), &out);
        out += "</sub>";
      }
    }
    return out;
  }

  void Walk(const XmlElement& parent) {
    for (const XmlContent& c : parent.content) {
      if (!error_.ok()) return;
      if (c.element < 0) {
        Text(c.text);
        continue;
      }
      const XmlElement& e = t_.elements[c.element];
      std::string id = e.Attr("id") ? *e.Attr("id") : "";
      const std::string& n = e.name;
      std::string start = TagBytes(t_, e.start_begin, e.start_end);
      std::string whole = TagBytes(t_, e.start_begin, e.end_end);
      std::string end = TagBytes(t_, e.end_begin, e.end_end);
      if (v2_ && n == "cp") {
        out_->has_cp = true;
        AppendCodePoint(static_cast<uint32_t>(std::stoul(*e.Attr("hex"), nullptr, 16)), &out_->text);
      } else if ((v2_ && n == "pc") || (!v2_ && n == "g")) {
        int x = X(id), i = PairI("pc:" + id);
        Code(XliffCode::Kind::kOpen, e, id, start,
             "<bpt i=\"" + std::to_string(i) + "\" x=\"" + std::to_string(x) + "\"" + TypeAttr(e) + "/>");
        Walk(e);
        Code(XliffCode::Kind::kClose, e, id, end, "<ept i=\"" + std::to_string(i) + "\"/>");
      } else if ((v2_ && n == "ph") || (!v2_ && n == "x")) {
        Code(XliffCode::Kind::kStandalone, e, id, whole,
             "<ph x=\"" + std::to_string(X(id)) + "\"" + TypeAttr(e) + "/>");
      } else if (!v2_ && n == "ph") {
        Code(XliffCode::Kind::kStandalone, e, id, whole,
             "<ph x=\"" + std::to_string(X(id)) + "\"" + TypeAttr(e) + ">" + Native(e) + "</ph>");
      } else if ((v2_ && n == "sc") || (!v2_ && (n == "bx" || n == "bpt"))) {
        std::string key = PairKey(e);
        std::string native = n == "bpt" ? Native(e) : "";
        std::string tag = n == "bpt" ? whole : start;
        if (closes_.count(key)) {
          Code(XliffCode::Kind::kOpen, e, key, tag,
               "<bpt i=\"" + std::to_string(PairI("sc:" + key)) + "\" x=\"" + std::to_string(X(key)) + "\"" + TypeAttr(e) +
                   ">" + native + "</bpt>");
        } else {
          Code(XliffCode::Kind::kIsolatedOpen, e, key, tag,
               "<it pos=\"begin\" x=\"" + std::to_string(X(key)) + "\"" + TypeAttr(e) + ">" + native + "</it>");
        }
      } else if ((v2_ && n == "ec") || (!v2_ && (n == "ex" || n == "ept"))) {
        std::string key = PairKey(e);
        if (v2_ && e.Attr("isolated") && *e.Attr("isolated") == "yes") key = id;
        std::string native = n == "ept" ? Native(e) : "";
        std::string tag = n == "ept" ? whole : start;
        if (opens_.count(key) && !(v2_ && e.Attr("isolated") && *e.Attr("isolated") == "yes")) {
          Code(XliffCode::Kind::kClose, e, key, tag, "<ept i=\"" + std::to_string(PairI("sc:" + key)) + "\">" + native + "</ept>");
        } else {
          Code(XliffCode::Kind::kIsolatedClose, e, key, tag,
               "<it pos=\"end\" x=\"" + std::to_string(X(key)) + "\"" + TypeAttr(e) + ">" + native + "</it>");
        }
      } else if (!v2_ && n == "it") {
        std::string pos = e.Attr("pos") ? *e.Attr("pos") : "";
        if (pos != "open" && pos != "close") {
          error_ = Status::InvalidInput(XmlWhere(name_, e) + "<it> needs pos=\"open\" or pos=\"close\"");
          return;
        }
        Code(pos == "open" ? XliffCode::Kind::kIsolatedOpen : XliffCode::Kind::kIsolatedClose, e, id, whole,
             "<it pos=\"" + std::string(pos == "open" ? "begin" : "end") + "\" x=\"" + std::to_string(X(id)) + "\"" +
                 TypeAttr(e) + ">" + Native(e) + "</it>");
      } else if (n == "mrk") {
        Walk(e);  // an annotation, not a code: its text is the segment's
      } else if (v2_ && (n == "sm" || n == "em")) {
        // annotation markers: no text, no code
      } else {
        error_ = Status::InvalidInput(XmlWhere(name_, e) + "<" + n + "> is not an XLIFF " + (v2_ ? "2" : "1.2") +
                                      " inline element");
        return;
      }
    }
  }

  const XmlTree& t_;
  bool v2_;
  std::string name_;
  const std::map<std::string, int>* x_by_id_;
  std::map<std::string, int> own_x_;
  int next_x_ = 1;
  std::map<std::string, int> i_by_key_;
  std::set<std::string> opens_, closes_;
  XliffText* out_ = nullptr;
  bool has_code_ = false;
  Status error_;
};

class Reader {
 public:
  Reader(const std::string& name, XliffDocument* doc, const XliffReadOptions& options)
      : name_(name), doc_(doc), options_(options) {}

  Status Run(std::string bytes) {
    auto tree = std::make_shared<XliffTree>();
    Status s = ParseXmlTree(std::move(bytes), name_, XmlLimits(), &tree->xml);
    if (!s.ok()) return s;
    t_ = &tree->xml;
    doc_->tree = tree;
    const XmlElement& root = t_->elements[0];
    if (root.name != "xliff") return Fail(root, "not XLIFF (the root element is <" + root.name + ">)");
    const std::string* version = root.Attr("version");
    if (version == nullptr) return Fail(root, "<xliff> without version");
    doc_->version = *version;
    if (*version == "2.0" || *version == "2.1" || *version == "2.2") {
      std::string_view want = *version == "2.2" ? kXliff22Ns : kXliff20Ns;
      if (root.ns != want) {
        return Fail(root, "XLIFF " + *version + " in namespace \"" + root.ns + "\" (expected " + std::string(want) + ")");
      }
      core_ = root.ns;
      std::set<std::string> extra(options_.extra_fragment_prefixes.begin(), options_.extra_fragment_prefixes.end());
      s = CheckXliff2(*t_, core_, name_, extra);
      if (!s.ok()) return s;
      return Read2(root);
    }
    if (*version == "1.2" || *version == "1.1" || *version == "1.0") {
      if (!root.ns.empty() && root.ns != kXliff12Ns && root.ns != "urn:oasis:names:tc:xliff:document:1.1") {
        return Fail(root, "XLIFF " + *version + " in namespace \"" + root.ns + "\"");
      }
      core_ = root.ns;
      return Read12(root);
    }
    return Fail(root, "unknown XLIFF version \"" + *version + "\" (1.2, 2.0, 2.1 or 2.2)");
  }

 private:
  Status Fail(const XmlElement& e, const std::string& message) {
    return Status::InvalidInput(XmlWhere(name_, e) + message);
  }

  bool Core(const XmlElement& e, std::string_view local) const { return e.ns == core_ && e.name == local; }
  const XmlElement& El(int i) const { return t_->elements[i]; }

  Status Canonical(const XmlElement& e, const std::string& tag, const char* what, std::string* out) {
    if (tag.empty()) {
      out->clear();
      return Status::OK();
    }
    if (!CanonicalLanguageTag(tag, out).ok()) return Fail(e, std::string(what) + " \"" + tag + "\" is not a language code");
    return Status::OK();
  }

  XliffNote Note(const XmlElement& n, bool v2) {
    XliffNote note;
    note.text = AllText(*t_, n);
    if (const std::string* c = n.Attr(v2 ? "category" : "from")) note.category = *c;
    if (const std::string* a = n.Attr(v2 ? "appliesTo" : "annotates")) note.applies_to = *a;
    return note;
  }

  // ---- XLIFF 2 ----

  Status Read2(const XmlElement& root) {
    Status s = Canonical(root, *root.Attr("srcLang"), "srcLang", &doc_->source_lang);
    if (s.ok() && root.Attr("trgLang")) s = Canonical(root, *root.Attr("trgLang"), "trgLang", &doc_->target_lang);
    if (!s.ok()) return s;
    for (int c : root.Children()) {
      const XmlElement& f = El(c);
      if (!Core(f, "file")) continue;  // 2.2 document-level <notes>
      XliffFile file;
      file.id = *f.Attr("id");
      if (f.Attr("original")) file.original = *f.Attr("original");
      file.source_lang = doc_->source_lang;
      file.target_lang = doc_->target_lang;
      bool translate = !(f.Attr("translate") && *f.Attr("translate") == "no");
      std::vector<std::string> groups;
      s = Container2(f, translate, &groups, &file, &file.notes);
      if (!s.ok()) return s;
      doc_->files.push_back(std::move(file));
    }
    return Status::OK();
  }

  Status Container2(const XmlElement& e, bool translate, std::vector<std::string>* groups, XliffFile* file,
                    std::vector<XliffNote>* notes) {
    for (int c : e.Children()) {
      const XmlElement& k = El(c);
      if (Core(k, "notes")) {
        for (int n : k.Children()) notes->push_back(Note(El(n), true));
      } else if (Core(k, "group")) {
        bool t = k.Attr("translate") ? *k.Attr("translate") == "yes" : translate;
        groups->push_back(*k.Attr("id"));
        std::vector<XliffNote> ignored;
        Status s = Container2(k, t, groups, file, &ignored);
        groups->pop_back();
        if (!s.ok()) return s;
      } else if (Core(k, "unit")) {
        Status s = Unit2(k, k.Attr("translate") ? *k.Attr("translate") == "yes" : translate, *groups, file);
        if (!s.ok()) return s;
      }
    }
    return Status::OK();
  }

  Status Unit2(const XmlElement& u, bool translate, const std::vector<std::string>& groups, XliffFile* file) {
    XliffUnit unit;
    unit.id = *u.Attr("id");
    if (u.Attr("name")) unit.name = *u.Attr("name");
    unit.groups = groups;
    unit.translate = translate;
    unit.line = u.line;
    unit.element = static_cast<int>(&u - t_->elements.data());
    for (int c : u.Children()) {
      const XmlElement& k = El(c);
      if (Core(k, "notes")) {
        for (int n : k.Children()) unit.notes.push_back(Note(El(n), true));
      } else if (Core(k, "segment") || Core(k, "ignorable")) {
        XliffSegment seg;
        seg.ignorable = k.name == "ignorable";
        if (k.Attr("id")) seg.id = *k.Attr("id");
        seg.translate = translate;
        seg.line = k.line;
        seg.element = c;
        if (k.Attr("state")) seg.state = *k.Attr("state");
        if (k.Attr("subState")) seg.sub_state = *k.Attr("subState");
        for (int x : k.Children()) {
          const XmlElement& st = El(x);
          if (Core(st, "source")) {
            seg.source_element = x;
          } else if (Core(st, "target")) {
            seg.target_element = x;
            seg.has_target = true;
          }
        }
        InlineBuilder src(*t_, true, name_, nullptr);
        Status s = src.Build(El(seg.source_element), &seg.source);
        if (s.ok() && seg.has_target) {
          InlineBuilder tgt(*t_, true, name_, &src.x_by_id());
          s = tgt.Build(El(seg.target_element), &seg.target);
        }
        if (!s.ok()) return s;
        unit.segments.push_back(std::move(seg));
      }
    }
    file->units.push_back(std::move(unit));
    return Status::OK();
  }

  // ---- XLIFF 1.2 ----

  Status Read12(const XmlElement& root) {
    bool any = false;
    for (int c : root.Children()) {
      const XmlElement& f = El(c);
      if (!Core(f, "file")) {
        if (f.ns == core_) return Fail(f, "<" + f.name + "> is not allowed in <xliff>");
        continue;
      }
      any = true;
      XliffFile file;
      // datatype is required by the schema but left out by OmegaT and Translate Toolkit: not needed here.
      for (const char* required : {"original", "source-language"}) {
        if (!f.Attr(required)) return Fail(f, std::string("<file> without ") + required);
      }
      file.original = *f.Attr("original");
      Status s = Canonical(f, *f.Attr("source-language"), "source-language", &file.source_lang);
      if (s.ok() && f.Attr("target-language")) {
        s = Canonical(f, *f.Attr("target-language"), "target-language", &file.target_lang);
      }
      if (!s.ok()) return s;
      if (doc_->files.empty()) {
        doc_->source_lang = file.source_lang;
        doc_->target_lang = file.target_lang;
      }
      bool has_body = false;
      unit_ids_.clear();
      for (int b : f.Children()) {
        const XmlElement& k = El(b);
        if (Core(k, "body")) {
          has_body = true;
          std::vector<std::string> groups;
          s = Body12(k, true, &groups, &file);
          if (!s.ok()) return s;
        } else if (Core(k, "header")) {
          for (int n : k.Children()) {
            if (Core(El(n), "note")) file.notes.push_back(Note(El(n), false));
          }
        }
      }
      if (!has_body) return Fail(f, "<file> without <body>");
      doc_->files.push_back(std::move(file));
    }
    if (!any) return Fail(root, "<xliff> without <file>");
    return Status::OK();
  }

  Status Body12(const XmlElement& e, bool translate, std::vector<std::string>* groups, XliffFile* file) {
    for (int c : e.Children()) {
      const XmlElement& k = El(c);
      if (Core(k, "group")) {
        bool t = k.Attr("translate") ? *k.Attr("translate") == "yes" : translate;
        groups->push_back(k.Attr("id") ? *k.Attr("id") : "");
        Status s = Body12(k, t, groups, file);
        groups->pop_back();
        if (!s.ok()) return s;
      } else if (Core(k, "trans-unit")) {
        Status s = Unit12(k, k.Attr("translate") ? *k.Attr("translate") == "yes" : translate, *groups, file);
        if (!s.ok()) return s;
      }
    }
    return Status::OK();
  }

  void SegMarks(int e, std::vector<int>* out) {
    for (int c : El(e).Children()) {
      const XmlElement& k = El(c);
      if (Core(k, "mrk") && k.Attr("mtype") && *k.Attr("mtype") == "seg") {
        out->push_back(c);
      } else {
        SegMarks(c, out);
      }
    }
  }

  Status Unit12(const XmlElement& u, bool translate, const std::vector<std::string>& groups, XliffFile* file) {
    XliffUnit unit;
    if (!u.Attr("id")) return Fail(u, "<trans-unit> without id");
    unit.id = *u.Attr("id");
    if (!unit_ids_.insert(unit.id).second) return Fail(u, "trans-unit id \"" + unit.id + "\" is not unique in its <file>");
    if (u.Attr("resname")) unit.name = *u.Attr("resname");
    unit.approved = u.Attr("approved") && *u.Attr("approved") == "yes";
    unit.groups = groups;
    unit.translate = translate;
    unit.line = u.line;
    unit.element = static_cast<int>(&u - t_->elements.data());
    int source = -1, seg_source = -1, target = -1;
    for (int c : u.Children()) {
      const XmlElement& k = El(c);
      if (Core(k, "source")) {
        if (source >= 0) return Fail(k, "a second <source> in <trans-unit>");
        source = c;
      } else if (Core(k, "seg-source")) {
        seg_source = c;
      } else if (Core(k, "target")) {
        if (target >= 0) return Fail(k, "a second <target> in <trans-unit>");
        target = c;
      } else if (Core(k, "note")) {
        unit.notes.push_back(Note(k, false));
      }
    }
    if (source < 0) return Fail(u, "<trans-unit> without <source>");
    std::string state, qualifier;
    if (target >= 0) {
      if (El(target).Attr("state")) state = *El(target).Attr("state");
      if (El(target).Attr("state-qualifier")) qualifier = *El(target).Attr("state-qualifier");
    }
    std::vector<int> marks;
    if (seg_source >= 0) SegMarks(seg_source, &marks);
    std::vector<int> target_marks;
    if (target >= 0) SegMarks(target, &target_marks);
    if (marks.empty()) {
      XliffSegment seg;
      seg.id = unit.id;
      seg.translate = translate;
      seg.line = u.line;
      seg.element = unit.element;
      seg.source_element = source;
      seg.target_element = target;
      seg.has_target = target >= 0;
      seg.state = state;
      seg.sub_state = qualifier;
      Status s = Texts12(&seg);
      if (!s.ok()) return s;
      unit.segments.push_back(std::move(seg));
    } else {
      std::set<std::string> mids;
      for (int m : marks) {
        XliffSegment seg;
        const XmlElement& mrk = El(m);
        if (!mrk.Attr("mid")) return Fail(mrk, "<mrk mtype=\"seg\"> without mid");
        seg.id = *mrk.Attr("mid");
        if (!mids.insert(seg.id).second) return Fail(mrk, "segment mid \"" + seg.id + "\" is not unique in its <trans-unit>");
        seg.translate = translate;
        seg.line = mrk.line;
        seg.element = unit.element;
        seg.source_element = m;
        for (int tm : target_marks) {
          if (El(tm).Attr("mid") && *El(tm).Attr("mid") == seg.id) seg.target_element = tm;
        }
        seg.has_target = seg.target_element >= 0;
        seg.state = state;
        seg.sub_state = qualifier;
        Status s = Texts12(&seg);
        if (!s.ok()) return s;
        unit.segments.push_back(std::move(seg));
      }
    }
    file->units.push_back(std::move(unit));
    return Status::OK();
  }

  Status Texts12(XliffSegment* seg) {
    InlineBuilder src(*t_, false, name_, nullptr);
    Status s = src.Build(El(seg->source_element), &seg->source);
    if (s.ok()) s = CheckPairs12(El(seg->source_element));
    if (s.ok() && seg->has_target) {
      InlineBuilder tgt(*t_, false, name_, &src.x_by_id());
      s = tgt.Build(El(seg->target_element), &seg->target);
      if (s.ok()) s = CheckPairs12(El(seg->target_element));
    }
    return s;
  }

  // 1.2 <bpt>/<ept> and <bx>/<ex> pair within a segment (rid, else id); an <ept> or <ex> whose
  // opening is not before it, or a <bpt> never closed, is a mismatched code.
  Status CheckPairs12(const XmlElement& parent) {
    std::set<std::string> open_bpt;
    std::vector<const XmlElement*> stack;
    std::function<Status(const XmlElement&)> walk = [&](const XmlElement& e) -> Status {
      for (int c : e.Children()) {
        const XmlElement& k = El(c);
        if (k.ns != core_) return Fail(k, "<" + k.name + "> is not an XLIFF 1.2 inline element");
        std::string key = k.Attr("rid") ? *k.Attr("rid") : (k.Attr("id") ? *k.Attr("id") : "");
        if (k.name == "bpt") {
          if (!open_bpt.insert(key).second) return Fail(k, "<bpt> \"" + key + "\" opened twice");
        } else if (k.name == "ept") {
          if (open_bpt.erase(key) == 0) return Fail(k, "<ept> \"" + key + "\" without its <bpt> before it (mismatched inline codes)");
        } else if (k.name == "g" || k.name == "mrk") {
          Status s = walk(k);
          if (!s.ok()) return s;
        }
      }
      return Status::OK();
    };
    Status s = walk(parent);
    if (!s.ok()) return s;
    if (!open_bpt.empty()) return Fail(parent, "<bpt> \"" + *open_bpt.begin() + "\" without its <ept> (mismatched inline codes)");
    return Status::OK();
  }

  std::string name_;
  XliffDocument* doc_;
  XliffReadOptions options_;
  const XmlTree* t_ = nullptr;
  std::string core_;
  std::set<std::string> unit_ids_;
};

}  // namespace

Status ParseXliff(std::string bytes, const std::string& name, XliffDocument* doc, const XliffReadOptions& options) {
  *doc = XliffDocument();
  doc->path = name;
  Reader reader(name, doc, options);
  return reader.Run(std::move(bytes));
}

Status ReadXliff(const std::string& path, XliffDocument* doc, const XliffReadOptions& options) {
  std::string bytes;
  Status s = ReadFile(path, &bytes);
  if (!s.ok()) return s;
  return ParseXliff(std::move(bytes), path, doc, options);
}

bool IsTranslatedXliffState(const XliffDocument& doc, const XliffUnit& unit, const XliffSegment& seg) {
  if (!seg.has_target || seg.ignorable) return false;
  if (seg.target.text.find_first_not_of(" \t\r\n") == std::string::npos && seg.target.codes.empty()) return false;
  const std::string& st = seg.state;
  if (doc.is_v2()) return st == "translated" || st == "reviewed" || st == "final";
  if (st.empty()) return unit.approved;
  return st == "translated" || st == "signed-off" || st == "final";
}

bool LooksLikeXliff(const std::string& head) {
  return head.find("<xliff") != std::string::npos;
}

}  // namespace tmkit
