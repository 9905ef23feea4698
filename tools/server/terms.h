// The glossaries the service shows terms from. A TermMatcher is not thread-safe (it owns a
// Hunspell instance), so requests borrow one from a per-language pool and give it back; the pool
// grows when every matcher is busy. Thread-safe.
#ifndef TMKIT_SERVER_TERMS_H_
#define TMKIT_SERVER_TERMS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tmkit/glossary.h"
#include "tmkit/status.h"
#include "tmkit/term_matcher.h"

namespace tmkit::server {

class TermService {
 public:
  // Reads every glossary file (TBX, or TSV whose columns are `tsv_src`/`tsv_tgt`) and prepares
  // a matcher for each language, so the first request does not pay for loading Hunspell.
  static Status Load(const std::vector<std::string>& files, std::string_view tsv_src,
                     std::string_view tsv_tgt, std::unique_ptr<TermService>* service);

  // The glossaries, merged; shared with the checks of POST /api/check.
  const std::shared_ptr<const Glossary>& glossary() const { return glossary_; }

  // The languages some term is in (canonical tags, as written in the glossaries).
  const std::vector<std::string>& languages() const { return languages_; }

  // The terms of language `src` found in `text`, each with its forms in `tgt` and the form to use
  // (docs/api.md, GET /api/terms). Both tags canonical; `src` one of languages().
  Status Find(std::string_view text, const std::string& src, const std::string& tgt, nlohmann::json* terms);

 private:
  TermService() = default;
  Status Borrow(const std::string& lang, std::unique_ptr<TermMatcher>* matcher);
  void GiveBack(const std::string& lang, std::unique_ptr<TermMatcher> matcher);

  std::shared_ptr<const Glossary> glossary_;  // the matchers hold references into it
  std::vector<std::string> languages_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<TermMatcher>>> idle_;  // by language tag
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_TERMS_H_
