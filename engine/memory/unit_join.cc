// Joining units that share their source segment (docs/tm-format.md "Joining units").
#include "tmkit/unit_join.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "tmkit/lang.h"
#include "util/strings.h"

namespace tmkit {
namespace {

const Variant& SourceOf(const Unit& unit) {
  if (!unit.source_lang.empty()) {
    for (const Variant& v : unit.variants) {
      if (LanguageMatches(unit.source_lang, v.lang)) return v;
    }
  }
  return unit.variants[0];
}

// Two values agree when either is unknown (empty) or they are equal.
bool Agree(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }
bool AgreeText(const std::string& a, const std::string& b) { return a.empty() || b.empty() || JoinKey(a) == JoinKey(b); }

bool HasAttr(const Attributes& attrs, const std::string& name) {
  for (const auto& [n, v] : attrs) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

std::string JoinKey(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string normalized;
  if (U_SUCCESS(status)) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString n = nfc->normalize(u, status);
    if (U_SUCCESS(status)) n.toUTF8String(normalized);
  }
  if (U_FAILURE(status)) normalized.assign(text);
  return CollapseWhitespace(normalized);
}

bool CanJoin(const Unit& stored, const Unit& incoming) {
  if (incoming.variants.empty() || stored.variants.empty()) return false;
  const Variant& source = SourceOf(incoming);
  const std::string source_key = JoinKey(source.text);
  bool same_source = false;
  for (const Variant& v : stored.variants) {
    if (v.lang == source.lang && v.markup == source.markup && JoinKey(v.text) == source_key) same_source = true;
  }
  if (!same_source) return false;
  if (!Agree(stored.document, incoming.document)) return false;
  if (stored.position >= 0 && incoming.position >= 0 && stored.position != incoming.position) return false;
  if (!AgreeText(stored.prev_source, incoming.prev_source) || !AgreeText(stored.next_source, incoming.next_source)) {
    return false;
  }
  bool adds = false;
  for (const Variant& v : incoming.variants) {
    if (&v == &source) continue;
    std::string primary = PrimaryLanguage(v.lang);
    bool same_language = false, same_text = false;
    for (const Variant& s : stored.variants) {
      if (PrimaryLanguage(s.lang) != primary) continue;
      same_language = true;
      if (s.lang == v.lang && s.text == v.text && s.markup == v.markup) same_text = true;
    }
    if (same_language && !same_text) return false;  // another translation into that language
    if (!same_language) adds = true;
  }
  return adds;
}

Unit JoinUnits(const Unit& stored, const Unit& incoming) {
  Unit out = stored;
  for (const Variant& v : incoming.variants) {
    std::string primary = PrimaryLanguage(v.lang);
    bool held = std::any_of(out.variants.begin(), out.variants.end(),
                            [&](const Variant& s) { return PrimaryLanguage(s.lang) == primary; });
    if (!held) out.variants.push_back(v);
  }
  if (out.tuid.empty()) out.tuid = incoming.tuid;
  if (out.source_lang.empty()) out.source_lang = incoming.source_lang;
  if (out.document.empty()) out.document = incoming.document;
  if (out.position < 0) out.position = incoming.position;
  if (out.prev_source.empty()) out.prev_source = incoming.prev_source;
  if (out.next_source.empty()) out.next_source = incoming.next_source;
  if (incoming.created != 0 && (out.created == 0 || incoming.created < out.created)) {
    out.created = incoming.created;
    out.created_by = incoming.created_by;
  }
  if (incoming.changed > out.changed) {
    out.changed = incoming.changed;
    out.changed_by = incoming.changed_by;
  }
  if (out.created_by.empty()) out.created_by = incoming.created_by;
  if (out.changed_by.empty() && out.changed == incoming.changed) out.changed_by = incoming.changed_by;
  for (const auto& attr : incoming.attrs) {
    if (!HasAttr(out.attrs, attr.first)) out.attrs.push_back(attr);
  }
  for (const Prop& p : incoming.props) {
    if (std::find(out.props.begin(), out.props.end(), p) == out.props.end()) out.props.push_back(p);
  }
  for (const Note& n : incoming.notes) {
    if (std::find(out.notes.begin(), out.notes.end(), n) == out.notes.end()) out.notes.push_back(n);
  }
  return out;
}

Status JoinTm(Memory* memory, JoinReport* report, const std::function<void(uint64_t, uint64_t)>& progress) {
  MemoryStats stats;
  Status s = memory->Stats(&stats);
  if (!s.ok()) return s;
  return memory->Write([&](Writer* writer) {
    *report = JoinReport();
    // Units that may share a source: grouped by a hash of the source's tag and JoinKey. A
    // collision only puts two units in one group; CanJoin still compares the text.
    std::vector<std::pair<uint64_t, uint64_t>> keyed;  // (hash, id)
    Status st = writer->ForEach([&](const Unit& unit) {
      ++report->units;
      if (progress && report->units % 4096 == 0) progress(report->units, stats.units);
      if (unit.variants.size() < 2) return Status::OK();
      const Variant& source = SourceOf(unit);
      keyed.emplace_back(Fnv1a64(JoinKey(source.text), Fnv1a64(source.lang + '\0')), unit.id);
      return Status::OK();
    });
    if (!st.ok()) return st;
    std::sort(keyed.begin(), keyed.end());
    for (size_t begin = 0; begin < keyed.size();) {
      size_t end = begin + 1;
      while (end < keyed.size() && keyed[end].first == keyed[begin].first) ++end;
      if (end - begin >= 2) {
        // In id order, each unit joins the one earlier unit of the group that takes it.
        std::vector<Unit> kept;
        std::vector<bool> changed;
        for (size_t i = begin; i < end; ++i) {
          Unit unit;
          st = writer->Get(keyed[i].second, &unit);
          if (!st.ok()) return st;
          size_t candidates = 0, into = 0;
          for (size_t k = 0; k < kept.size(); ++k) {
            if (CanJoin(kept[k], unit)) {
              ++candidates;
              into = k;
            }
          }
          if (candidates == 1) {
            kept[into] = JoinUnits(kept[into], unit);
            changed[into] = true;
            st = writer->Remove(unit.id);
            if (!st.ok()) return st;
            ++report->joined;
          } else {
            if (candidates > 1) ++report->ambiguous;
            kept.push_back(std::move(unit));
            changed.push_back(false);
          }
        }
        for (size_t k = 0; k < kept.size(); ++k) {
          if (!changed[k]) continue;
          st = writer->Replace(kept[k]);
          if (!st.ok()) return st;
        }
      }
      begin = end;
    }
    if (progress) progress(report->units, stats.units);
    return Status::OK();
  });
}

}  // namespace tmkit
