#include "checks.h"

namespace tmkit::server {

CheckService::CheckService(std::shared_ptr<const Glossary> glossary)
    : glossary_(glossary != nullptr ? std::move(glossary) : std::make_shared<const Glossary>()) {}

Status CheckService::Check(const SegmentPair& pair, const std::string& src, const std::string& tgt,
                           std::vector<Finding>* findings) {
  const std::string key = src + ">" + tgt;
  std::unique_ptr<Checker> checker;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& idle = idle_[key];
    if (!idle.empty()) {
      checker = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (checker == nullptr) {  // made outside the lock: loading Hunspell takes a while
    CheckOptions options;
    options.src_lang = src;
    options.tgt_lang = tgt;
    Status s = Checker::Create(*glossary_, options, &checker);
    if (!s.ok()) return s;
  }
  *findings = checker->Check({pair});
  std::lock_guard<std::mutex> lock(mutex_);
  idle_[key].push_back(std::move(checker));
  return Status::OK();
}

}  // namespace tmkit::server
