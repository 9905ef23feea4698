#include "tmkit/document_trust.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "align/word_forms.h"
#include "tmkit/aligner.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

constexpr size_t kAnchorlessSentences = 4;  // sentences a side from which an anchorless pair is unconfirmed

using align_internal::Script;
using align_internal::ScriptOfLanguage;

UScriptCode IcuScript(Script s) {
  switch (s) {
    case Script::kLatin: return USCRIPT_LATIN;
    case Script::kCyrillic: return USCRIPT_CYRILLIC;
    case Script::kArabic: return USCRIPT_ARABIC;
    default: return USCRIPT_INVALID_CODE;
  }
}

// Share of the letters of `sentences` written in `script` (1 when it is not one we know, or
// when there are no letters).
double ScriptShare(const std::vector<std::string>& sentences, Script script) {
  UScriptCode want = IcuScript(script);
  if (want == USCRIPT_INVALID_CODE) return 1;
  size_t letters = 0, in_script = 0;
  for (const std::string& s : sentences) {
    for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
      UChar32 c;
      U8_NEXT(s.data(), i, n, c);
      if (c < 0 || !u_isalpha(c)) continue;
      ++letters;
      UErrorCode e = U_ZERO_ERROR;
      in_script += uscript_getScript(c, &e) == want;
    }
  }
  return letters == 0 ? 1 : static_cast<double>(in_script) / letters;
}

// Share of the source's words of four letters or more that the target repeats as they are: near 1
// for an untranslated copy, rarely above 0.3 for a translation (names, numbers and cognates).
double CopiedShare(const SentenceList& src, const SentenceList& tgt, std::string_view src_lang,
                   std::string_view tgt_lang) {
  std::unordered_set<std::string> target_words;
  for (const std::string& s : tgt.sentences) {
    for (const Token& t : TokenizeForMatching(s, tgt_lang)) {
      if (t.kind == TokenKind::kWord) target_words.insert(t.norm);
    }
  }
  size_t words = 0, copied = 0;
  for (const std::string& s : src.sentences) {
    for (const Token& t : TokenizeForMatching(s, src_lang)) {
      if (t.kind != TokenKind::kWord || t.norm.size() < 4) continue;
      ++words;
      copied += target_words.count(t.norm);
    }
  }
  return words < 20 ? 0 : static_cast<double>(copied) / words;
}

std::string Percent(double x) { return std::to_string(static_cast<int>(std::lround(100 * x))) + "%"; }

}  // namespace

DocumentTrust AssessDocument(const SentenceList& src, const SentenceList& tgt, const Alignment& alignment,
                             std::string_view src_lang, std::string_view tgt_lang, double min_confidence) {
  DocumentTrust t;
  double src_chars = 0, tgt_chars = 0, covered = 0;
  std::vector<double> src_len(src.sentences.size());
  for (size_t i = 0; i < src.sentences.size(); ++i) src_chars += src_len[i] = static_cast<double>(CountCodePoints(src.sentences[i]));
  for (const std::string& s : tgt.sentences) tgt_chars += static_cast<double>(CountCodePoints(s));
  // Which bead holds each source sentence, for the anchors.
  std::vector<const Bead*> bead_of(src.sentences.size(), nullptr);
  for (const Bead& b : alignment.beads) {
    for (uint32_t i = b.src_begin; i < b.src_end && i < bead_of.size(); ++i) bead_of[i] = &b;
    if (b.src_begin == b.src_end || b.tgt_begin == b.tgt_end || b.confidence < min_confidence) continue;
    for (uint32_t i = b.src_begin; i < b.src_end && i < src_len.size(); ++i) covered += src_len[i];
  }
  t.coverage = src_chars > 0 ? covered / src_chars : 0;
  size_t kept = 0;
  for (const auto& [i, j] : alignment.anchors) {
    const Bead* b = i < bead_of.size() ? bead_of[i] : nullptr;
    kept += b != nullptr && j >= b->tgt_begin && j < b->tgt_end;
  }
  t.anchor_agreement = (kept + 1.0) / (alignment.anchors.size() + 1.0);
  // A pair of several sentences a side whose beads keep not one key found once on each side (a
  // name, a number, a dictionary pair) together is not confirmed as a translation: most pairs of
  // two different stories are such, no real NTREX pair is (docs/alignment.md).
  const bool unconfirmed = alignment.shared_keys_kept == 0 && src.sentences.size() >= kAnchorlessSentences &&
                           tgt.sentences.size() >= kAnchorlessSentences;
  if (unconfirmed) t.anchor_agreement = 0;
  double ratio = src_chars > 0 && tgt_chars > 0 ? tgt_chars / src_chars : 0;
  constexpr double low = 0.4, high = 2.5;  // news and literary pairs measured here: 0.6-1.4
  if (ratio <= 0) {
    t.length_fit = 0;
  } else if (ratio < low) {
    t.length_fit = (ratio / low) * (ratio / low);
  } else if (ratio > high) {
    t.length_fit = (high / ratio) * (high / ratio);
  } else {
    t.length_fit = 1;
  }
  double src_script = ScriptShare(src.sentences, ScriptOfLanguage(src_lang));
  double tgt_script = ScriptShare(tgt.sentences, ScriptOfLanguage(tgt_lang));
  t.language_fit = std::min(src_script, tgt_script);
  // A copy in another script is caught by the script share; only same-script pairs (de-fr) need
  // the word comparison, which costs a second tokenisation of the document.
  double copied = ScriptOfLanguage(src_lang) != ScriptOfLanguage(tgt_lang) ? 0 : CopiedShare(src, tgt, src_lang, tgt_lang);
  if (copied > 0.6) t.language_fit = 0;
  t.score = t.coverage * t.anchor_agreement * t.length_fit * t.language_fit;
  if (t.score >= kUntrustedBelow) return t;
  // The reason: the first factor that explains the low score.
  char buf[256];
  if (src.sentences.empty() || tgt.sentences.empty()) {
    t.reason = src.sentences.empty() ? "the source side is empty" : "the target side is empty";
  } else if (std::min(src_script, tgt_script) < 0.5) {
    bool target = tgt_script <= src_script;
    std::snprintf(buf, sizeof buf, "only %s of the %s side's letters are in the script of %s",
                  Percent(target ? tgt_script : src_script).c_str(), target ? "target" : "source",
                  std::string(target ? tgt_lang : src_lang).c_str());
    t.reason = buf;
  } else if (copied > 0.6) {
    std::snprintf(buf, sizeof buf, "the target repeats %s of the source's words: not a translation into %s",
                  Percent(copied).c_str(), std::string(tgt_lang).c_str());
    t.reason = buf;
  } else if (t.length_fit < 0.5) {
    std::snprintf(buf, sizeof buf, "the target is %.1fx the length of the source", ratio);
    t.reason = buf;
  } else if (unconfirmed) {
    std::snprintf(buf, sizeof buf, "the beads keep no name, number or dictionary pair found once on each side together: another text?");
    t.reason = buf;
  } else if (t.anchor_agreement < 0.7) {
    std::snprintf(buf, sizeof buf, "the beads keep only %zu of %zu anchors (names, numbers shared once by each side) together",
                  kept, alignment.anchors.size());
    t.reason = buf;
  } else {
    std::snprintf(buf, sizeof buf, "only %s of the source is in beads with confidence >= %.2f",
                  Percent(t.coverage).c_str(), min_confidence);
    t.reason = buf;
  }
  char score[64];
  std::snprintf(score, sizeof score, "document score %.2f < %.2f: ", t.score, kUntrustedBelow);
  t.reason = score + t.reason;
  return t;
}

}  // namespace tmkit
