#include "tm_handle.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "tmkit/lang.h"

namespace tmkit::server {
namespace {

// LMDB keeps its data in DIR/data.mdb (docs/tm_format.md); its identity tells a removed or
// replaced TM from the one that was opened, without touching the open environment.
Status DataFileIdentity(const std::string& dir, dev_t* device, ino_t* inode) {
  struct stat st;
  std::string data = dir + "/data.mdb";
  if (stat(data.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Status::NotFound("the TM at " + dir +
                              " has disappeared (its data file is gone); the service answers "
                              "again when it is back");
    }
    return Status::IOError("cannot reach the TM at " + dir + ": " + std::strerror(errno));
  }
  *device = st.st_dev;
  *inode = st.st_ino;
  return Status::OK();
}

}  // namespace

Status TmHandle::Open(const std::string& dir, std::unique_ptr<TmHandle>* handle) {
  std::unique_ptr<TmHandle> h(new TmHandle(dir));
  std::lock_guard<std::mutex> lock(h->mutex_);
  Status s = h->OpenLocked();
  if (!s.ok()) return s;
  *handle = std::move(h);
  return Status::OK();
}

Status TmHandle::OpenLocked() {
  OpenOptions options;
  options.writer_wait_ms = 2000;  // an import by another process holds the writer lock a while
  std::unique_ptr<Memory> memory;
  Status s = Memory::Open(dir_, options, &memory);
  if (!s.ok()) return s;
  dev_t device;
  ino_t inode;
  s = DataFileIdentity(dir_, &device, &inode);
  if (!s.ok()) return s;
  memory_ = std::move(memory);
  device_ = device;
  inode_ = inode;
  languages_valid_ = false;
  return Status::OK();
}

Status TmHandle::Acquire(std::shared_ptr<Memory>* memory) {
  dev_t device;
  ino_t inode;
  Status s = DataFileIdentity(dir_, &device, &inode);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mutex_);
  if (device != device_ || inode != inode_) {
    s = OpenLocked();
    if (!s.ok()) return s;
  }
  // A data file cut short under the service would raise SIGBUS at the first read past its end.
  s = memory_->CheckFile();
  if (!s.ok()) return s;
  *memory = memory_;
  return Status::OK();
}

Status TmHandle::HasLanguage(const std::string& tag, bool* has, std::vector<std::string>* known) {
  auto answers = [&] {
    for (const std::string& stored : languages_) {
      if (LanguageMatches(tag, stored)) return true;
    }
    return false;
  };
  std::shared_ptr<Memory> memory;
  Status s = Acquire(&memory);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (!languages_valid_ || (!answers() && now - languages_read_ >= std::chrono::seconds(1))) {
    MemoryStats stats;
    s = memory->Stats(&stats);
    if (!s.ok()) return s;
    languages_ = stats.HeldLanguages();
    languages_valid_ = true;
    languages_read_ = now;
  }
  *has = answers();
  *known = languages_;
  return Status::OK();
}

void TmHandle::ForgetLanguages() {
  std::lock_guard<std::mutex> lock(mutex_);
  languages_valid_ = false;
}

}  // namespace tmkit::server
