// A fixed "OUT.tmp" let another user plant a link there and have an export overwrite a private
// file; "/dev/full" became a regular file. Hence mkstemp beside the target, and devices, pipes and
// standard output written through.
#include "tmkit/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace tmkit {
namespace {

// The process's umask, read once: umask(2) can only be read by setting it.
mode_t ProcessUmask() {
  static const mode_t mask = [] {
    mode_t m = ::umask(022);
    ::umask(m);
    return m;
  }();
  return mask;
}

void SyncDirectory(const std::string& file) {
  size_t slash = file.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : file.substr(0, slash);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Status OutputFile::Open(const std::string& path, std::unique_ptr<OutputFile>* out, mode_t mode) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = path.empty() || path == "-" ? "standard output" : path;
  if (path.empty() || path == "-") {
    f->file_ = stdout;
    f->owns_file_ = false;
    *out = std::move(f);
    return Status::OK();
  }
  f->target_ = path;
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    // A link the user names is kept: the file it points to is what gets replaced.
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
      return Status::IOError("cannot write " + path + ": it is a link to nothing (" + std::strerror(errno) + ")");
    }
    f->target_ = resolved;
  }
  bool exists = ::stat(f->target_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return Status::IOError("cannot write " + path + ": it is a directory");
  if (exists && !S_ISREG(st.st_mode)) {
    int fd = ::open(f->target_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || (f->file_ = ::fdopen(fd, "wb")) == nullptr) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      return f->Error(err);
    }
    *out = std::move(f);
    return Status::OK();
  }
  size_t slash = f->target_.rfind('/');
  std::string dir = slash == std::string::npos ? "" : f->target_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? f->target_ : f->target_.substr(slash + 1);
  std::string temp = dir + "." + base + ".tmp-XXXXXX";
  int fd = ::mkostemp(&temp[0], O_CLOEXEC);
  if (fd < 0) return f->Error(errno);
  f->temp_ = temp;
  mode_t final_mode = exists ? (st.st_mode & 07777) : (mode & ~ProcessUmask());
  if (::fchmod(fd, final_mode) != 0 || (f->file_ = ::fdopen(fd, "wb")) == nullptr) {
    int err = errno;
    ::close(fd);
    return f->Error(err);  // the destructor removes the temporary
  }
  *out = std::move(f);
  return Status::OK();
}

OutputFile::~OutputFile() {
  if (file_ != nullptr && owns_file_) std::fclose(file_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

Status OutputFile::Error(int err) const {
  return Status::IOError("cannot write " + path_ + ": " + std::strerror(err));
}

Status OutputFile::Append(std::string_view data) {
  if (error_ != 0) return Error(error_);
  if (file_ == nullptr) return Status::IOError("cannot write " + path_ + ": already closed");
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) error_ = errno ? errno : EIO;
  return error_ != 0 ? Error(error_) : Status::OK();
}

Status OutputFile::Commit() {
  if (file_ == nullptr) return Status::IOError("cannot write " + path_ + ": already closed");
  std::FILE* f = file_;
  file_ = nullptr;
  if (error_ == 0 && std::fflush(f) != 0) error_ = errno;
  // Pipes and terminals cannot be synced (EINVAL); a regular file must be on disk before the rename.
  if (error_ == 0 && !temp_.empty() && ::fsync(fileno(f)) != 0) error_ = errno;
  if (owns_file_ && std::fclose(f) != 0 && error_ == 0) error_ = errno;
  if (error_ != 0) return Error(error_);
  if (temp_.empty()) return Status::OK();
  if (::rename(temp_.c_str(), target_.c_str()) != 0) return Error(errno);
  temp_.clear();
  SyncDirectory(target_);
  return Status::OK();
}

Status WriteWholeFile(const std::string& path, std::string_view content, mode_t mode) {
  std::unique_ptr<OutputFile> out;
  Status s = OutputFile::Open(path, &out, mode);
  if (s.ok()) s = out->Append(content);
  if (s.ok()) s = out->Commit();
  return s;
}

}  // namespace tmkit
