// A bilingual word list (source word -> target words) read from FreeDict's installed dictd files.
// Immutable after loading; safe to share between threads. Errors are Status values.
#ifndef TMKIT_BILINGUAL_DICTIONARY_H_
#define TMKIT_BILINGUAL_DICTIONARY_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

class BilingualDictionary {
 public:
  // Default directory of the Debian dict-freedict-* packages.
  static constexpr const char* kDefaultDictdDir = "/usr/share/dictd";

  // Adds the entries of one dictd database (PATH.index + PATH.dict.dz, or PATH.dict when not
  // compressed). `reversed` means the database translates target -> source (e.g. ara-eng read
  // for an en-ar pair). Only single-word headwords are kept; each translation contributes its
  // words when it is at most three words long. Words are stored folded (FoldForMatching).
  Status AddDictd(const std::string& path_without_suffix, std::string_view headword_lang,
                  std::string_view translation_lang, bool reversed);

  // Loads every FreeDict database installed in `dir` for the pair (either direction: eng-rus,
  // or eng-ara plus ara-eng). NotFound when none is installed; the message names the Debian
  // package(s) to install.
  Status LoadInstalled(const std::string& dir, std::string_view src_lang, std::string_view tgt_lang);

  // Adds one pair of folded words.
  void Add(const std::string& src_word, const std::string& tgt_word);

  // Target words for a folded source word (empty when unknown).
  const std::vector<std::string>& Lookup(const std::string& src_word) const;

  const std::unordered_map<std::string, std::vector<std::string>>& entries() const { return entries_; }
  size_t headwords() const { return entries_.size(); }
  size_t pairs() const { return pairs_; }

 private:
  std::unordered_map<std::string, std::vector<std::string>> entries_;
  size_t pairs_ = 0;
};

}  // namespace tmkit

#endif  // TMKIT_BILINGUAL_DICTIONARY_H_
