#include "tmkit/archive_names.h"

#include <algorithm>

#include "tmkit/lang.h"
#include "tmkit/name_mining.h"
#include "tmkit/names.h"
#include "tmkit/unit.h"

namespace tmkit {

MiningSource TmMiningSource(const Memory& tm, std::string src_lang, std::string tgt_lang, uint64_t* bilingual) {
  return [&tm, src_lang = std::move(src_lang), tgt_lang = std::move(tgt_lang),
          bilingual](const std::function<Status(const MiningUnit&)>& visit) {
    if (bilingual != nullptr) *bilingual = 0;
    return tm.ForEach([&](const Unit& u) {
      const Variant* s = u.Find(src_lang);
      const Variant* t = u.Find(tgt_lang);
      if (s == nullptr || t == nullptr) return Status::OK();
      if (bilingual != nullptr) ++*bilingual;
      MiningUnit m;
      m.id = u.id;
      m.created = u.created;
      m.source = s->text;
      m.target = t->text;
      return visit(m);
    });
  };
}

Status AddArchiveNameFindings(const Memory& tm, std::string_view src_lang, std::string_view tgt_lang,
                              const std::vector<std::string>& skip, std::vector<Finding>* findings,
                              std::vector<SegmentPair>* units) {
  if (std::find(skip.begin(), skip.end(), "name-inconsistent") != skip.end()) return Status::OK();
  const NameModel* model = nullptr;
  if (!NameModel::Builtin(src_lang, tgt_lang, &model).ok()) return Status::OK();
  MiningSource source = TmMiningSource(tm, std::string(src_lang), std::string(tgt_lang), nullptr);
  NameMiningOptions options;
  options.tgt_lang = std::string(tgt_lang);
  std::vector<MinedName> names;
  Status s = MineNames(source, options, nullptr, &names);
  if (!s.ok()) return s;
  for (const MinedName& m : names) {
    if (m.status != "inconsistent") continue;
    const NameVariant& second = m.variants[1];
    Finding f;
    f.check = "name-inconsistent";
    f.severity = Severity::kWarning;
    f.unit = second.unit_ids.empty() ? 0 : second.unit_ids[0];
    f.segment = units->size();
    units->push_back({second.sample_source, second.sample_target});
    std::string list;
    for (const NameVariant& v : m.variants) {
      std::string ids;
      for (uint64_t id : v.unit_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
      list += (list.empty() ? "" : ", ") + std::string("«") + v.form + "» ×" + std::to_string(v.count) +
              " (unit" + (v.unit_ids.size() > 1 ? "s " : " ") + ids + ")";
    }
    f.message = m.english + " is rendered several ways across the TM: " + list;
    f.suggestion = m.target;
    findings->push_back(std::move(f));
  }
  return Status::OK();
}

}  // namespace tmkit
