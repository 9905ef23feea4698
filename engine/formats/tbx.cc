// TBX reader (expat, streaming) and writer. Both versions share one element map:
// termEntry=conceptEntry, langSet=langSec, tig/ntig=termSec; DCT-style elements named after a
// data category (<min:administrativeStatus>) are read like the DCA <termNote type="…">.
#include "tmkit/tbx.h"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "formats/xml_charset.h"
#include "formats/xml_tree.h"
#include "tmkit/lang.h"
#include "util/strings.h"

namespace tmkit {
namespace {

std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* Attr(const XML_Char** attrs, std::string_view wanted) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (wanted == attrs[i]) return attrs[i + 1];
  }
  return nullptr;
}

bool IsCategory(std::string_view n) {
  return n == "administrativeStatus" || n == "termType" || n == "grammaticalGender" || n == "partOfSpeech";
}

class TbxReader {
 public:
  TbxReader(std::string_view name, const std::vector<std::string>& languages, Glossary* glossary)
      : name_(name), languages_(languages), glossary_(glossary) {}

  Status Parse(std::string_view xml) {
    // UTF-8 unless the file says otherwise (the caller has checked it is valid UTF-8 then); a
    // declared single-byte charset (windows-1254, …) and UTF-16 with a byte-order mark are
    // decoded by expat exactly as the TMX reader decodes them.
    std::string_view declared = DeclaredXmlEncoding(xml);
    bool utf16 = xml.substr(0, 2) == "\xFF\xFE" || xml.substr(0, 2) == "\xFE\xFF";
    bool utf8 = !utf16 && (declared.empty() || IsUtf8Name(declared));
    // The TMX reader's check: expat would pair a lone high surrogate with whatever follows.
    Utf16SurrogateCheck surrogates;
    surrogates.Start(xml.data(), xml.size());
    std::string lone;
    if (!surrogates.Feed(xml.data(), xml.size(), true, &lone)) return Status::InvalidInput(std::string(name_) + ":" + lone);
    XML_Parser parser = XML_ParserCreate(utf8 ? "UTF-8" : nullptr);
    if (parser == nullptr) return Status::IOError("out of memory creating the XML parser");
    parser_ = parser;
    XML_SetUnknownEncodingHandler(parser, XmlSingleByteEncoding, nullptr);
    XML_SetUserData(parser, this);
    XML_SetElementHandler(parser, &TbxReader::OnStart, &TbxReader::OnEnd);
    XML_SetCharacterDataHandler(parser, &TbxReader::OnText);
    // No entity may be declared: this closes the door on external entities and entity bombs.
    XML_SetEntityDeclHandler(parser, &TbxReader::OnEntityDecl);
    XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
    const int kChunk = 1 << 20;
    bool ok = true;
    for (size_t off = 0; ok && off < xml.size(); off += kChunk) {
      size_t n = std::min<size_t>(kChunk, xml.size() - off);
      ok = XML_Parse(parser, xml.data() + off, static_cast<int>(n), off + n == xml.size()) != XML_STATUS_ERROR;
    }
    if (ok && xml.empty()) ok = XML_Parse(parser, "", 0, 1) != XML_STATUS_ERROR;
    Status result = Status::OK();
    if (!error_.ok()) {
      result = error_;
    } else if (!ok) {
      result = Status::InvalidInput(Where() + ": malformed XML: " + XML_ErrorString(XML_GetErrorCode(parser)));
    } else if (!saw_root_) {
      result = Status::InvalidInput(std::string(name_) + ": not a TBX file (no root element)");
    }
    XML_ParserFree(parser);
    if (result.ok()) ReportWarnings();
    return result;
  }

 private:
  std::string Where() const {
    return std::string(name_) + ":" + std::to_string(XML_GetCurrentLineNumber(parser_));
  }

  static bool IsUtf8Name(std::string_view n) {
    std::string lower;
    for (char c : n) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "utf-8" || lower == "utf8";
  }

  // What was read past is counted per kind and reported once, at its first place, as the TMX
  // import reports what it skipped: a 223-concept SDLX export has 44 empty <term/>s.
  void Warn(const std::string& what, int line) {
    ++warnings_.try_emplace(what, Tally{0, line, warnings_.size()}).first->second.count;
  }

  void ReportWarnings() {
    std::vector<std::pair<size_t, std::string>> lines;
    for (const auto& [what, tally] : warnings_) {
      std::string line = std::string(name_) + ":" + std::to_string(tally.first_line) + ": " + what;
      if (tally.count > 1) line += " (" + std::to_string(tally.count) + " times; the first here)";
      lines.emplace_back(tally.order, std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    for (auto& [order, line] : lines) glossary_->add_warning(std::move(line));
  }

  int Line() const { return static_cast<int>(XML_GetCurrentLineNumber(parser_)); }

  void Stop(std::string message) {
    if (error_.ok()) error_ = Status::InvalidInput(Where() + ": " + message);
    XML_StopParser(parser_, XML_FALSE);
  }

  static void XMLCALL OnEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<TbxReader*>(self)->Stop("entity declarations are not allowed in a glossary");
  }

  static void XMLCALL OnStart(void* self, const XML_Char* name, const XML_Char** attrs) {
    static_cast<TbxReader*>(self)->Start(LocalName(name), attrs);
  }
  static void XMLCALL OnEnd(void* self, const XML_Char* name) { static_cast<TbxReader*>(self)->End(LocalName(name)); }
  static void XMLCALL OnText(void* self, const XML_Char* s, int len) {
    auto* r = static_cast<TbxReader*>(self);
    if (r->collecting_) r->text_.append(s, len);
  }

  void Start(std::string_view n, const XML_Char** attrs) {
    if (!error_.ok()) return;
    // TBX nests a dozen levels; 10,000-deep markup inside a <term> was read as a term
    // (tests/bad-inputs generated deep.tbx), so bound it.
    if (++depth_ > kMaxDepth) return Stop("elements nested more than " + std::to_string(kMaxDepth) + " deep");
    if (!saw_root_) {
      saw_root_ = true;
      if (n != "tbx" && n != "martif") {
        Stop("not a TBX file: the root element is <" + std::string(n) + ">, expected <tbx> (TBX v3) or <martif> (TBX v2)");
      }
      return;
    }
    if (n == "conceptEntry" || n == "termEntry") {
      if (concept_ != nullptr) return Stop("<" + std::string(n) + "> inside another concept entry");
      glossary_->concepts().emplace_back();
      concept_ = &glossary_->concepts().back();
      concept_line_ = Line();
      concept_has_term_ = false;
      const XML_Char* id = Attr(attrs, "id");
      concept_->id = id != nullptr ? id : "c" + std::to_string(glossary_->concepts().size());
      lang_.clear();
    } else if (n == "langSec" || n == "langSet") {
      if (concept_ == nullptr) return Stop("<" + std::string(n) + "> outside a concept entry");
      if (!lang_.empty()) return Stop("<" + std::string(n) + "> inside another language section");
      const XML_Char* lang = Attr(attrs, "xml:lang");
      if (lang == nullptr || *lang == '\0') return Stop("<" + std::string(n) + "> without xml:lang");
      // A glossary names a handful of languages 100,000 times over: canonicalize each once.
      if (lang != last_lang_attr_) {
        Status s = CanonicalLanguageTag(lang, &last_lang_);
        if (!s.ok()) return Stop("unknown language \"" + std::string(lang) + "\"");
        last_lang_attr_ = lang;
        last_lang_kept_ = languages_.empty();
        for (const std::string& l : languages_) last_lang_kept_ |= LanguageMatches(l, last_lang_);
      }
      lang_ = last_lang_;
      lang_kept_ = last_lang_kept_;
    } else if (n == "termSec" || n == "tig" || n == "ntig") {
      if (lang_.empty()) return Stop("<" + std::string(n) + "> outside a language section");
      // A nested term section would leave the outer one's term empty (found by tbx_fuzz).
      if (term_ != nullptr) return Stop("<" + std::string(n) + "> inside another term section");
      OpenTerm();
    } else if (n == "term") {
      term_line_ = Line();
      if (term_ == nullptr) {
        if (lang_.empty()) return Stop("<term> outside a language section");
        // TBX-Min style: <term> directly in the language section.
        OpenTerm();
        bare_term_ = true;
      }
      Collect("term");
    } else if (n == "termNote" || n == "descrip" || n == "admin") {
      const XML_Char* type = Attr(attrs, "type");
      Collect(type != nullptr ? type : "");
    } else if (IsCategory(n)) {
      Collect(n);
    } else if (n == "note") {
      Collect("note");
    }
  }

  // A term of a language not asked for is read (and checked) into a scratch term, not kept.
  void OpenTerm() {
    if (lang_kept_) {
      concept_->terms.emplace_back();
      term_ = &concept_->terms.back();
    } else {
      scratch_ = Term();
      term_ = &scratch_;
    }
    term_->lang = lang_;
    term_->line = static_cast<int>(XML_GetCurrentLineNumber(parser_));
  }

  void Collect(std::string_view what) {
    collecting_ = true;
    what_.assign(what.data(), what.size());
    text_.clear();
  }

  void End(std::string_view n) {
    if (!error_.ok()) return;
    --depth_;
    if (collecting_ && (n == "term" || n == "termNote" || n == "descrip" || n == "admin" || n == "note" || IsCategory(n))) {
      collecting_ = false;
      Assign(n);
      if (!error_.ok()) return;
    }
    if (n == "conceptEntry" || n == "termEntry") {
      // A concept left without any term (in any language) is no entry a lookup can find.
      if (!concept_has_term_) {
        glossary_->concepts().pop_back();
        Warn("a concept entry without any term skipped", concept_line_);
      }
      concept_ = nullptr;
      term_ = nullptr;
      lang_.clear();
    } else if (n == "langSec" || n == "langSet") {
      lang_.clear();
      term_ = nullptr;
    } else if (n == "termSec" || n == "tig" || n == "ntig") {
      FinishTerm();
    } else if (n == "term" && bare_term_) {
      FinishTerm();
      bare_term_ = false;
    }
  }

  // An empty <term/> (SDLX and InterpretBank export dozens) is skipped, its concept kept.
  void FinishTerm() {
    if (term_ != nullptr && term_->text.empty()) {
      Warn("an empty or missing <term> skipped", term_line_ != 0 ? term_line_ : term_->line);
      if (term_ != &scratch_) concept_->terms.pop_back();
    } else if (term_ != nullptr) {
      concept_has_term_ = true;
    }
    term_ = nullptr;
    term_line_ = 0;
  }

  void Assign(std::string_view element) {
    // Pretty-printed TBX puts line breaks and indentation inside elements.
    std::string value = CollapseWhitespace(text_);
    if (what_ == "term") {
      if (term_ != nullptr) term_->text = std::move(value);
      return;
    }
    if (what_ == "note") {
      if (term_ != nullptr) {
        term_->note = value;
      } else if (concept_ != nullptr && lang_.empty()) {
        concept_->note = concept_->note.empty() ? value : concept_->note + "\n" + value;
      }
      return;
    }
    if (what_ == "subjectField" && concept_ != nullptr) {
      concept_->subject = value;
      return;
    }
    if (term_ == nullptr) return;
    if (what_ == "administrativeStatus") {
      if (!ParseTermStatus(value, &term_->status)) {
        term_->status = TermStatus::kAdmitted;
        Warn("unknown administrativeStatus \"" + value + "\" read as admitted", Line());
      }
    } else if (what_ == "termType") {
      term_->type = value;
    } else if (what_ == "grammaticalGender") {
      term_->gender = value;
    } else if (what_ == "partOfSpeech") {
      term_->part_of_speech = value;
    }
  }

  std::string_view name_;
  const std::vector<std::string>& languages_;  // empty: every language
  Glossary* glossary_;
  XML_Parser parser_ = nullptr;
  Status error_;
  static constexpr int kMaxDepth = 100;
  int depth_ = 0;
  bool saw_root_ = false;
  Concept* concept_ = nullptr;
  Term* term_ = nullptr;
  bool bare_term_ = false;
  std::string lang_;
  bool lang_kept_ = true;
  std::string last_lang_attr_, last_lang_;  // the last xml:lang seen and its canonical form
  bool last_lang_kept_ = true;
  Term scratch_;
  int concept_line_ = 0, term_line_ = 0;
  bool concept_has_term_ = false;
  struct Tally {
    int count;
    int first_line;
    size_t order;
  };
  std::map<std::string, Tally> warnings_;
  bool collecting_ = false;
  std::string what_;
  std::string text_;
};

void Escape(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '&': *out += "&amp;"; break;
      case '"': *out += "&quot;"; break;
      default: *out += c;
    }
  }
}

void Element(std::string* out, const char* indent, const char* open, std::string_view value, const char* close) {
  if (value.empty()) return;
  *out += indent;
  *out += open;
  Escape(value, out);
  *out += close;
  *out += '\n';
}

const char* TbxStatusValue(TermStatus s) {
  switch (s) {
    case TermStatus::kPreferred: return "preferredTerm-admn-sts";
    case TermStatus::kAdmitted: return "admittedTerm-admn-sts";
    case TermStatus::kDeprecated: return "deprecatedTerm-admn-sts";
    case TermStatus::kSuperseded: return "supersededTerm-admn-sts";
  }
  return "admittedTerm-admn-sts";
}

}  // namespace

Status ParseTbx(std::string_view xml, std::string_view name, Glossary* glossary,
                const std::vector<std::string>& languages) {
  Glossary parsed;
  TbxReader reader(name, languages, &parsed);
  Status s = reader.Parse(xml);
  if (!s.ok()) return s;
  glossary->Append(std::move(parsed));
  return Status::OK();
}

std::string WriteTbx(const Glossary& glossary, TbxVersion version, std::string_view source_lang) {
  const bool v3 = version == TbxVersion::kV3;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string lang;
  Escape(source_lang.empty() ? "en" : source_lang, &lang);
  if (v3) {
    out += "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"" + lang + "\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n";
    out += "<tbxHeader><fileDesc><sourceDesc><p>Written by tmkit</p></sourceDesc></fileDesc></tbxHeader>\n";
  } else {
    out += "<martif type=\"TBX\" xml:lang=\"" + lang + "\">\n";
    out += "<martifHeader><fileDesc><sourceDesc><p>Written by tmkit</p></sourceDesc></fileDesc></martifHeader>\n";
  }
  out += "<text><body>\n";
  const char* entry = v3 ? "conceptEntry" : "termEntry";
  const char* section = v3 ? "langSec" : "langSet";
  const char* term_group = v3 ? "termSec" : "tig";
  int n = 0;
  for (const Concept& c : glossary.concepts()) {
    ++n;
    out += std::string("<") + entry + " id=\"";
    Escape(c.id.empty() ? "c" + std::to_string(n) : c.id, &out);
    out += "\">\n";
    Element(&out, " ", "<descrip type=\"subjectField\">", c.subject, "</descrip>");
    Element(&out, " ", "<note>", c.note, "</note>");
    // Languages in order of first appearance, each with all its terms.
    std::vector<std::string> langs;
    for (const Term& t : c.terms) {
      bool seen = false;
      for (const auto& l : langs) seen = seen || l == t.lang;
      if (!seen) langs.push_back(t.lang);
    }
    for (const std::string& l : langs) {
      out += std::string(" <") + section + " xml:lang=\"";
      Escape(l, &out);
      out += "\">\n";
      for (const Term& t : c.terms) {
        if (t.lang != l) continue;
        out += std::string("  <") + term_group + ">\n";
        Element(&out, "   ", "<term>", t.text, "</term>");
        Element(&out, "   ", "<termNote type=\"termType\">", t.type, "</termNote>");
        Element(&out, "   ", "<termNote type=\"partOfSpeech\">", t.part_of_speech, "</termNote>");
        Element(&out, "   ", "<termNote type=\"grammaticalGender\">", t.gender, "</termNote>");
        Element(&out, "   ", "<termNote type=\"administrativeStatus\">", TbxStatusValue(t.status), "</termNote>");
        Element(&out, "   ", "<note>", t.note, "</note>");
        out += std::string("  </") + term_group + ">\n";
      }
      out += std::string(" </") + section + ">\n";
    }
    out += std::string("</") + entry + ">\n";
  }
  out += "</body></text>\n";
  out += v3 ? "</tbx>\n" : "</martif>\n";
  return out;
}

}  // namespace tmkit
