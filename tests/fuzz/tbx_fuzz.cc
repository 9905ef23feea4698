// libFuzzer harness: the TBX reader (v2 martif and v3 tbx) on arbitrary bytes. It must return a
// Status for anything, never crash, hang or leak; a glossary it accepts must serialize and read
// back (the writer's output is always valid TBX).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tmkit/glossary.h"
#include "tmkit/tbx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  tmkit::Glossary glossary;
  tmkit::Status s = tmkit::ParseTbx(xml, "fuzz.tbx", &glossary);
  if (!s.ok()) {
    if (s.message().empty()) std::abort();  // an error must say what went wrong
    return 0;
  }
  for (tmkit::TbxVersion version : {tmkit::TbxVersion::kV3, tmkit::TbxVersion::kV2}) {
    std::string written = tmkit::WriteTbx(glossary, version, "en");
    tmkit::Glossary again;
    tmkit::Status s2 = tmkit::ParseTbx(written, "written.tbx", &again);
    if (!s2.ok()) {
      fprintf(stderr, "written TBX does not read back: %s\n", s2.ToString().c_str());
      std::abort();
    }
  }
  return 0;
}
