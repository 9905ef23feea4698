// SRX 2.0 rules (LISA/GALA Segmentation Rules eXchange) for one language: the cascade of every
// <languagerule> whose <languagemap> pattern matches the language, in map order. Internal to the
// segment layer; an SrxRules object holds ICU matchers, so it is not thread-safe.
#ifndef TMKIT_SEGMENT_SRX_H_
#define TMKIT_SEGMENT_SRX_H_

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.h"

namespace tmkit::segment {

class SrxRules {
 public:
  enum class Decision { kNoMatch, kBreak, kNoBreak };

  // Reads `path` with expat (external entities are never fetched) and compiles the rules that apply
  // to `language` with icu::RegexPattern. Errors: NotFound/IOError for the file, InvalidInput
  // "PATH:LINE: ..." for malformed XML or an invalid regular expression.
  static Status Load(const std::string& path, std::string_view language, std::unique_ptr<SrxRules>* rules);

  ~SrxRules();

  // Sets the UTF-8 text that Decide looks at; it must outlive the calls to Decide.
  void SetText(std::string_view text);

  // The first rule whose <beforebreak> matches the text ending at `position` (a byte offset) and
  // whose <afterbreak> matches the text starting there decides. With `only_if_break`, the answer
  // is kNoMatch unless a break rule decides: a cheaper question for positions ICU did not propose.
  // A rule whose match runs past kMatchTimeLimit (catastrophic backtracking: "(a+)+b" on a line of
  // a's takes exponential time) stops the rules: this and every later Decide answer kNoMatch, and
  // error() says which rule.
  Decision Decide(size_t position, bool only_if_break = false);

  // OK, or InvalidInput "PATH:LINE: the regular expression in <beforebreak> '...' ran past its time
  // limit" once a rule has timed out.
  const Status& error() const { return error_; }

  // ICU's limit on one match, in its steps (10,000 backtracking operations each, about a
  // millisecond): real rules need a fraction of one.
  static constexpr int32_t kMatchTimeLimit = 20;

  // SRX files are read whole; real ones are kilobytes (Okapi's default rules: 60 KB).
  static constexpr size_t kMaxFileBytes = size_t{16} << 20;

  bool has_break_rules() const { return has_break_rules_; }
  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    bool is_break = true;
    std::unique_ptr<icu::RegexPattern> before_pattern;  // null = empty pattern, matches anywhere
    std::unique_ptr<icu::RegexPattern> after_pattern;
    std::unique_ptr<icu::RegexMatcher> before;  // matchers refer to (do not own) the patterns
    std::unique_ptr<icu::RegexMatcher> after;
    bool before_sees_start = false;  // the pattern has "^": look back to the start of the text
    std::string before_where, after_where;  // "PATH:LINE: <beforebreak> 'PATTERN'", for errors
  };
  std::vector<Rule> rules_;
  std::vector<size_t> break_rules_;  // indexes of the break rules, in order
  UText text_ = UTEXT_INITIALIZER;
  std::string_view view_;
  bool has_break_rules_ = false;
  Status error_;
  friend struct SrxBuilder;
};

}  // namespace tmkit::segment

#endif  // TMKIT_SEGMENT_SRX_H_
