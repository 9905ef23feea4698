// Streaming TMX reader over expat (docs/tmx.md): one <tu> in memory at a time.
#include <expat.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "formats/tmx_attributes.h"
#include "formats/xml_charset.h"
#include "formats/xml_tree.h"
#include "tmkit/lang.h"
#include "tmkit/tmx.h"

namespace tmkit {
namespace {

bool HasAttr(const char** atts, std::string_view name) {
  for (int i = 0; atts[i]; i += 2) {
    if (name == atts[i]) return true;
  }
  return false;
}

constexpr size_t kReadChunk = 1 << 16;
constexpr int kMaxDepth = 100;

// The tag with its primary language written as BCP 47 requires, the shortest ISO 639 code, when
// `canonical` (a CanonicalLanguageTag) uses a three-letter one that has a two-letter equivalent
// ("rus" -> "ru", "ara-SA" -> "ar-SA", "ger" -> "de"); empty when the tag is already right.
std::string ShortestLanguageTag(std::string_view canonical) {
  const std::string primary = PrimaryLanguage(canonical);
  if (primary.size() != 3) return "";
  // ISO 639-2 terminology codes from ICU's table (rus, ara, eng, deu), plus the bibliographic ones
  // ICU does not list, which old tools write (ger, fre, chi).
  static const std::map<std::string, std::string> two_letter = [] {
    std::map<std::string, std::string> m = {
        {"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"}, {"cze", "cs"},
        {"dut", "nl"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gre", "el"}, {"ice", "is"},
        {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"},
        {"tib", "bo"}, {"wel", "cy"}};
    for (const char* const* code = uloc_getISOLanguages(); *code != nullptr; ++code) {
      if (std::strlen(*code) != 2) continue;
      const char* three = icu::Locale(*code).getISO3Language();
      if (three != nullptr && std::strlen(three) == 3) m.emplace(three, *code);
    }
    return m;
  }();
  auto it = two_letter.find(primary);
  if (it == two_letter.end()) return "";
  return it->second + std::string(canonical.substr(3));
}

bool IsCode(std::string_view name) {
  return name == "bpt" || name == "ept" || name == "it" || name == "ph" || name == "ut";
}
bool IsInline(std::string_view name) { return IsCode(name) || name == "hi" || name == "sub"; }

class TmxParser {
 public:
  TmxParser(const std::string& path, const TmxReadLimits& limits, TmxHeader* header, const TmxUnitSink& sink,
            const TmxWarningSink& warn)
      : path_(path), limits_(limits), header_(header), sink_(sink), warn_(warn) {}

  Status Run() {
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (f == nullptr) {
      if (errno == ENOENT) return Status::NotFound(path_ + ": no such file");
      return Status::IOError(path_ + ": " + std::strerror(errno));
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
    parser_ = XML_ParserCreate(nullptr);
    if (parser_ == nullptr) return Status::IOError("out of memory creating the XML parser");
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> free_parser(parser_, XML_ParserFree);
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &TmxParser::OnStart, &TmxParser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &TmxParser::OnText);
    XML_SetUnknownEncodingHandler(parser_, XmlSingleByteEncoding, nullptr);
    XML_SetEntityDeclHandler(parser_, &TmxParser::OnEntityDecl);
    XML_SetSkippedEntityHandler(parser_, &TmxParser::OnSkippedEntity);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);  // never read a DTD
    std::vector<char> buffer(kReadChunk);
    bool any = false;
    Utf16SurrogateCheck surrogates;
    for (;;) {
      size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
      if (std::ferror(f)) return Status::IOError(path_ + ": " + std::strerror(errno));
      bool last = n < buffer.size();
      if (!any) surrogates.Start(buffer.data(), n);
      any |= n > 0;
      std::string lone;
      if (!surrogates.Feed(buffer.data(), n, last, &lone)) return Status::InvalidInput(path_ + ":" + lone);
      if (XML_Parse(parser_, buffer.data(), static_cast<int>(n), last) != XML_STATUS_OK) {
        if (!error_.ok()) return error_;
        return Status::InvalidInput(Where() + XML_ErrorString(XML_GetErrorCode(parser_)));
      }
      if (!error_.ok()) return error_;
      if (last) break;
    }
    if (!any) return Status::InvalidInput(path_ + ": the file is empty");
    if (!saw_tmx_) return Status::InvalidInput(path_ + ": not a TMX file (the root element is not <tmx>)");
    return Status::OK();
  }

 private:
  enum class In { kNone, kHeader, kTu, kTuv };

  std::string Where() const {
    return path_ + ":" + std::to_string(XML_GetCurrentLineNumber(parser_)) + ":" +
           std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) + ": ";
  }

  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(parser_, XML_FALSE);
  }
  void Fail(const std::string& message) { Fail(Status::InvalidInput(Where() + message)); }

  static void OnEntityDecl(void* data, const XML_Char* name, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<TmxParser*>(data)->Fail(std::string("entity declarations are not allowed in TMX (") + name + ")");
  }
  static void OnSkippedEntity(void* data, const XML_Char* name, int) {
    static_cast<TmxParser*>(data)->Fail(std::string("undefined entity &") + name + "; (TMX allows only the five XML entities)");
  }
  static void OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
    static_cast<TmxParser*>(data)->Start(name, atts);
  }
  static void OnEnd(void* data, const XML_Char* name) { static_cast<TmxParser*>(data)->End(name); }
  static void OnText(void* data, const XML_Char* s, int len) {
    static_cast<TmxParser*>(data)->Text(std::string_view(s, static_cast<size_t>(len)));
  }

  bool CanonicalLang(const char* value, std::string* out) {
    Status s = CanonicalLanguageTag(value, out);
    if (!s.ok()) {
      Fail("xml:lang \"" + std::string(value) + "\" is not a language code");
      return false;
    }
    std::string shorter = ShortestLanguageTag(*out);
    if (!shorter.empty()) {
      Warn("language tag \"" + std::string(value) + "\" is not BCP 47 (use \"" + shorter + "\"); kept as written");
    }
    return true;
  }

  void Warn(const std::string& message) {
    if (warn_) warn_(message, XML_GetCurrentLineNumber(parser_));
  }

  void Start(std::string_view name, const XML_Char** atts) {
    if (!error_.ok()) return;
    ++depth_;
    // Real TMX nests a few levels (tmx/body/tu/tuv/seg plus inline codes); 10,000-deep <hi> or
    // <tu> was read as data (tests/bad-inputs generated deep-*.tmx), so bound it.
    if (depth_ > kMaxDepth) {
      Fail("elements nested more than " + std::to_string(kMaxDepth) + " deep");
      return;
    }
    if (in_seg_) {
      StartInline(name, atts);
      return;
    }
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return;
    }
    if (depth_ == 1) {
      if (name != "tmx") {
        Fail("the root element is <" + std::string(name) + ">, not <tmx>");
        return;
      }
      saw_tmx_ = true;
      for (int i = 0; atts[i]; i += 2) {
        if (std::string_view(atts[i]) == "version") {
          header_data_.version = atts[i + 1];
        } else {
          header_data_.root_attrs.emplace_back(atts[i], atts[i + 1]);  // namespace declarations
        }
      }
      return;
    }
    if (name == "header") {
      in_ = In::kHeader;
      for (int i = 0; atts[i]; i += 2) {
        header_data_.attrs.emplace_back(atts[i], atts[i + 1]);
        if (std::string_view(atts[i]) == "srclang" && std::string_view(atts[i + 1]) != "*all*") {
          if (!CanonicalLang(atts[i + 1], &header_data_.source_lang)) return;
        }
      }
    } else if (name == "body") {
      FinishHeader();
    } else if (name == "tu") {
      if (in_ == In::kTu || in_ == In::kTuv) {
        Fail("<tu> inside another <tu>");
        return;
      }
      FinishHeader();
      in_ = In::kTu;
      unit_ = Unit();
      unit_line_ = XML_GetCurrentLineNumber(parser_);
      unit_.source_lang = header_data_.source_lang;
      has_tu_created_ = has_tu_changed_ = has_tu_created_by_ = has_tu_changed_by_ = false;
      for (int i = 0; atts[i]; i += 2) {
        std::string_view key = atts[i];
        const char* value = atts[i + 1];
        int64_t seconds;
        if (key == "tuid") {
          unit_.tuid = value;
        } else if (key == "srclang") {
          unit_.source_lang.clear();
          if (std::string_view(value) != "*all*" && !CanonicalLang(value, &unit_.source_lang)) return;
        } else if (key == "creationdate" && ParseTmxDate(value, &seconds)) {
          unit_.created = seconds;
          has_tu_created_ = true;
        } else if (key == "changedate" && ParseTmxDate(value, &seconds)) {
          unit_.changed = seconds;
          has_tu_changed_ = true;
        } else if (key == "creationid") {
          unit_.created_by = value;
          has_tu_created_by_ = true;
        } else if (key == "changeid") {
          unit_.changed_by = value;
          has_tu_changed_by_ = true;
        } else {
          unit_.attrs.emplace_back(key, value);
        }
      }
    } else if (name == "tuv") {
      if (in_ != In::kTu) {
        Fail("<tuv> outside a <tu>");
        return;
      }
      if (unit_.variants.size() >= limits_.max_unit_variants) {
        Fail("more than " + std::to_string(limits_.max_unit_variants) + " <tuv> in one <tu>");
        return;
      }
      in_ = In::kTuv;
      Variant v;
      const char* lang = nullptr;
      for (int i = 0; atts[i]; i += 2) {
        std::string_view key = atts[i];
        if (key == "xml:lang" || (key == "lang" && lang == nullptr)) {
          lang = atts[i + 1];
        } else if (key != "lang") {
          v.attrs.emplace_back(key, atts[i + 1]);
        }
      }
      if (lang == nullptr) {
        Fail("<tuv> without xml:lang");
        return;
      }
      // TMX 1.1's lang= in a file that says 1.4 is a tool mixing versions: refuse it rather than
      // guess (tests/bad-inputs/tmx-mixed-1.1-1.4.tmx was imported).
      if (header_data_.version.rfind("1.4", 0) == 0 && !HasAttr(atts, "xml:lang")) {
        Fail("<tuv lang=...> is TMX 1.1, but the file says version " + header_data_.version + " (use xml:lang)");
        return;
      }
      if (!CanonicalLang(lang, &v.lang)) return;
      unit_.variants.push_back(std::move(v));
    } else if (name == "seg") {
      if (in_ != In::kTuv) {
        Fail("<seg> outside a <tuv>");
        return;
      }
      if (seen_seg_) {
        Fail("a second <seg> in one <tuv>");
        return;
      }
      in_seg_ = true;
      seen_seg_ = true;
      seg_depth_ = depth_;
      code_depth_ = 0;
      open_tag_ = false;
    } else if (name == "prop" || name == "note") {
      if (in_ == In::kNone) {
        skip_depth_ = 1;
        return;
      }
      in_annotation_ = true;
      annotation_is_prop_ = name == "prop";
      annotation_text_.clear();
      annotation_attrs_.clear();
      annotation_type_.clear();
      for (int i = 0; atts[i]; i += 2) {
        if (annotation_is_prop_ && std::string_view(atts[i]) == "type") {
          annotation_type_ = atts[i + 1];
        } else {
          annotation_attrs_.emplace_back(atts[i], atts[i + 1]);
        }
      }
    } else {
      skip_depth_ = 1;  // <ude>, <map> and unknown elements outside segments carry nothing we keep
      if (name != "ude" && name != "map") {
        std::string message = "<" + std::string(name) + "> is not a TMX element; skipped with its content";
        // Two letters swapped (<tvu>, <sge>) is the usual slip of a hand-edited file.
        std::string sorted_name(name);
        std::sort(sorted_name.begin(), sorted_name.end());
        for (std::string known : {"tuv", "seg", "prop", "note", "header", "body"}) {
          std::string sorted_known = known;
          std::sort(sorted_known.begin(), sorted_known.end());
          if (sorted_known == sorted_name) message += " (did you mean <" + known + ">?)";
        }
        Warn(message);
      }
    }
  }

  void StartInline(std::string_view name, const XML_Char** atts) {
    if (!IsInline(name)) {
      Fail("<" + std::string(name) + "> is not a TMX inline element");
      return;
    }
    CloseOpenTag();
    markup_.push_back('<');
    markup_.append(name);
    for (int i = 0; atts[i]; i += 2) {
      markup_.push_back(' ');
      markup_.append(atts[i]);
      markup_.append("=\"");
      AppendXmlAttr(atts[i + 1], &markup_);
      markup_.push_back('"');
    }
    open_tag_ = true;
    has_inline_ = true;
    // Native code (bpt/ept/it/ph/ut) and sub-flows are not part of the segment's own text.
    if (IsCode(name) || name == "sub") ++code_depth_;
    inline_stack_.emplace_back(name);
  }

  void CloseOpenTag() {
    if (open_tag_) {
      markup_.push_back('>');
      open_tag_ = false;
    }
  }

  void End(std::string_view name) {
    if (!error_.ok()) return;
    --depth_;
    if (in_seg_) {
      if (depth_ + 1 == seg_depth_) {
        in_seg_ = false;
        Variant& v = unit_.variants.back();
        v.text = std::move(text_);
        if (has_inline_) v.markup = std::move(markup_);
        text_.clear();
        markup_.clear();
        has_inline_ = false;
        return;
      }
      std::string top = inline_stack_.back();
      inline_stack_.pop_back();
      if (open_tag_) {
        markup_.append("/>");
        open_tag_ = false;
      } else {
        markup_.append("</");
        markup_.append(name);
        markup_.push_back('>');
      }
      if (IsCode(top) || top == "sub") --code_depth_;
      return;
    }
    if (skip_depth_ > 0) {
      --skip_depth_;
      return;
    }
    if (in_annotation_ && (name == "prop" || name == "note")) {
      in_annotation_ = false;
      std::vector<Prop>* props = nullptr;
      std::vector<Note>* notes = nullptr;
      if (in_ == In::kHeader) {
        props = &header_data_.props;
        notes = &header_data_.notes;
      } else if (in_ == In::kTu) {
        props = &unit_.props;
        notes = &unit_.notes;
      } else if (in_ == In::kTuv) {
        props = &unit_.variants.back().props;
        notes = &unit_.variants.back().notes;
      }
      if (props == nullptr) return;
      if (annotation_is_prop_) {
        if (in_ == In::kTu && TakeTmkitProp()) return;
        if (in_ == In::kHeader && TakeAttributeProp(kRootAttributeProp, "tmx", &header_data_.root_attrs)) return;
        if (in_ == In::kHeader && TakeAttributeProp(kAttributeProp, "header", &header_data_.attrs)) return;
        if (in_ == In::kTu && TakeAttributeProp(kAttributeProp, "tu", &unit_.attrs)) return;
        if (in_ == In::kTuv && TakeAttributeProp(kAttributeProp, "tuv", &unit_.variants.back().attrs)) return;
        props->push_back({annotation_type_, annotation_text_, annotation_attrs_});
      } else {
        notes->push_back({annotation_text_, annotation_attrs_});
      }
      return;
    }
    if (name == "header") {
      FinishHeader();
    } else if (name == "tuv") {
      in_ = In::kTu;
      if (!seen_seg_) {
        Fail("<tuv> without <seg>");
        return;
      }
      seen_seg_ = false;
    } else if (name == "tu") {
      in_ = In::kNone;
      InheritDatesFromVariants();
      // The source variant first (docs/tmx.md): positional readers then see the right side.
      // A unit may hold several variants in the source language; the first one stays first.
      if (!unit_.source_lang.empty() && !unit_.variants.empty() &&
          unit_.variants[0].lang != unit_.source_lang) {
        for (size_t i = 1; i < unit_.variants.size(); ++i) {
          if (unit_.variants[i].lang == unit_.source_lang) {
            Variant source = std::move(unit_.variants[i]);
            unit_.variants.erase(unit_.variants.begin() + static_cast<long>(i));
            unit_.variants.insert(unit_.variants.begin(), std::move(source));
            break;
          }
        }
      }
      Status s = sink_(std::move(unit_), unit_line_);
      if (!s.ok()) Fail(std::move(s));
    }
  }

  // OmegaT dates the target <tuv>, not the <tu>: when the <tu> has no date, the unit takes the
  // newest of its variants' dates (and their ids), so --since and "newest first" work.
  void InheritDatesFromVariants() {
    for (const Variant& v : unit_.variants) {
      int64_t created = 0, changed = 0;
      std::string created_by, changed_by;
      for (const auto& [k, val] : v.attrs) {
        if (k == "creationdate") ParseTmxDate(val, &created);
        if (k == "changedate") ParseTmxDate(val, &changed);
        if (k == "creationid") created_by = val;
        if (k == "changeid") changed_by = val;
      }
      if (!has_tu_created_ && created > unit_.created) {
        unit_.created = created;
        if (!has_tu_created_by_) unit_.created_by = created_by;
      }
      if (!has_tu_changed_ && changed > unit_.changed) {
        unit_.changed = changed;
        if (!has_tu_changed_by_) unit_.changed_by = changed_by;
      }
    }
  }

  // An attribute the DTD does not let an export write travels as a prop (formats/tmx_attributes.h)
  // and returns to the element's attributes; a name the DTD declares there, or one the element
  // already has, stays a prop.
  bool TakeAttributeProp(std::string_view prefix, std::string_view element, Attributes* attrs) {
    if (!annotation_attrs_.empty() || annotation_type_.compare(0, prefix.size(), prefix) != 0) return false;
    std::string name = annotation_type_.substr(prefix.size());
    if (name.empty() || (element == "tmx" ? name == "version" : TmxDeclaresAttribute(element, name))) return false;
    for (const auto& attr : *attrs) {
      if (attr.first == name) return false;
    }
    attrs->emplace_back(std::move(name), annotation_text_);
    return true;
  }

  // tmkit's own metadata travels as x-tmkit-* props (docs/tmx.md) and returns to its fields.
  bool TakeTmkitProp() {
    if (!annotation_attrs_.empty()) return false;
    if (annotation_type_ == "x-tmkit-document") {
      unit_.document = annotation_text_;
    } else if (annotation_type_ == "x-tmkit-position") {
      char* end = nullptr;
      long long v = std::strtoll(annotation_text_.c_str(), &end, 10);
      if (end == annotation_text_.c_str() || *end != '\0' || v < 0) return false;
      unit_.position = v;
    } else if (annotation_type_ == "x-tmkit-prev") {
      unit_.prev_source = annotation_text_;
    } else if (annotation_type_ == "x-tmkit-next") {
      unit_.next_source = annotation_text_;
    } else {
      return false;
    }
    return true;
  }

  void Text(std::string_view s) {
    if (!error_.ok()) return;
    if (in_seg_) {
      CloseOpenTag();
      if (code_depth_ == 0) text_.append(s);
      AppendXmlText(s, &markup_);
      if (markup_.size() > limits_.max_segment_bytes) {
        Fail("a <seg> longer than " + std::to_string(limits_.max_segment_bytes) + " bytes");
      }
      return;
    }
    if (in_annotation_) {
      annotation_text_.append(s);
      if (annotation_text_.size() > limits_.max_segment_bytes) {
        Fail("a <prop> or <note> longer than " + std::to_string(limits_.max_segment_bytes) + " bytes");
      }
    }
  }

  void FinishHeader() {
    if (header_done_) return;
    header_done_ = true;
    if (in_ == In::kHeader) in_ = In::kNone;
    if (header_ != nullptr) *header_ = header_data_;
  }

  std::string path_;
  TmxReadLimits limits_;
  TmxHeader* header_;
  const TmxUnitSink& sink_;
  const TmxWarningSink& warn_;
  XML_Parser parser_ = nullptr;
  Status error_;
  TmxHeader header_data_;
  bool header_done_ = false, saw_tmx_ = false;
  In in_ = In::kNone;
  int depth_ = 0, skip_depth_ = 0, seg_depth_ = 0, code_depth_ = 0;
  Unit unit_;
  uint64_t unit_line_ = 0;
  bool has_tu_created_ = false, has_tu_changed_ = false, has_tu_created_by_ = false, has_tu_changed_by_ = false;
  bool in_seg_ = false, seen_seg_ = false, open_tag_ = false, has_inline_ = false;
  std::string text_, markup_;
  std::vector<std::string> inline_stack_;
  bool in_annotation_ = false, annotation_is_prop_ = false;
  std::string annotation_type_, annotation_text_;
  Attributes annotation_attrs_;
};

}  // namespace

Status ReadTmx(const std::string& path, const TmxReadLimits& limits, TmxHeader* header, const TmxUnitSink& on_unit,
               const TmxWarningSink& on_warning) {
  TmxParser parser(path, limits, header, on_unit, on_warning);
  return parser.Run();
}

}  // namespace tmkit
