// The TM the service answers from, and what happens when it changes under the service: a TM
// directory removed while serving answers NotFound until it is back, a replaced one is reopened.
// Thread-safe; a Memory handed out stays valid while its shared_ptr is held.
#ifndef TMKIT_SERVER_TM_HANDLE_H_
#define TMKIT_SERVER_TM_HANDLE_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tmkit/memory.h"
#include "tmkit/status.h"

namespace tmkit::server {

class TmHandle {
 public:
  // Opens an existing TM in `dir` for reading and writing.
  static Status Open(const std::string& dir, std::unique_ptr<TmHandle>* handle);

  const std::string& dir() const { return dir_; }

  // The TM as it is now. NotFound ("the TM at DIR has disappeared ...") when its data file is
  // gone; when a different TM now stands in its place it is opened and returned.
  Status Acquire(std::shared_ptr<Memory>* memory);

  // Whether the TM holds variants answering `tag` (LanguageMatches). The list of languages is
  // cached and re-read when a tag is missing from it, at most once a second. `known` receives
  // the TM's languages for the error message.
  Status HasLanguage(const std::string& tag, bool* has, std::vector<std::string>* known);

  // Called after a write through this service, so a new language is seen at once.
  void ForgetLanguages();

 private:
  explicit TmHandle(std::string dir) : dir_(std::move(dir)) {}
  Status OpenLocked();

  const std::string dir_;
  std::mutex mutex_;
  std::shared_ptr<Memory> memory_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
  std::vector<std::string> languages_;
  bool languages_valid_ = false;
  std::chrono::steady_clock::time_point languages_read_;
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_TM_HANDLE_H_
