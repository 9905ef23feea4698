// Compiled glossaries: a TBX parsed once is kept as a binary image (docs/glossary.md, "Compiled
// glossaries") and read back instead of the XML while the file is unchanged. Stateless; thread-safe.
#ifndef TMKIT_GLOSSARY_CACHE_H_
#define TMKIT_GLOSSARY_CACHE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

// The file an image was compiled from. An image is used only when all four still hold.
struct GlossarySource {
  std::string path;           // absolute, symbolic links resolved
  uint64_t size = 0;          // bytes
  int64_t mtime_ns = 0;       // modification time, nanoseconds since the epoch
  uint64_t content_hash = 0;  // GlossaryContentHash of the whole file
};

// A 64-bit hash of a file's bytes (4 lanes of 64-bit multiply-rotate rounds, several GB/s); it
// decides that an unchanged-looking file is unchanged, and checks an image's payload.
uint64_t GlossaryContentHash(std::string_view bytes);

// The same hash fed piece by piece (a file read in chunks): equal to GlossaryContentHash of the
// pieces joined.
class ContentHasher {
 public:
  ContentHasher();
  void Update(std::string_view bytes);
  uint64_t Finish() const;

 private:
  void Blocks(const char* p, size_t blocks);
  uint64_t lanes_[4];
  uint64_t length_ = 0;
  std::string pending_;  // fewer than 32 bytes not yet consumed
};

// Where images are kept: $TMKIT_GLOSSARY_CACHE when set (a directory, or "off" for none), else
// $XDG_CACHE_HOME/tmkit, else $HOME/.cache/tmkit; empty when there is none.
std::string GlossaryCacheDir();

// The image of `glossary` (every language, as parsed) compiled from `source`.
std::string SerializeGlossaryCache(const Glossary& glossary, const GlossarySource& source);

// Reads an image into `glossary` (appended) and the source it was compiled from into `source`.
// Only terms of `languages` (LanguageMatches; empty = every language) are kept, as ParseTbx
// keeps them. Corruption for anything but an intact image of this format version: wrong magic,
// version, size or checksum, a string or term range out of bounds, an unknown status, invalid
// UTF-8. `glossary` is untouched on error.
Status ParseGlossaryCache(std::string_view image, const std::vector<std::string>& languages, Glossary* glossary,
                          GlossarySource* source);

}  // namespace tmkit

#endif  // TMKIT_GLOSSARY_CACHE_H_
