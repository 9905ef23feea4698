// Reading a whole file with a ceiling, for the readers that hold a file in memory (glossaries, SRX
// rules): a 2 GB file is refused by its size instead of taking the memory. Internal to the engine;
// thread-safe.
#ifndef TMKIT_UTIL_READ_FILE_H_
#define TMKIT_UTIL_READ_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "tmkit/status.h"

namespace tmkit {

// ReadFile (tmkit/utf8.h) that refuses a file of more than `max_bytes`: InvalidInput "PATH: larger
// than N MiB, the limit for WHAT", found from its size before reading or, for a pipe or "-", as
// soon as it passes the limit. NotFound / IOError as ReadFile.
Status ReadFileAtMost(const std::string& path, size_t max_bytes, std::string_view what, std::string* contents);

}  // namespace tmkit

#endif  // TMKIT_UTIL_READ_FILE_H_
