#include <stdexcept>
#include <string>

#include "tmkit/aligner.h"

namespace tmkit {

Status SetAlignParam(const std::string& name_value, AlignParams* p) {
  size_t eq = name_value.find('=');
  std::string name = name_value.substr(0, eq);
  double v = 0;
  try {
    size_t used = 0;
    if (eq == std::string::npos) throw std::invalid_argument("");
    v = std::stod(name_value.substr(eq + 1), &used);
    if (used != name_value.size() - eq - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    return Status::InvalidArgument("--param " + name_value + ": expected NAME=NUMBER");
  }
  struct Field {
    const char* name;
    double* value;
  };
  const Field fields[] = {{"length_weight", &p->length_weight},   {"lexical_weight", &p->lexical_weight},
                          {"deletion_cost", &p->deletion_cost},   {"prior_1_2", &p->prior_1_2},
                          {"prior_2_2", &p->prior_2_2},           {"prior_1_3", &p->prior_1_3},
                          {"prior_1_4", &p->prior_1_4},           {"default_variance", &p->default_variance},
                          {"continuation_cost", &p->continuation_cost},
                          {"variance_prior_weight", &p->variance_prior_weight},
                          {"temperature", &p->temperature},       {"learn_confidence", &p->learn_confidence},
                          {"merge_ratio", &p->merge_ratio},       {"prior_step", &p->prior_step},
                          {"prior_2_3", &p->prior_2_3},           {"trust_confidence", &p->trust_confidence},
                          {"merge_temperature", &p->merge_temperature},
                          {"free_temperature", &p->free_temperature},
                          {"crossing_cost", &p->crossing_cost},   {"gap_extend", &p->gap_extend},
                          {"free_band", &p->free_band},           {"parallel_cut", &p->parallel_cut}};
  for (const Field& f : fields) {
    if (name == f.name) {
      *f.value = v;
      return Status::OK();
    }
  }
  if (name == "band" && v >= 1 && v <= 100000) {
    p->band = static_cast<int>(v);
    return Status::OK();
  }
  struct Switch {
    const char* name;
    bool* value;
  };
  const Switch switches[] = {{"learn_from_document", &p->learn_from_document},
                             {"reestimate_ratio", &p->reestimate_ratio},
                             {"leak_discount", &p->leak_discount},
                             {"auto_1_4", &p->auto_1_4}};
  for (const Switch& s : switches) {
    if (name == s.name) {
      *s.value = v != 0;
      return Status::OK();
    }
  }
  return Status::InvalidArgument("--param " + name_value + ": unknown parameter (see docs/alignment.md)");
}

}  // namespace tmkit
