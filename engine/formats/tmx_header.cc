// The attributes tmx14.dtd declares, and how a TM's stored TMX header takes in a later import's.
#include <algorithm>
#include <array>

#include "formats/tmx_attributes.h"
#include "tmkit/tmx.h"

namespace tmkit {

bool TmxDeclaresAttribute(std::string_view element, std::string_view name) {
  // Declared on all three (tmx14.dtd: header, tu, tuv).
  static constexpr std::array<std::string_view, 9> common = {
      "creationtool", "creationtoolversion", "o-tmf", "datatype", "o-encoding",
      "creationdate", "creationid",          "changedate", "changeid"};
  if (std::find(common.begin(), common.end(), name) != common.end()) return true;
  if (element == "header") return name == "segtype" || name == "adminlang" || name == "srclang";
  if (element == "tu") {
    return name == "tuid" || name == "usagecount" || name == "lastusagedate" || name == "segtype" || name == "srclang";
  }
  if (element == "tuv") return name == "xml:lang" || name == "lang" || name == "usagecount" || name == "lastusagedate";
  return false;
}

bool MergeTmxHeader(const TmxHeader& incoming, TmxHeader* stored) {
  bool changed = false;
  auto add_missing = [&changed](auto* to, const auto& item) {
    if (std::find(to->begin(), to->end(), item) != to->end()) return;
    to->push_back(item);
    changed = true;
  };
  auto find = [](const Attributes& attrs, const std::string& name) -> const std::string* {
    for (const auto& [k, v] : attrs) {
      if (k == name) return &v;
    }
    return nullptr;
  };
  for (const auto& attr : incoming.root_attrs) {
    if (find(stored->root_attrs, attr.first) == nullptr) add_missing(&stored->root_attrs, attr);
  }
  std::vector<Prop> conflicts;
  for (const auto& attr : incoming.attrs) {
    const std::string* have = find(stored->attrs, attr.first);
    if (have == nullptr) {
      add_missing(&stored->attrs, attr);
    } else if (*have != attr.second && attr.first != "srclang") {
      conflicts.push_back({std::string(kHeaderAttributeProp) + attr.first, attr.second, {}});
    }
  }
  for (const Prop& p : incoming.props) add_missing(&stored->props, p);
  for (const Prop& p : conflicts) add_missing(&stored->props, p);
  for (const Note& n : incoming.notes) add_missing(&stored->notes, n);
  return changed;
}

}  // namespace tmkit
