// The XML tree behind the XLIFF reader and writer (xml_tree.h).
#include "formats/xml_tree.h"

#include <expat.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <cctype>
#include <cstdint>
#include <memory>

#include "tmkit/utf8.h"

namespace tmkit {

const XmlAttribute* XmlElement::Find(std::string_view ns_uri, std::string_view local) const {
  for (const XmlAttribute& a : attrs) {
    if (a.name == local && a.ns == ns_uri) return &a;
  }
  return nullptr;
}

const std::string* XmlElement::Attr(std::string_view local) const {
  const XmlAttribute* a = Find("", local);
  return a == nullptr ? nullptr : &a->value;
}

std::vector<int> XmlElement::Children() const {
  std::vector<int> out;
  for (const XmlContent& c : content) {
    if (c.element >= 0) out.push_back(c.element);
  }
  return out;
}

void AppendXmlText(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      default: out->push_back(c);
    }
  }
}

void AppendXmlAttr(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\t': out->append("&#9;"); break;
      case '\n': out->append("&#10;"); break;
      case '\r': out->append("&#13;"); break;
      default: out->push_back(c);
    }
  }
}

// Single-byte charsets expat does not know (windows-1252, koi8-r, ...) through an ICU table.
int XmlSingleByteEncoding(void*, const XML_Char* name, XML_Encoding* info) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &status);
  if (U_FAILURE(status)) return XML_STATUS_ERROR;
  if (ucnv_getMaxCharSize(conv) != 1) {
    ucnv_close(conv);
    return XML_STATUS_ERROR;
  }
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  for (int b = 0; b < 256; ++b) {
    char byte = static_cast<char>(b);
    const char* src = &byte;
    UChar out[2];
    UChar* dst = out;
    UErrorCode st = U_ZERO_ERROR;
    ucnv_reset(conv);
    ucnv_toUnicode(conv, &dst, out + 2, &src, src + 1, nullptr, true, &st);
    info->map[b] = (U_SUCCESS(st) && dst - out == 1 && !U16_IS_SURROGATE(out[0])) ? out[0] : -1;
  }
  ucnv_close(conv);
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}


namespace {

constexpr char kSeparator = '\x01';

// "uri\1local\1prefix" (expat's triplets) or "local".
void SplitName(const char* qname, std::string* ns, std::string* local, std::string* prefix) {
  std::string_view s(qname);
  size_t a = s.find(kSeparator);
  if (a == std::string_view::npos) {
    ns->clear();
    prefix->clear();
    *local = std::string(s);
    return;
  }
  size_t b = s.find(kSeparator, a + 1);
  *ns = std::string(s.substr(0, a));
  if (b == std::string_view::npos) {
    *local = std::string(s.substr(a + 1));
    prefix->clear();
  } else {
    *local = std::string(s.substr(a + 1, b - a - 1));
    *prefix = std::string(s.substr(b + 1));
  }
}

class TreeBuilder {
 public:
  TreeBuilder(const std::string& name, const XmlLimits& limits, XmlTree* tree)
      : name_(name), limits_(limits), tree_(tree) {}

  Status Run() {
    const std::string& bytes = tree_->bytes;
    if (bytes.empty()) return Status::InvalidInput(name_ + ": the file is empty");
    parser_ = XML_ParserCreateNS(nullptr, kSeparator);
    if (parser_ == nullptr) return Status::IOError("out of memory creating the XML parser");
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> free_parser(parser_, XML_ParserFree);
    XML_SetReturnNSTriplet(parser_, 1);
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &OnStart, &OnEnd);
    XML_SetCharacterDataHandler(parser_, &OnText);
    XML_SetUnknownEncodingHandler(parser_, XmlSingleByteEncoding, nullptr);
    XML_SetEntityDeclHandler(parser_, &OnEntityDecl);
    XML_SetSkippedEntityHandler(parser_, &OnSkippedEntity);
    XML_SetXmlDeclHandler(parser_, &OnXmlDecl);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);  // never read a DTD
    // A UTF-16 file starts with its byte-order mark (or a NUL byte beside '<').
    tree_->utf8 = !(bytes.size() >= 2 && (static_cast<unsigned char>(bytes[0]) >= 0xFE || bytes[0] == 0 || bytes[1] == 0));
    if (XML_Parse(parser_, bytes.data(), static_cast<int>(bytes.size()), XML_TRUE) != XML_STATUS_OK) {
      if (!error_.ok()) return error_;
      return Status::InvalidInput(Where() + XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    if (!error_.ok()) return error_;
    if (tree_->elements.empty()) return Status::InvalidInput(name_ + ": no root element");
    return Status::OK();
  }

 private:
  std::string Where() const {
    return name_ + ":" + std::to_string(XML_GetCurrentLineNumber(parser_)) + ":" +
           std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) + ": ";
  }
  void Fail(const std::string& message) {
    if (error_.ok()) error_ = Status::InvalidInput(Where() + message);
    XML_StopParser(parser_, XML_FALSE);
  }

  static void OnXmlDecl(void* data, const XML_Char*, const XML_Char* encoding, int) {
    auto* self = static_cast<TreeBuilder*>(data);
    if (encoding == nullptr) return;
    std::string e(encoding);
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e != "utf-8" && e != "utf8") self->tree_->utf8 = false;
  }
  static void OnEntityDecl(void* data, const XML_Char* name, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<TreeBuilder*>(data)->Fail(std::string("entity declarations are not allowed (") + name + ")");
  }
  static void OnSkippedEntity(void* data, const XML_Char* name, int) {
    static_cast<TreeBuilder*>(data)->Fail(std::string("undefined entity &") + name + ";");
  }
  static void OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
    static_cast<TreeBuilder*>(data)->Start(name, atts);
  }
  static void OnEnd(void* data, const XML_Char*) { static_cast<TreeBuilder*>(data)->End(); }
  static void OnText(void* data, const XML_Char* s, int len) {
    static_cast<TreeBuilder*>(data)->Text(std::string_view(s, static_cast<size_t>(len)));
  }

  void Start(const char* qname, const char** atts) {
    if (!error_.ok()) return;
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      Fail("elements nested more than " + std::to_string(limits_.max_depth) + " deep");
      return;
    }
    XmlElement e;
    SplitName(qname, &e.ns, &e.name, &e.prefix);
    for (int i = 0; atts[i]; i += 2) {
      XmlAttribute a;
      SplitName(atts[i], &a.ns, &a.name, &a.prefix);
      a.value = atts[i + 1];
      e.attrs.push_back(std::move(a));
    }
    e.line = XML_GetCurrentLineNumber(parser_);
    e.column = XML_GetCurrentColumnNumber(parser_) + 1;
    e.start_begin = static_cast<size_t>(XML_GetCurrentByteIndex(parser_));
    e.start_end = e.start_begin + static_cast<size_t>(XML_GetCurrentByteCount(parser_));
    int index = static_cast<int>(tree_->elements.size());
    if (!stack_.empty()) {
      e.parent = stack_.back();
      tree_->elements[e.parent].content.push_back({index, {}});
    }
    tree_->elements.push_back(std::move(e));
    stack_.push_back(index);
  }

  void End() {
    if (!error_.ok()) return;
    XmlElement& e = tree_->elements[stack_.back()];
    size_t at = static_cast<size_t>(XML_GetCurrentByteIndex(parser_));
    size_t count = static_cast<size_t>(XML_GetCurrentByteCount(parser_));
    if (count == 0) {  // <x/>: the start tag was the whole element
      e.end_begin = e.end_end = e.start_end;
    } else {
      e.end_begin = at;
      e.end_end = at + count;
    }
    stack_.pop_back();
  }

  void Text(std::string_view s) {
    if (!error_.ok() || stack_.empty()) return;
    std::vector<XmlContent>& content = tree_->elements[stack_.back()].content;
    if (content.empty() || content.back().element >= 0) content.push_back({-1, {}});
    content.back().text.append(s);
  }

  std::string name_;
  XmlLimits limits_;
  XmlTree* tree_;
  XML_Parser parser_ = nullptr;
  Status error_;
  std::vector<int> stack_;
};

}  // namespace

Status ParseXmlTree(std::string bytes, const std::string& name, const XmlLimits& limits, XmlTree* tree) {
  *tree = XmlTree();
  if (bytes.size() > limits.max_file_bytes) {
    return Status::InvalidInput(name + ": larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Status::InvalidInput(name + ": larger than 2 GiB");
  tree->bytes = std::move(bytes);
  TreeBuilder builder(name, limits, tree);
  return builder.Run();
}

Status ReadXmlTree(const std::string& path, const XmlLimits& limits, XmlTree* tree) {
  std::string bytes;
  Status s = ReadFile(path, &bytes);
  if (!s.ok()) return s;
  return ParseXmlTree(std::move(bytes), path, limits, tree);
}

}  // namespace tmkit
