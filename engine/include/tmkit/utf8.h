// UTF-8 validation and file reading. Every text that enters tmkit passes through here, so errors
// name the file and byte offset. Pure functions; thread-safe.
#ifndef TMKIT_UTF8_H_
#define TMKIT_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "tmkit/status.h"

namespace tmkit {

// Offset of the first byte that is not part of well-formed UTF-8 (overlongs, surrogates and
// code points above U+10FFFF are ill-formed), or std::string_view::npos when the text is valid.
// A NUL byte counts as invalid too: no text tmkit reads may hold one, and NULs are the mark of
// UTF-16 read without its byte-order mark, which would otherwise pass as valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// Checks `text` and, when invalid, returns InvalidInput "NAME: invalid UTF-8 at byte N" (or
// "NAME: NUL byte at byte N (UTF-16 without a byte-order mark?)").
Status ValidateUtf8(std::string_view text, std::string_view name);

// Length of a leading UTF-8 byte-order mark (3) or 0.
size_t Utf8BomLength(std::string_view text);

// Reads a whole file ("-" is stdin) into `contents`. NotFound / IOError name the path.
Status ReadFile(const std::string& path, std::string* contents);

// Number of code points in valid UTF-8 text.
size_t CountCodePoints(std::string_view text);

}  // namespace tmkit

#endif  // TMKIT_UTF8_H_
