#include "names.h"

#include <algorithm>

#include "tmkit/archive_names.h"
#include "tmkit/names.h"
#include "tmkit/normalize.h"

namespace tmkit::server {
namespace {

// The TM state a mining answers for: the TM file (a replaced one is another Memory), its unit count
// and its newest change (a unit replaced through POST /api/units gets a new date).
Status StateKey(const std::shared_ptr<Memory>& memory, std::string* key) {
  MemoryStats stats;
  Status s = memory->Stats(&stats);
  if (!s.ok()) return s;
  *key = std::to_string(reinterpret_cast<uintptr_t>(memory.get())) + ":" + std::to_string(stats.units) + ":" +
         std::to_string(stats.last_change);
  return Status::OK();
}

// Whether `needle` starts a word of `hay` (both folded): at the start, after a space, hyphen or
// apostrophe, or (Arabic) after the article of a word (الأسد is found by اسد).
bool StartsAWord(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  static constexpr std::string_view kArticle = "\u0627\u0644";
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) {
    if (at == 0) return true;
    char before = hay[at - 1];
    if (before == ' ' || before == '-' || before == '\'') return true;
    if (at >= kArticle.size() && hay.substr(at - kArticle.size(), kArticle.size()) == kArticle &&
        (at == kArticle.size() || hay[at - kArticle.size() - 1] == ' ')) {
      return true;
    }
  }
  return false;
}

// Which script a query is written in, from its UTF-8 lead bytes: Cyrillic U+0400-04FF, Arabic
// U+0600-06FF, else Latin when it has an ASCII letter.
enum class QueryScript { kLatin, kCyrillic, kArabic, kOther };
QueryScript ScriptOf(std::string_view text) {
  bool latin = false;
  for (unsigned char c : text) {
    if (c >= 0xD0 && c <= 0xD3) return QueryScript::kCyrillic;
    if (c >= 0xD8 && c <= 0xDB) return QueryScript::kArabic;
    latin |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return latin ? QueryScript::kLatin : QueryScript::kOther;
}

std::string Trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end + 1 - begin));
}

}  // namespace

NameService::NameService(TmHandle* tm, std::shared_ptr<const Glossary> glossary)
    : tm_(tm), glossary_(std::move(glossary)) {}

NameService::~NameService() {
  stop_ = true;
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [tgt, language] : languages_) {
      if (language.worker.joinable()) workers.push_back(std::move(language.worker));
    }
  }
  for (std::thread& worker : workers) worker.join();
}

Status NameService::Get(const std::string& tgt, std::chrono::steady_clock::time_point deadline,
                        std::shared_ptr<const Mined>* mined, bool* current, Pending* pending) {
  *mined = nullptr;
  *current = false;
  *pending = Pending();
  std::shared_ptr<Memory> memory;
  Status s = tm_->Acquire(&memory);
  if (!s.ok()) return s;
  std::string key;
  s = StateKey(memory, &key);
  if (!s.ok()) return s;
  std::unique_lock<std::mutex> lock(mutex_);
  Language& language = languages_[tgt];
  for (;;) {
    if (language.done != nullptr && language.done_key == key) {
      *mined = language.done;
      *current = true;
      return Status::OK();
    }
    if (language.running_key.empty()) {
      if (language.error_key == key && !language.error.ok()) return language.error;
      // A finished miner has let go of the lock for good; joining it takes no time.
      if (language.worker.joinable()) language.worker.join();
      language.running_key = key;
      language.progress = Pending();
      language.worker = std::thread(&NameService::Mine, this, tgt, key, memory);
    }
    // A mining of an older state is let finish (its answer is shown meanwhile); this loop then
    // starts the one for the state asked about.
    if (!finished_.wait_until(lock, deadline, [&] { return language.running_key.empty(); })) break;
  }
  *mined = language.done;
  *pending = language.progress;
  return Status::OK();
}

void NameService::Mine(std::string tgt, std::string key, std::shared_ptr<Memory> memory) {
  auto result = std::make_shared<Mined>();
  result->tgt = tgt;
  MiningSource tm_units = TmMiningSource(*memory, "en", tgt, &result->units);
  MiningSource source = [&](const std::function<Status(const MiningUnit&)>& visit) {
    return tm_units([&](const MiningUnit& unit) {
      if (stop_) return Status::Busy("the service is stopping");
      return visit(unit);
    });
  };
  NameMiningOptions options;
  options.tgt_lang = tgt;
  options.glossary = glossary_.get();
  Status s = MineNames(
      source, options,
      [&](int pass, uint64_t done) {
        std::lock_guard<std::mutex> lock(mutex_);
        languages_[tgt].progress = Pending{pass, done};
      },
      &result->names);
  if (s.ok()) {
    for (const MinedName& name : result->names) {
      result->english_folded.push_back(FoldForMatching(name.english, "en"));
      std::vector<std::string> forms;
      for (const NameVariant& v : name.variants) forms.push_back(FoldForMatching(v.form, tgt));
      result->forms_folded.push_back(std::move(forms));
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  Language& language = languages_[tgt];
  if (s.ok()) {
    language.done = std::move(result);
    language.done_key = key;
  } else {
    language.error = s;
    language.error_key = key;
  }
  language.running_key.clear();
  finished_.notify_all();
}

std::vector<NameHit> SearchNames(const NameService::Mined& mined, std::string_view query, size_t limit) {
  std::vector<NameHit> hits;
  const std::string trimmed = Trimmed(query);
  const std::string folded = FoldForMatching(trimmed, mined.tgt);
  if (folded.empty()) return hits;
  const NameModel* model = nullptr;
  if (!NameModel::Builtin("en", mined.tgt, &model).ok()) model = nullptr;
  const QueryScript script = ScriptOf(trimmed);
  const bool target_script = (script == QueryScript::kCyrillic && mined.tgt == "ru") ||
                             (script == QueryScript::kArabic && mined.tgt == "ar");
  struct Ranked {
    NameHit hit;
    int rank;  // 2 exact, 1 starts a word, 0 the model only
  };
  std::vector<Ranked> ranked;
  for (size_t i = 0; i < mined.names.size(); ++i) {
    const MinedName& name = mined.names[i];
    int rank = -1;
    auto compare = [&](const std::string& field) {
      if (field == folded) rank = std::max(rank, 2);
      else if (StartsAWord(field, folded)) rank = std::max(rank, 1);
    };
    compare(mined.english_folded[i]);
    for (const std::string& form : mined.forms_folded[i]) compare(form);
    double p = 0;
    // The model rates a transliteration: English against the query in the target's script, or an
    // English query against the preferred rendering (Asad finds Assad through Асад).
    if (model != nullptr && !name.translated) {
      if (target_script) p = model->Score(name.english, trimmed).probability;
      else if (script == QueryScript::kLatin) p = model->Score(trimmed, name.target).probability;
    }
    if (rank < 0 && p >= NameModel::kDefaultThreshold) rank = 0;
    if (rank < 0) continue;
    ranked.push_back({NameHit{&name, rank > 0, p}, rank});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    if (a.hit.probability != b.hit.probability) return a.hit.probability > b.hit.probability;
    if (a.hit.name->mentions != b.hit.name->mentions) return a.hit.name->mentions > b.hit.name->mentions;
    return a.hit.name->english < b.hit.name->english;
  });
  for (size_t i = 0; i < ranked.size() && i < limit; ++i) hits.push_back(ranked[i].hit);
  return hits;
}

}  // namespace tmkit::server
