#include "terms.h"

#include "tmkit/glossary_cache.h"
#include "tmkit/lang.h"

namespace tmkit::server {

Status TermService::Load(const std::vector<std::string>& files, std::string_view tsv_src,
                         std::string_view tsv_tgt, std::unique_ptr<TermService>* service) {
  std::unique_ptr<TermService> s(new TermService());
  auto glossary = std::make_shared<Glossary>();
  for (const std::string& file : files) {
    Glossary one;
    Status status = ReadGlossaryFile(file, tsv_src, tsv_tgt, &one, GlossaryCacheDir());
    if (!status.ok()) return status;
    glossary->Append(std::move(one));
  }
  s->glossary_ = std::move(glossary);
  s->languages_ = s->glossary_->Languages();
  for (const std::string& lang : s->languages_) {
    std::unique_ptr<TermMatcher> matcher;
    Status status = TermMatcher::Create(*s->glossary_, lang, &matcher);
    if (!status.ok()) return status;
    s->idle_[lang].push_back(std::move(matcher));
  }
  *service = std::move(s);
  return Status::OK();
}

Status TermService::Borrow(const std::string& lang, std::unique_ptr<TermMatcher>* matcher) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& idle = idle_[lang];
    if (!idle.empty()) {
      *matcher = std::move(idle.back());
      idle.pop_back();
      return Status::OK();
    }
  }
  return TermMatcher::Create(*glossary_, lang, matcher);
}

void TermService::GiveBack(const std::string& lang, std::unique_ptr<TermMatcher> matcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_[lang].push_back(std::move(matcher));
}

Status TermService::Find(std::string_view text, const std::string& src, const std::string& tgt,
                         nlohmann::json* terms) {
  // The glossary's own spelling of the tag keys the pool ("en" asked, "en-US" written).
  std::string lang;
  for (const std::string& l : languages_) {
    if (LanguageMatches(src, l)) {
      lang = l;
      break;
    }
  }
  if (lang.empty()) return Status::InvalidArgument("the glossaries have no terms in '" + src + "'");
  std::unique_ptr<TermMatcher> matcher;
  Status s = Borrow(lang, &matcher);
  if (!s.ok()) return s;
  std::vector<TermMatch> matches = matcher->Find(text);
  GiveBack(lang, std::move(matcher));

  *terms = nlohmann::json::array();
  for (const TermMatch& m : matches) {
    const Concept& c = glossary_->concepts()[m.concept_index];
    const Term& found = c.terms[m.term_index];
    const Term* preferred = Glossary::PreferredTerm(c, tgt);
    nlohmann::json targets = nlohmann::json::array();
    for (const Term& t : c.terms) {
      if (!LanguageMatches(tgt, t.lang)) continue;
      targets.push_back({{"lang", t.lang}, {"term", t.text}, {"status", TermStatusName(t.status)},
                         {"preferred", &t == preferred}});
    }
    nlohmann::json entry = {{"begin", m.begin},
                            {"end", m.end},
                            {"text", std::string(text.substr(m.begin, m.end - m.begin))},
                            {"concept", c.id},
                            {"term", found.text},
                            {"status", TermStatusName(found.status)},
                            {"targets", targets}};
    entry["use"] = preferred != nullptr ? nlohmann::json(preferred->text) : nlohmann::json(nullptr);
    if (!c.subject.empty()) entry["subject"] = c.subject;
    if (!c.note.empty()) entry["note"] = c.note;
    terms->push_back(std::move(entry));
  }
  return Status::OK();
}

}  // namespace tmkit::server
