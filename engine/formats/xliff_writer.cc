// Pre-translation by splicing into the original bytes (pretranslate.h, docs/xliff.md): every byte
// of the input that is not an insertion point or a rewritten start tag is copied as it was.
#include <algorithm>
#include <map>
#include <set>

#include "formats/xliff_internal.h"
#include "tmkit/pretranslate.h"

namespace tmkit {
namespace {

struct Edit {
  size_t begin, end;
  std::string text;
};

// A start tag with attributes set (replaced in place, or appended) and removed; the rest of the
// tag stays as written. `tag` is well-formed (expat read it).
std::string RewriteStartTag(const std::string& tag, const std::vector<std::pair<std::string, std::string>>& set,
                            const std::vector<std::string>& remove, bool open = false) {
  std::string out;
  size_t i = 1;
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '/' && tag[i] != '>') ++i;
  out = tag.substr(0, i);
  std::set<std::string> done;
  for (;;) {
    size_t ws = i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] == '/' || tag[i] == '>') {
      i = ws;
      break;
    }
    size_t name_begin = i;
    while (i < tag.size() && tag[i] != '=' && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string name = tag.substr(name_begin, i - name_begin);
    while (tag[i] != '"' && tag[i] != '\'') ++i;
    char quote = tag[i];
    size_t value_end = tag.find(quote, i + 1);
    std::string whole = tag.substr(ws, value_end + 1 - ws);
    i = value_end + 1;
    if (std::find(remove.begin(), remove.end(), name) != remove.end()) continue;
    auto it = std::find_if(set.begin(), set.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != set.end()) {
      out += " " + name + "=\"";
      AppendXmlAttr(it->second, &out);
      out += "\"";
      done.insert(name);
    } else {
      out += whole;
    }
  }
  for (const auto& [name, value] : set) {
    if (done.count(name)) continue;
    out += " " + name + "=\"";
    AppendXmlAttr(value, &out);
    out += "\"";
  }
  std::string rest = tag.substr(i);
  if (open) {  // <x .../> -> <x ...>
    size_t slash = rest.rfind('/');
    if (slash != std::string::npos) rest.erase(slash, 1);
  }
  return out + rest;
}

std::string Qualified(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + ":" + name;
}

bool IsEmptyTarget(const XliffSegment& seg) {
  return !seg.has_target || (seg.target.codes.empty() && seg.target.text.find_first_not_of(" \t\r\n") == std::string::npos);
}

class XliffSplicer {
 public:
  XliffSplicer(const XliffDocument& doc, const PretranslateOptions& options, PretranslateStats* stats)
      : doc_(doc), t_(doc.tree->xml), options_(options), stats_(stats) {}

  Status Run(const AnalysisDocument& analysis, const std::vector<SegmentMatch>& matches, std::string* out) {
    if (!t_.utf8) return Status::InvalidInput(doc_.path + ": pretranslate writes into UTF-8 files only (this one is not)");
    // The best match of each (file, unit, segment).
    std::map<std::tuple<size_t, size_t, size_t>, const SegmentMatch*> by_segment;
    for (size_t i = 0; i < analysis.segments.size(); ++i) {
      const AnalysisSegment& a = analysis.segments[i];
      by_segment[{a.file, a.unit, a.segment}] = &matches[i];
      ++stats_->segments;
    }
    tgt_lang_ = doc_.target_lang.empty() ? options_.tgt_lang : doc_.target_lang;
    AddTargetLanguage();
    for (size_t f = 0; f < doc_.files.size(); ++f) {
      for (size_t u = 0; u < doc_.files[f].units.size(); ++u) {
        const XliffUnit& unit = doc_.files[f].units[u];
        std::vector<const SegmentMatch*> unit_matches(unit.segments.size(), nullptr);
        for (size_t s = 0; s < unit.segments.size(); ++s) {
          auto it = by_segment.find({f, u, s});
          if (it != by_segment.end() && it->second->score > 0) unit_matches[s] = it->second;
        }
        if (doc_.is_v2()) Unit2(unit, unit_matches); else Unit12(unit, unit_matches);
      }
    }
    for (const auto& [element, change] : tag_changes_) {
      const XmlElement& e = t_.elements[element];
      edits_.push_back({e.start_begin, e.start_end,
                        RewriteStartTag(t_.bytes.substr(e.start_begin, e.start_end - e.start_begin), change, {"subState"})});
    }
    std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      return (a.end == a.begin) > (b.end == b.begin);  // insertions before a replacement there
    });
    out->clear();
    out->reserve(t_.bytes.size() + 256 * edits_.size());
    size_t at = 0;
    for (const Edit& e : edits_) {
      if (e.begin < at) return Status::InvalidInput(doc_.path + ": internal: overlapping edits");
      out->append(t_.bytes, at, e.begin - at);
      out->append(e.text);
      at = e.end;
    }
    out->append(t_.bytes, at, std::string::npos);
    return Status::OK();
  }

 private:
  void AddTargetLanguage() {
    if (!doc_.target_lang.empty() || tgt_lang_.empty()) return;
    if (doc_.is_v2()) {
      tag_changes_[0].push_back({"trgLang", tgt_lang_});
      return;
    }
    for (int c : t_.elements[0].Children()) {
      const XmlElement& f = t_.elements[c];
      if (f.name == "file" && !f.Attr("target-language")) tag_changes_[c].push_back({"target-language", tgt_lang_});
    }
  }

  const Variant& Source(const SegmentMatch& m) const { return m.match.unit.variants[m.match.source_variant]; }
  const Variant& Target(const SegmentMatch& m) const { return m.match.Target(); }  // direct or pivot

  // The match's target (or source) as XLIFF content with the segment's own codes; plain text
  // when they cannot be placed and `fallback`.
  bool Content(const XliffSegment& seg, const SegmentMatch& m, bool target, bool fallback, std::string* out) {
    const Variant& v = target ? Target(m) : Source(m);
    if (PlaceCodes(doc_, seg.source, Source(m).markup, v.text, v.markup, out)) return true;
    if (!fallback) return false;
    out->clear();
    AppendXmlText(v.text, out);
    return true;
  }

  // What one matched segment of a unit gets, decided the same way for both versions: its target
  // filled (an exact or in-context match whose codes fit, or with --mark all a fuzzy one) and/or a
  // candidate (a fuzzy match, or an exact one whose codes did not fit). Counts into the stats.
  struct SegmentPlan {
    enum class Fill { kNone, kExact, kFuzzy };  // kExact: 100 or 101
    size_t index = 0;  // into unit.segments
    int score = 0;
    Fill fill = Fill::kNone;
    std::string content;         // the target's new content, when filled
    bool candidate = false;
    std::string source, target;  // the candidate's content (codes placed, else plain text)
  };

  std::vector<SegmentPlan> PlanUnit(const XliffUnit& unit, const std::vector<const SegmentMatch*>& matches) {
    std::vector<SegmentPlan> plans;
    for (size_t s = 0; s < unit.segments.size(); ++s) {
      const SegmentMatch* m = matches[s];
      if (m == nullptr) continue;
      const XliffSegment& seg = unit.segments[s];
      if (!IsEmptyTarget(seg)) {
        ++stats_->kept;
        continue;
      }
      SegmentPlan plan;
      plan.index = s;
      plan.score = m->score;
      const bool exact = m->score >= 100;
      if (exact && Content(seg, *m, true, false, &plan.content)) {
        plan.fill = SegmentPlan::Fill::kExact;
        ++(m->score > 100 ? stats_->context : stats_->exact);
        plans.push_back(std::move(plan));
        continue;
      }
      if (exact) ++stats_->unplaced;
      if (m->score < options_.min_score) continue;
      if (!exact && options_.fuzzy_into_target && Content(seg, *m, true, false, &plan.content)) {
        plan.fill = SegmentPlan::Fill::kFuzzy;
        ++stats_->fuzzy_targets;
      }
      plan.candidate = true;
      Content(seg, *m, false, true, &plan.source);
      Content(seg, *m, true, true, &plan.target);
      ++stats_->candidates;
      plans.push_back(std::move(plan));
    }
    return plans;
  }

  // ---- XLIFF 2 ----

  void Unit2(const XliffUnit& unit, const std::vector<const SegmentMatch*>& matches) {
    const XmlElement& u = t_.elements[unit.element];
    std::string candidates;
    std::set<std::string> ids;
    CollectIds(unit.element, &ids);
    for (const SegmentPlan& plan : PlanUnit(unit, matches)) {
      const XliffSegment& seg = unit.segments[plan.index];
      if (plan.fill == SegmentPlan::Fill::kFuzzy) {
        Fill2(seg, plan.content, {{"state", "initial"}, {"subState", "tmkit:fuzzy-match"}});
      } else if (plan.fill == SegmentPlan::Fill::kExact) {
        Fill2(seg, plan.content, {{"state", "translated"}});
      }
      if (!plan.candidate) continue;
      std::string id = seg.id;
      if (id.empty()) {
        for (int n = 1; id.empty() || ids.count(id); ++n) id = "tmkit-s" + std::to_string(n);
        ids.insert(id);
        tag_changes_[seg.element].push_back({"id", id});
      }
      const std::string& p = u.prefix;
      candidates += "<" + MtcPrefix(unit) + ":match ref=\"#" + id + "\" matchQuality=\"" +
                    std::to_string(std::min(plan.score, 100)) + "\" origin=\"tmkit\" type=\"tm\">";
      candidates += OriginalData(unit, plan.source + plan.target);
      candidates += "<" + Qualified(p, "source") + ">" + plan.source + "</" + Qualified(p, "source") + ">";
      candidates += "<" + Qualified(p, "target") + ">" + plan.target + "</" + Qualified(p, "target") + ">";
      candidates += "</" + MtcPrefix(unit) + ":match>";
    }
    if (candidates.empty()) return;
    int existing = ExistingMatches(unit);
    if (existing >= 0) {
      const XmlElement& e = t_.elements[existing];
      edits_.push_back({e.end_begin, e.end_begin, candidates});
    } else {
      edits_.push_back({u.start_end, u.start_end,
                        "<mtc:matches xmlns:mtc=\"" + std::string(kMatchesNs) + "\">" + candidates + "</mtc:matches>"});
    }
  }

  void Fill2(const XliffSegment& seg, const std::string& content, std::vector<std::pair<std::string, std::string>> state) {
    const XmlElement& source = t_.elements[seg.source_element];
    std::string name = Qualified(source.prefix, "target");
    if (seg.target_element >= 0) {
      const XmlElement& target = t_.elements[seg.target_element];
      std::string tag = RewriteStartTag(t_.bytes.substr(target.start_begin, target.start_end - target.start_begin), {}, {}, true);
      edits_.push_back({target.start_begin, target.end_end, tag + content + "</" + name + ">"});
    } else {
      // A target keeps its source's xml:space (a processing requirement).
      const XmlAttribute* space = source.Find(kXmlNs, "space");
      std::string attrs = space ? " xml:space=\"" + Escaped(space->value) + "\"" : "";
      edits_.push_back({source.end_end, source.end_end, "<" + name + attrs + ">" + content + "</" + name + ">"});
    }
    auto& change = tag_changes_[seg.element];
    for (auto& kv : state) change.push_back(kv);
  }

  int ExistingMatches(const XliffUnit& unit) const {
    for (int c : t_.elements[unit.element].Children()) {
      const XmlElement& e = t_.elements[c];
      if (e.ns == kMatchesNs && e.name == "matches") return c;
    }
    return -1;
  }

  std::string MtcPrefix(const XliffUnit& unit) const {
    int existing = ExistingMatches(unit);
    if (existing >= 0 && !t_.elements[existing].prefix.empty()) return t_.elements[existing].prefix;
    return "mtc";
  }

  void CollectIds(int element, std::set<std::string>* ids) const {
    const XmlElement& e = t_.elements[element];
    if (const std::string* id = e.Attr("id")) ids->insert(*id);
    for (int c : e.Children()) CollectIds(c, ids);
  }

  static void FindDataRefs(const std::string& content, std::set<std::string>* refs) {
    for (const char* attr : {" dataRef=\"", " dataRefStart=\"", " dataRefEnd=\"", " dataRef='", " dataRefStart='", " dataRefEnd='"}) {
      std::string key(attr);
      char quote = key.back();
      for (size_t at = content.find(key); at != std::string::npos; at = content.find(key, at + 1)) {
        size_t begin = at + key.size();
        size_t end = content.find(quote, begin);
        if (end != std::string::npos) refs->insert(content.substr(begin, end - begin));
      }
    }
  }

  // A candidate's codes refer to original data: the match carries copies of those <data>.
  std::string OriginalData(const XliffUnit& unit, const std::string& content) const {
    std::set<std::string> refs;
    FindDataRefs(content, &refs);
    if (refs.empty()) return "";
    const XmlElement& u = t_.elements[unit.element];
    std::string out;
    for (int c : u.Children()) {
      const XmlElement& od = t_.elements[c];
      if (od.name != "originalData" || od.ns != u.ns) continue;
      for (int d : od.Children()) {
        const XmlElement& data = t_.elements[d];
        if (data.Attr("id") && refs.count(*data.Attr("id"))) out += t_.bytes.substr(data.start_begin, data.end_end - data.start_begin);
      }
    }
    if (out.empty()) return "";
    std::string name = Qualified(u.prefix, "originalData");
    return "<" + name + ">" + out + "</" + name + ">";
  }

  // ---- XLIFF 1.2 ----

  void Unit12(const XliffUnit& unit, const std::vector<const SegmentMatch*>& matches) {
    const XmlElement& u = t_.elements[unit.element];
    bool segmented = !unit.segments.empty() && unit.segments[0].source_element != unit.segments[0].element &&
                     t_.elements[unit.segments[0].source_element].name == "mrk";
    std::string alt;
    std::vector<std::string> filled(unit.segments.size());
    std::vector<bool> is_filled(unit.segments.size(), false);
    int best = 101, filled_count = 0, fuzzy_filled = 0;
    for (SegmentPlan& plan : PlanUnit(unit, matches)) {
      const XliffSegment& seg = unit.segments[plan.index];
      if (plan.fill != SegmentPlan::Fill::kNone) {
        filled[plan.index] = std::move(plan.content);
        is_filled[plan.index] = true;
        ++filled_count;
        if (plan.fill == SegmentPlan::Fill::kFuzzy) {
          ++fuzzy_filled;
        } else {
          best = std::min(best, plan.score);
        }
      }
      if (!plan.candidate) continue;
      const std::string& p = u.prefix;
      alt += "<" + Qualified(p, "alt-trans") + (segmented ? " mid=\"" + Escaped(seg.id) + "\"" : "") +
             " match-quality=\"" + std::to_string(std::min(plan.score, 100)) + "\" origin=\"tmkit\">";
      alt += "<" + Qualified(p, "source") + ">" + plan.source + "</" + Qualified(p, "source") + ">";
      alt += "<" + Qualified(p, "target") + (tgt_lang_.empty() ? "" : " xml:lang=\"" + Escaped(tgt_lang_) + "\"") + ">" +
             plan.target + "</" + Qualified(p, "target") + ">";
      alt += "</" + Qualified(p, "alt-trans") + ">";
    }
    if (filled_count > 0) {
      std::vector<std::pair<std::string, std::string>> state;
      size_t translatable = 0;
      for (const XliffSegment& seg : unit.segments) translatable += seg.translate ? 1 : 0;
      if (fuzzy_filled > 0) {
        state = {{"state", "needs-review-translation"}, {"state-qualifier", "fuzzy-match"}};
      } else if (static_cast<size_t>(filled_count) < translatable && segmented) {
        state = {{"state", "needs-translation"}};
      } else {
        state = {{"state", best > 100 ? "final" : "translated"}, {"state-qualifier", "exact-match"}};
      }
      if (segmented) {
        Segmented12(unit, filled, is_filled, state);
      } else {
        Whole12(unit, filled[0], state);
      }
    }
    if (!alt.empty()) edits_.push_back({u.end_begin, u.end_begin, alt});
  }

  std::string Escaped(const std::string& s) const {
    std::string out;
    AppendXmlAttr(s, &out);
    return out;
  }

  std::string NewTargetTag(const XmlElement& like, const std::vector<std::pair<std::string, std::string>>& state) {
    std::string tag = "<" + Qualified(like.prefix, "target");
    if (!tgt_lang_.empty()) tag += " xml:lang=\"" + Escaped(tgt_lang_) + "\"";
    for (const auto& [k, v] : state) tag += " " + k + "=\"" + Escaped(v) + "\"";
    return tag + ">";
  }

  void Whole12(const XliffUnit& unit, const std::string& content, const std::vector<std::pair<std::string, std::string>>& state) {
    const XliffSegment& seg = unit.segments[0];
    const XmlElement& source = t_.elements[seg.source_element];
    std::string end = "</" + Qualified(source.prefix, "target") + ">";
    if (seg.target_element >= 0) {
      const XmlElement& target = t_.elements[seg.target_element];
      std::string tag = RewriteStartTag(t_.bytes.substr(target.start_begin, target.start_end - target.start_begin), state,
                                        {}, true);
      edits_.push_back({target.start_begin, target.end_end, tag + content + end});
      return;
    }
    size_t after = source.end_end;
    for (int c : t_.elements[unit.element].Children()) {
      if (t_.elements[c].name == "seg-source") after = std::max(after, t_.elements[c].end_end);
    }
    edits_.push_back({after, after, NewTargetTag(source, state) + content + end});
  }

  void Segmented12(const XliffUnit& unit, const std::vector<std::string>& filled, const std::vector<bool>& is_filled,
                   const std::vector<std::pair<std::string, std::string>>& state) {
    int target = unit.segments[0].target_element >= 0 ? t_.elements[unit.segments[0].target_element].parent : -1;
    for (const XliffSegment& seg : unit.segments) {
      if (seg.target_element >= 0) {
        target = seg.target_element;
        while (target >= 0 && t_.elements[target].name != "target") target = t_.elements[target].parent;
        break;
      }
    }
    if (target >= 0) {  // fill the empty <mrk>s of the existing target; its state stays
      for (size_t s = 0; s < unit.segments.size(); ++s) {
        const XliffSegment& seg = unit.segments[s];
        if (!is_filled[s] || seg.target_element < 0) continue;
        const XmlElement& mrk = t_.elements[seg.target_element];
        std::string tag = RewriteStartTag(t_.bytes.substr(mrk.start_begin, mrk.start_end - mrk.start_begin), {}, {}, true);
        edits_.push_back({mrk.start_begin, mrk.end_end, tag + filled[s] + "</" + Qualified(mrk.prefix, "mrk") + ">"});
      }
      return;
    }
    // A new <target>: the <seg-source> content with each segment's <mrk> holding its translation
    // (empty when there is none), so the codes and spaces between segments are kept.
    int seg_source = t_.elements[unit.segments[0].source_element].parent;
    while (seg_source >= 0 && t_.elements[seg_source].name != "seg-source") seg_source = t_.elements[seg_source].parent;
    if (seg_source < 0) return;
    const XmlElement& ss = t_.elements[seg_source];
    std::string body;
    size_t at = ss.start_end;
    for (size_t s = 0; s < unit.segments.size(); ++s) {
      const XmlElement& mrk = t_.elements[unit.segments[s].source_element];
      body += t_.bytes.substr(at, mrk.start_begin - at);
      std::string tag = RewriteStartTag(t_.bytes.substr(mrk.start_begin, mrk.start_end - mrk.start_begin), {}, {}, true);
      body += tag + (is_filled[s] ? filled[s] : "") + "</" + Qualified(mrk.prefix, "mrk") + ">";
      at = mrk.end_end;
    }
    body += t_.bytes.substr(at, ss.end_begin - at);
    edits_.push_back({ss.end_end, ss.end_end, NewTargetTag(ss, state) + body + "</" + Qualified(ss.prefix, "target") + ">"});
  }

  const XliffDocument& doc_;
  const XmlTree& t_;
  PretranslateOptions options_;
  PretranslateStats* stats_;
  std::string tgt_lang_;
  std::vector<Edit> edits_;
  std::map<int, std::vector<std::pair<std::string, std::string>>> tag_changes_;
};

}  // namespace

Status PretranslateXliff(const XliffDocument& doc, const AnalysisDocument& analysis,
                         const std::vector<SegmentMatch>& matches, const PretranslateOptions& options,
                         std::string* out, PretranslateStats* stats) {
  *stats = PretranslateStats();
  if (!doc.tree) return Status::InvalidArgument(doc.path + ": the document holds no parsed file");
  XliffSplicer writer(doc, options, stats);
  return writer.Run(analysis, matches, out);
}

}  // namespace tmkit
