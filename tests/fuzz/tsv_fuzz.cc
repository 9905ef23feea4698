// libFuzzer harness: the OmegaT TSV glossary reader on arbitrary bytes, and the writer/reader
// round trip of whatever it accepts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tmkit/glossary.h"
#include "tmkit/tsv_glossary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tmkit::Glossary glossary;
  tmkit::Status s = tmkit::ParseTsvGlossary(text, "fuzz.tsv", "en", "ru", &glossary);
  if (!s.ok()) {
    if (s.message().empty()) std::abort();
    return 0;
  }
  std::string written = tmkit::WriteTsvGlossary(glossary, "en", "ru");
  tmkit::Glossary again;
  tmkit::Status s2 = tmkit::ParseTsvGlossary(written, "written.tsv", "en", "ru", &again);
  if (!s2.ok()) {
    fprintf(stderr, "written TSV does not read back: %s\n", s2.ToString().c_str());
    std::abort();
  }
  return 0;
}
