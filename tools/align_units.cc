#include "align_units.h"

#include <cstdio>

#include "align_text.h"

namespace tmkit::cli {
namespace {

void StartUnit(const AlignedSource& from, uint32_t src_begin, uint32_t src_end, Unit* unit) {
  *unit = Unit();
  unit->source_lang = from.src_lang;
  unit->created = from.created;
  unit->created_by = "tmkit align";
  unit->document = from.document;
  unit->position = src_begin;
  const std::vector<std::string>& src = from.src->sentences;
  if (src_begin > 0) unit->prev_source = src[src_begin - 1];
  if (src_end < src.size()) unit->next_source = src[src_end];
  unit->variants.push_back({from.src_lang, JoinSentences(*from.src, src_begin, src_end), "", {}, {}, {}});
}

void AddSide(const std::string& lang, const SentenceList& tgt, uint32_t src_span, uint32_t tgt_begin, uint32_t tgt_end,
             double confidence, const Attributes& prop_attrs, Unit* unit) {
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", confidence);
  unit->props.push_back({"x-tmkit-align-confidence", text, prop_attrs});
  unit->props.push_back({"x-tmkit-bead", std::to_string(src_span) + "-" + std::to_string(tgt_end - tgt_begin), prop_attrs});
  unit->variants.push_back({lang, JoinSentences(tgt, tgt_begin, tgt_end), "", {}, {}, {}});
}

}  // namespace

bool UnitOfBead(const AlignedSource& from, const std::string& tgt_lang, const SentenceList& tgt, const Bead& b,
                double min_confidence, Unit* unit) {
  if (b.src_begin == b.src_end || b.tgt_begin == b.tgt_end || b.confidence < min_confidence) return false;
  StartUnit(from, b.src_begin, b.src_end, unit);
  AddSide(tgt_lang, tgt, b.src_end - b.src_begin, b.tgt_begin, b.tgt_end, b.confidence, {}, unit);
  return true;
}

bool UnitOfMultiBead(const AlignedSource& from, const std::vector<std::string>& tgt_langs,
                     const std::vector<const SentenceList*>& tgts, const MultiBead& m, double min_confidence,
                     Unit* unit) {
  StartUnit(from, m.src_begin, m.src_end, unit);
  for (size_t k = 0; k < tgt_langs.size(); ++k) {
    const MultiBead::Side& side = m.sides[k];
    if (tgts[k] == nullptr || side.empty() || side.confidence < min_confidence) continue;
    AddSide(tgt_langs[k], *tgts[k], m.src_end - m.src_begin, side.tgt_begin, side.tgt_end, side.confidence,
            {{"xml:lang", tgt_langs[k]}}, unit);
  }
  return unit->variants.size() >= 2;
}

}  // namespace tmkit::cli
