#include "util/read_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace tmkit {

Status ReadFileAtMost(const std::string& path, size_t max_bytes, std::string_view what, std::string* contents) {
  contents->clear();
  auto too_large = [&] {
    contents->clear();
    contents->shrink_to_fit();
    return Status::InvalidInput(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB, the limit for " +
                                std::string(what));
  };
  const bool standard_input = path == "-";
  FILE* f = standard_input ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": " + std::strerror(err));
  }
  auto close = [&] {
    if (!standard_input) std::fclose(f);
  };
  struct stat st;
  if (::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      close();
      return too_large();
    }
    contents->reserve(static_cast<size_t>(st.st_size));
  }
  char buf[1 << 16];
  size_t got;
  bool over = false;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (got > max_bytes - contents->size()) {
      over = true;
      break;
    }
    contents->append(buf, got);
  }
  const bool failed = std::ferror(f);
  const int err = errno;
  close();
  if (over) return too_large();
  if (failed) return Status::IOError(path + ": " + std::strerror(err));
  return Status::OK();
}

}  // namespace tmkit
