// An output file that readers see whole or not at all: bytes go to a fresh temporary beside the
// target (mkstemp: O_EXCL, so a link planted there is never followed) and Commit renames it over
// the target. An OUT that is not a regular file (a device, a pipe, "-" for standard output) is
// written through, never replaced; a directory is refused. Not thread-safe: one owner writes.
#ifndef TMKIT_OUTPUT_FILE_H_
#define TMKIT_OUTPUT_FILE_H_

#include <sys/types.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "tmkit/status.h"

namespace tmkit {

class OutputFile {
 public:
  // `mode` is the permission of a file created anew, before the umask (an existing regular file
  // keeps its own). Errors name `path` and say why: IOError.
  static Status Open(const std::string& path, std::unique_ptr<OutputFile>* out, mode_t mode = 0666);
  // Removes the temporary when Commit was not reached: the target keeps its old content.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status Append(std::string_view data);
  // Flushes, syncs and renames into place; the first failed write (a full disk) is reported here
  // at the latest, and then the target is untouched.
  Status Commit();

  const std::string& path() const { return path_; }

 private:
  OutputFile() = default;
  Status Error(int err) const;

  std::string path_;     // as the caller named it, for messages
  std::string target_;   // where the rename lands (symbolic links resolved)
  std::string temp_;     // empty when writing through
  std::FILE* file_ = nullptr;
  bool owns_file_ = true;  // false for standard output
  int error_ = 0;          // errno of the first failed write
};

// Writes `content` to `path` through an OutputFile ("" or "-": standard output).
Status WriteWholeFile(const std::string& path, std::string_view content, mode_t mode = 0666);

}  // namespace tmkit

#endif  // TMKIT_OUTPUT_FILE_H_
