#include "tmkit/utf8.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace tmkit {

size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) return i;  // see utf8.h: a NUL is never text here
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) { len = 2; }
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) { len = 3; }
    else if (c == 0xED) { len = 3; hi = 0x9F; }  // no surrogates
    else if (c >= 0xEE && c <= 0xEF) { len = 3; }
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) { len = 4; }
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else return i;
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

Status ValidateUtf8(std::string_view text, std::string_view name) {
  size_t bad = FindInvalidUtf8(text);
  if (bad == std::string_view::npos) return Status::OK();
  if (text[bad] == '\0') {
    return Status::InvalidInput(std::string(name) + ": NUL byte at byte " + std::to_string(bad) +
                                " (UTF-16 without a byte-order mark?)");
  }
  return Status::InvalidInput(std::string(name) + ": invalid UTF-8 at byte " + std::to_string(bad));
}

size_t Utf8BomLength(std::string_view text) {
  return text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
}

Status ReadFile(const std::string& path, std::string* contents) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    *contents = ss.str();
    return Status::OK();
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": " + std::strerror(err));
  }
  contents->clear();
  // Sized once up front: a 55 MB glossary grown by doubling was copied twice over.
  struct stat st;
  if (::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode)) contents->reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) contents->append(buf, got);
  bool failed = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (failed) return Status::IOError(path + ": " + std::strerror(err));
  return Status::OK();
}

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace tmkit
