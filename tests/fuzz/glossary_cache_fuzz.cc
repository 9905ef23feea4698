// libFuzzer harness: the compiled-glossary reader on arbitrary bytes. It must return a Status for
// anything, never crash, hang or leak; an image it accepts must write and read back the same.
// Random bytes rarely carry a valid checksum, so each input is also tried with its checksum
// made right: that is how a forged image reaches the field-by-field checks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"

namespace {

void Check(std::string_view image) {
  tmkit::Glossary glossary;
  tmkit::GlossarySource source;
  tmkit::Status s = tmkit::ParseGlossaryCache(image, {}, &glossary, &source);
  if (!s.ok()) {
    if (s.message().empty()) std::abort();  // an error must say what went wrong
    return;
  }
  std::string again = tmkit::SerializeGlossaryCache(glossary, source);
  tmkit::Glossary reread;
  tmkit::GlossarySource reread_source;
  if (!tmkit::ParseGlossaryCache(again, {}, &reread, &reread_source).ok() ||
      reread.concepts().size() != glossary.concepts().size() || reread_source.path != source.path) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string image(reinterpret_cast<const char*>(data), size);
  Check(image);
  if (image.size() >= 16) {
    uint64_t sum = tmkit::GlossaryContentHash(std::string_view(image).substr(16));
    std::memcpy(&image[8], &sum, sizeof sum);
    Check(image);
  }
  return 0;
}
