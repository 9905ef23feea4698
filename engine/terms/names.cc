#include "tmkit/names.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "terms/name_forms.h"
#include "terms/name_training.h"
#include "terms/transliteration_model.h"
#include "tmkit/lang.h"

namespace tmkit {

using names_internal::NameWord;
using names_internal::Script;

// engine/terms/names/*.model, embedded at build time (embed_name_models.cmake).
struct EmbeddedNameModel {
  const char* pair;  // "en-ru"
  const char* text;
};
extern const EmbeddedNameModel kEmbeddedNameModels[];
extern const size_t kEmbeddedNameModelCount;

struct NameModel::Impl {
  names_internal::TransliterationModel model;
  Script script = Script::kCyrillic;

  std::vector<uint8_t> Source(const std::u32string& letters) const {
    std::vector<uint8_t> s{names_internal::kSourceStart};
    for (char32_t c : letters) {
      if (s.size() > names_internal::kMaxWordLetters - 2) break;
      s.push_back(static_cast<uint8_t>(c - 'a'));
    }
    s.push_back(names_internal::kSourceEnd);
    return s;
  }
  bool Target(const std::u32string& letters, std::vector<uint8_t>* t) const {
    t->clear();
    for (char32_t c : letters) {
      int i = model.TargetIndex(c);
      if (i >= 0 && t->size() < names_internal::kMaxWordLetters) t->push_back(static_cast<uint8_t>(i));
    }
    return !t->empty();
  }
  // The best probability over the target word's variants, and the variant that gave it.
  double Word(const std::u32string& english, const std::u32string& target, size_t* best_variant) const {
    if (english.empty() || target.empty()) return 0;
    std::vector<uint8_t> s = Source(english), t;
    double best = 0;
    std::vector<std::u32string> variants = names_internal::TargetVariants(target, script);
    for (size_t v = 0; v < variants.size(); ++v) {
      if (!Target(variants[v], &t)) continue;
      double p = model.Probability(s.data(), static_cast<int>(s.size()), t.data(), static_cast<int>(t.size()));
      if (p > best) {
        best = p;
        if (best_variant) *best_variant = v;
      }
    }
    return best;
  }
};

NameModel::NameModel() : impl_(std::make_unique<Impl>()) {}
NameModel::~NameModel() = default;

Status NameModel::FromText(std::string_view text, std::string_view name, std::string_view tgt_lang,
                           std::unique_ptr<NameModel>* out) {
  std::string tag;
  Status s = CanonicalLanguageTag(tgt_lang, &tag);
  if (!s.ok()) return s;
  std::string primary = tag.substr(0, tag.find('-'));
  std::unique_ptr<NameModel> m(new NameModel());
  if (primary == "ru") m->impl_->script = Script::kCyrillic;
  else if (primary == "ar") m->impl_->script = Script::kArabic;
  else return Status::NotSupported("names: no transliteration model for en -> " + tag + " (en -> ru, en -> ar)");
  s = names_internal::TransliterationModel::Parse(text, name, &m->impl_->model);
  if (!s.ok()) return s;
  *out = std::move(m);
  return Status::OK();
}

Status NameModel::Builtin(std::string_view src_lang, std::string_view tgt_lang, const NameModel** out) {
  std::string src, tgt;
  Status s = CanonicalLanguageTag(src_lang, &src);
  if (s.ok()) s = CanonicalLanguageTag(tgt_lang, &tgt);
  if (!s.ok()) return s;
  std::string pair = src.substr(0, src.find('-')) + "-" + tgt.substr(0, tgt.find('-'));
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<NameModel>> loaded;
  std::lock_guard<std::mutex> lock(mu);
  auto it = loaded.find(pair);
  if (it == loaded.end()) {
    const EmbeddedNameModel* found = nullptr;
    for (size_t i = 0; i < kEmbeddedNameModelCount; ++i) {
      if (pair == kEmbeddedNameModels[i].pair) found = &kEmbeddedNameModels[i];
    }
    if (!found) return Status::NotSupported("names: no transliteration model for " + src + " -> " + tgt + " (en -> ru, en -> ar)");
    std::unique_ptr<NameModel> m;
    s = FromText(found->text, "engine/terms/names/" + pair + ".model", tgt, &m);
    if (!s.ok()) return Status::Corruption(s.message());
    it = loaded.emplace(pair, std::move(m)).first;
  }
  *out = it->second.get();
  return Status::OK();
}

double NameModel::ScoreWord(std::string_view english, std::string_view candidate) const {
  std::u32string e = names_internal::NormalizeWord(names_internal::DecodeUtf8(english), Script::kLatin);
  std::u32string t = names_internal::NormalizeWord(names_internal::DecodeUtf8(candidate), impl_->script);
  return impl_->Word(e, t, nullptr);
}

std::string NameModel::BaseForm(std::string_view english_word, std::string_view candidate_word) const {
  std::u32string e = names_internal::NormalizeWord(names_internal::DecodeUtf8(english_word), Script::kLatin);
  std::u32string t = names_internal::NormalizeWord(names_internal::DecodeUtf8(candidate_word), impl_->script);
  size_t best = 0;
  impl_->Word(e, t, &best);
  std::vector<std::u32string> variants = names_internal::TargetVariants(t, impl_->script);
  return names_internal::EncodeUtf8(best < variants.size() ? variants[best] : t);
}

std::string NameModel::Romanize(std::string_view candidate_word) const {
  std::u32string t = names_internal::NormalizeWord(names_internal::DecodeUtf8(candidate_word), impl_->script);
  std::vector<uint8_t> idx;
  if (!impl_->Target(t, &idx)) return "";
  return impl_->model.Romanize(idx.data(), static_cast<int>(idx.size()));
}

NameScore NameModel::Score(std::string_view english, std::string_view candidate) const {
  NameScore out;
  std::vector<NameWord> ew = names_internal::SplitName(english, Script::kLatin);
  std::vector<NameWord> tw = names_internal::SplitName(candidate, impl_->script);
  auto content = [](const std::vector<NameWord>& words) {
    std::vector<int> idx;
    for (size_t i = 0; i < words.size(); ++i)
      if (!words[i].particle) idx.push_back(static_cast<int>(i));
    if (idx.empty())
      for (size_t i = 0; i < words.size(); ++i) idx.push_back(static_cast<int>(i));
    return idx;
  };
  std::vector<int> ei = content(ew), ti = content(tw);
  if (ei.empty() || ti.empty()) return out;
  // Every content word against every other; then the words are paired greedily, best first, each
  // used once (names keep their order across these scripts, but a transposed surname still pairs).
  struct Cell {
    double p;
    int e, t;
  };
  std::vector<Cell> cells;
  cells.reserve(ei.size() * ti.size());
  for (int a : ei)
    for (int b : ti) cells.push_back({impl_->Word(ew[a].letters, tw[b].letters, nullptr), a, b});
  std::sort(cells.begin(), cells.end(), [](const Cell& x, const Cell& y) {
    if (x.p != y.p) return x.p > y.p;
    return std::abs(x.e - x.t) < std::abs(y.e - y.t);
  });
  std::vector<bool> e_used(ew.size()), t_used(tw.size());
  double product = 1;
  size_t pairs = std::min(ei.size(), ti.size());
  for (const Cell& c : cells) {
    if (out.word_pairs.size() == pairs) break;
    if (e_used[c.e] || t_used[c.t]) continue;
    e_used[c.e] = t_used[c.t] = true;
    product *= c.p;
    out.word_pairs.push_back({c.e, c.t});
  }
  std::sort(out.word_pairs.begin(), out.word_pairs.end());
  out.probability = product;
  out.same = product >= kDefaultThreshold;
  return out;
}

Status TrainNameModel(std::string_view text, std::string_view name, std::string_view tgt_lang, int iterations,
                      const std::function<void(const std::string&)>& progress, NameTraining* out) {
  std::string tag;
  Status s = CanonicalLanguageTag(tgt_lang, &tag);
  if (!s.ok()) return s;
  std::string primary = tag.substr(0, tag.find('-'));
  if (primary != "ru" && primary != "ar") return Status::NotSupported("names: models for en -> ru and en -> ar only, not " + tag);
  names_internal::NameTrainingOptions options;
  options.iterations = iterations;
  names_internal::NameTrainingResult result;
  s = names_internal::TrainNameModel(text, name, primary == "ru" ? Script::kCyrillic : Script::kArabic, options, progress,
                                     &result);
  if (!s.ok()) return s;
  out->model_text = std::move(result.model_text);
  out->report = std::move(result.report);
  return Status::OK();
}

}  // namespace tmkit
