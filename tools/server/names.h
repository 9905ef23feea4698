// The names of the served TM for GET /api/names (docs/api.md): `tmkit names mine` over the whole TM,
// per target language (en -> ru, en -> ar), run on a thread of its own on first demand and kept until
// the TM changes (another unit count, newest change date or TM file), then run again while the
// older answer is still given. Thread-safe; the destructor stops a running mining and waits for it.
#ifndef TMKIT_SERVER_NAMES_H_
#define TMKIT_SERVER_NAMES_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tm_handle.h"
#include "tmkit/glossary.h"
#include "tmkit/name_mining.h"
#include "tmkit/status.h"

namespace tmkit::server {

class NameService {
 public:
  // One language's mined names, with what the search compares folded once (FoldForMatching).
  struct Mined {
    std::string tgt;                  // "ru" or "ar"
    uint64_t units = 0;               // units holding English and `tgt`
    std::vector<MinedName> names;
    std::vector<std::string> english_folded;              // per name
    std::vector<std::vector<std::string>> forms_folded;   // per name, per variant
  };

  // Where a language's mining stands when no answer for the TM as it is now is ready in time.
  struct Pending {
    int pass = 0;             // 1..4, 0 before the first unit is read
    uint64_t units_read = 0;  // in that pass
  };

  // `glossary` (may be null) gives the statuses agrees/conflicts, as `names mine -g` does.
  NameService(TmHandle* tm, std::shared_ptr<const Glossary> glossary);
  ~NameService();

  // The names mined for en -> `tgt` ("ru" or "ar") from the TM as it is now, mining them when
  // needed and waiting until `deadline` for it. When that mining has not finished by then,
  // `*mined` is the previous one (`*current` false) or null, and `*pending` says how far it got.
  // Errors: the TM's (unavailable, unreadable).
  Status Get(const std::string& tgt, std::chrono::steady_clock::time_point deadline,
             std::shared_ptr<const Mined>* mined, bool* current, Pending* pending);

 private:
  struct Language {
    std::shared_ptr<const Mined> done;
    std::string done_key;      // the TM state `done` was mined from
    std::string running_key;   // the TM state being mined; empty when no mining runs
    Status error;              // of the last mining of `error_key`
    std::string error_key;
    Pending progress;
    std::thread worker;
  };

  void Mine(std::string tgt, std::string key, std::shared_ptr<Memory> memory);

  TmHandle* const tm_;
  const std::shared_ptr<const Glossary> glossary_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::map<std::string, Language> languages_;
  std::atomic<bool> stop_{false};  // set by the destructor; a miner gives up at its next unit
};

// A search of mined names by a name in any script: the names whose English or one of whose
// renderings starts a word with `query` (folded), and those the transliteration model says `query`
// names (a Russian case form, an Arabic word with clitics, an English spelling of a rendering),
// best first: an exact name, then a word prefix, then the model's probability; ties by mentions.
struct NameHit {
  const MinedName* name = nullptr;
  bool by_text = false;
  double probability = 0;  // the model's, when it was asked
};
std::vector<NameHit> SearchNames(const NameService::Mined& mined, std::string_view query, size_t limit);

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_NAMES_H_
