// The checks of POST /api/check: tmkit::Checker (engine/check) over the service's glossaries, for
// one segment pair at a time. A Checker is not thread-safe (it owns Hunspell instances), so
// requests borrow one from a pool per language pair, made on first use and kept. Thread-safe.
#ifndef TMKIT_SERVER_CHECKS_H_
#define TMKIT_SERVER_CHECKS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tmkit/checker.h"
#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit::server {

class CheckService {
 public:
  // `glossary` may be null (checks without glossary terms); it is shared, never changed.
  explicit CheckService(std::shared_ptr<const Glossary> glossary);

  // The findings on `pair`, as `tmkit check` reports them (segment 0). `src` and `tgt` are
  // canonical tags of languages the checker supports (CheckSupportedLanguage "en,ru,ar").
  Status Check(const SegmentPair& pair, const std::string& src, const std::string& tgt,
               std::vector<Finding>* findings);

 private:
  std::shared_ptr<const Glossary> glossary_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Checker>>> idle_;  // by "src>tgt"
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_CHECKS_H_
