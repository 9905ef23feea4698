// tmkit align: sentence alignment of a document with its translation, or of a batch of them.
#include <atomic>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <ext/stdio_filebuf.h>  // GNU libstdc++: a std::istream over a file descriptor
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "align_stream.h"
#include "align_text.h"
#include "align_units.h"
#include "cli.h"
#include "tmkit/aligner.h"
#include "tmkit/alignment_score.h"
#include "tmkit/bilingual_dictionary.h"
#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/normalize.h"
#include "tmkit/segmenter.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/multi_alignment.h"
#include "tmkit/progress.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

struct Options {
  std::string src_lang = "en", tgt_lang;
  bool presegmented = false;
  std::string format = "beads";
  std::string src_path, tgt_path;
  std::vector<std::string> tgt_paths;  // the TGT arguments: one per language of --tgt-lang
  std::string batch, out_dir;
  std::string dict_dir = BilingualDictionary::kDefaultDictdDir;
  std::vector<std::string> params;
  std::vector<std::string> glossaries;
  std::string into;
  double min_confidence = 0.8;
  bool no_dictionary = false, no_learn = false, length_only = false, allow_1_4 = false;
  bool stream = false;
  std::string input_format = "jsonl";  // with --stream
  std::string tmx;                     // with --stream
  bool fail_on_untrusted = false;
  unsigned threads = 0;                // with --stream; 0 = one per core, at most 2
};

// With --presegmented: one sentence per line; a blank line ends a paragraph. Otherwise raw text.
Status ReadSentences(const std::string& path, bool presegmented, const std::string& lang, SentenceList* out) {
  std::string text;
  Status s = ReadFile(path, &text);
  if (!s.ok()) return s;
  std::unique_ptr<Segmenter> segmenter;
  if (!presegmented) s = Segmenter::Create(lang, SegmenterOptions(), &segmenter);
  if (!s.ok()) return s;
  return SentencesOfText(text, path, presegmented, segmenter.get(), out);
}

void Print(const Options& o, const SentenceList& src, const SentenceList& tgt, const Alignment& a, std::ostream& out) {
  if (o.format == "json") {
    nlohmann::json beads = nlohmann::json::array();
    for (const Bead& b : a.beads) {
      nlohmann::json src_ids = nlohmann::json::array(), tgt_ids = nlohmann::json::array();
      for (uint32_t i = b.src_begin; i < b.src_end; ++i) src_ids.push_back(i);
      for (uint32_t j = b.tgt_begin; j < b.tgt_end; ++j) tgt_ids.push_back(j);
      beads.push_back({{"src", src_ids}, {"tgt", tgt_ids}, {"confidence", b.confidence},
                       {"src_text", JoinSentences(src, b.src_begin, b.src_end)}, {"tgt_text", JoinSentences(tgt, b.tgt_begin, b.tgt_end)}});
    }
    const DocumentTrust& t = a.trust;
    nlohmann::json trust = {{"score", t.score}, {"trusted", t.score >= kUntrustedBelow},
                            {"coverage", t.coverage}, {"anchor_agreement", t.anchor_agreement},
                            {"anchors", a.anchors.size()}, {"length_fit", t.length_fit},
                            {"language_fit", t.language_fit}, {"reason", t.reason}};
    nlohmann::json doc = {{"src_lang", o.src_lang}, {"tgt_lang", o.tgt_lang}, {"length_ratio", a.length_ratio},
                          {"document", trust}, {"warnings", a.warnings}, {"beads", beads}};
    out << doc.dump(1) << "\n";
  } else if (o.format == "tsv") {
    for (const Bead& b : a.beads) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.3f", b.confidence);
      out << JoinSentences(src, b.src_begin, b.src_end) << "\t" << JoinSentences(tgt, b.tgt_begin, b.tgt_end) << "\t" << conf << "\n";
    }
  } else {
    for (const Bead& b : a.beads) out << FormatBead(b) << "\n";
  }
}

Status LoadDictionary(const Options& o, BilingualDictionary* dict, bool* loaded) {
  *loaded = false;
  if (o.no_dictionary || o.length_only) return Status::OK();
  Status s = dict->LoadInstalled(o.dict_dir, o.src_lang, o.tgt_lang);
  if (s.code() == Status::Code::kNotFound) {
    std::fprintf(stderr, "tmkit: warning: %s; aligning with lengths, numbers and names only\n", s.message().c_str());
    return Status::OK();
  }
  if (!s.ok()) return s;
  *loaded = true;
  return Status::OK();
}

// A glossary's names as alignment evidence (Aligner::AddGlossaryNames).
Status AddGlossaryNames(const std::string& path, const std::string& src_lang, const std::string& tgt_lang,
                        Aligner* aligner) {
  Glossary glossary;
  Status s = ReadGlossaryFile(path, src_lang, tgt_lang, &glossary, GlossaryCacheDir());
  for (const std::string& w : glossary.warnings()) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
  if (!s.ok()) return s;
  aligner->AddGlossaryNames(glossary);
  return Status::OK();
}

// The aligner of o.src_lang -> o.tgt_lang with the options, dictionary and glossary names asked for.
Status BuildAligner(const Options& o, std::unique_ptr<Aligner>* aligner) {
  AlignerOptions options;
  options.src_lang = o.src_lang;
  options.tgt_lang = o.tgt_lang;
  options.length_only = o.length_only;
  options.allow_1_4 = o.allow_1_4;
  options.params.trust_confidence = o.min_confidence;
  Status known = CheckAlignLanguages(o.src_lang, o.tgt_lang);
  if (!known.ok()) return known;
  for (const std::string& kv : o.params) {
    Status s = SetAlignParam(kv, &options.params);
    if (!s.ok()) return s;
  }
  BilingualDictionary dict;
  bool have_dict = false;
  Status s = LoadDictionary(o, &dict, &have_dict);
  if (!s.ok()) return s;
  *aligner = std::make_unique<Aligner>(options, have_dict ? &dict : nullptr);
  for (const std::string& path : o.glossaries) {
    s = AddGlossaryNames(path, o.src_lang, o.tgt_lang, aligner->get());
    if (!s.ok()) return s;
  }
  return Status::OK();
}

struct Job {
  std::string name, src_path, tgt_path;
  SentenceList src, tgt;
  Alignment alignment;
};

// Reads the batch list: "SRC TGT" per line, or a directory holding NAME.SRCLANG + NAME.TGTLANG.
Status ReadBatch(const Options& o, std::vector<Job>* jobs) {
  std::string text;
  Status s = ReadFile(o.batch, &text);
  if (!s.ok()) return s;
  s = ValidateUtf8(text, o.batch);
  if (!s.ok()) return s;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::string src_ext = "." + PrimaryLanguage(o.src_lang), tgt_ext = "." + PrimaryLanguage(o.tgt_lang);
  auto stem = [](const std::string& path, const std::string& ext) {
    std::string base = std::filesystem::path(path).filename().string();
    if (base.size() > ext.size() && base.compare(base.size() - ext.size(), ext.size(), ext) == 0) {
      base.resize(base.size() - ext.size());
    }
    return base;
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::string a, b, extra;
    fields >> a >> b >> extra;
    if (a.empty() || a[0] == '#') continue;
    if (!extra.empty()) return Status::InvalidInput(o.batch + ":" + std::to_string(line_no) + ": expected SRC TGT or DIR");
    if (b.empty()) {
      std::error_code ec;
      if (!std::filesystem::is_directory(a, ec)) {
        return Status::NotFound(o.batch + ":" + std::to_string(line_no) + ": " + a + " is not a directory (expected SRC TGT or DIR)");
      }
      std::vector<std::string> names;
      for (const auto& entry : std::filesystem::directory_iterator(a)) {
        std::string p = entry.path().string();
        if (p.size() > src_ext.size() && p.compare(p.size() - src_ext.size(), src_ext.size(), src_ext) == 0) {
          std::string partner = p.substr(0, p.size() - src_ext.size()) + tgt_ext;
          if (std::filesystem::exists(partner)) names.push_back(p.substr(0, p.size() - src_ext.size()));
        }
      }
      std::sort(names.begin(), names.end());
      for (const std::string& n : names) jobs->push_back({stem(n, ""), n + src_ext, n + tgt_ext, {}, {}, {}});
    } else {
      jobs->push_back({stem(a, src_ext), a, b, {}, {}, {}});
    }
  }
  return Status::OK();
}

// Aligns every job on `threads` threads; `progress` counts finished jobs.
void AlignAll(const Aligner& aligner, std::vector<Job>* jobs, Progress* progress, uint64_t* done) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  auto worker = [&] {
    for (size_t k; (k = next++) < jobs->size();) {
      Job& job = (*jobs)[k];
      job.alignment = aligner.Align(job.src, job.tgt);
      std::lock_guard<std::mutex> lock(mu);
      progress->Update(++*done);
    }
  };
  unsigned n = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

// Sentence pairs of the confident one-to-one beads: what the lexicon is learned from.
void CollectConfidentPairs(const Job& job, std::vector<std::pair<std::string, std::string>>* pairs) {
  constexpr double kLearnConfidence = 0.9;
  for (const Bead& b : job.alignment.beads) {
    if (b.src_end - b.src_begin == 1 && b.tgt_end - b.tgt_begin == 1 && b.confidence >= kLearnConfidence) {
      pairs->push_back({job.src.sentences[b.src_begin], job.tgt.sentences[b.tgt_begin]});
    }
  }
}

// Source/target pairs already in the TM: more evidence for the learned lexicon.
Status TmPairs(const Options& o, Memory* memory, std::vector<std::pair<std::string, std::string>>* pairs) {
  constexpr size_t kMaxTmPairs = 200000;  // enough for the lexicon; bounds the time spent
  return memory->ForEach([&](const Unit& unit) -> Status {
    const Variant* a = unit.Find(o.src_lang);
    const Variant* b = unit.Find(o.tgt_lang);
    if (a != nullptr && b != nullptr) pairs->push_back({a->text, b->text});
    return pairs->size() < kMaxTmPairs ? Status::OK() : Status::NotFound("enough");
  });
}

bool Trusted(const Job& job) { return job.alignment.trust.score >= kUntrustedBelow; }

// "document score 0.93", with the reason when the pair is untrusted.
std::string TrustLine(const Job& job) {
  const DocumentTrust& t = job.alignment.trust;
  if (!t.reason.empty()) return t.reason;
  char buf[64];
  std::snprintf(buf, sizeof buf, "document score %.2f", t.score);
  return buf;
}

// Stores every bead of every job with both sides and confidence >= --min-confidence as a unit,
// all in one write transaction: either every document lands or none does.
Status StoreInTm(const Options& o, Memory* memory, const std::vector<Job>& jobs, std::vector<size_t>* stored) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  return memory->Write([&](Writer* writer) -> Status {
    stored->assign(jobs.size(), 0);
    for (size_t k = 0; k < jobs.size(); ++k) {
      const Job& job = jobs[k];
      if (!Trusted(job)) continue;  // nothing of an untrusted pair: RunJobs says why
      const std::vector<Bead>& beads = job.alignment.beads;
      AlignedSource from{job.name, o.src_lang, &job.src, now};
      for (const Bead& b : beads) {
        Unit unit;
        if (!UnitOfBead(from, o.tgt_lang, job.tgt, b, o.min_confidence, &unit)) continue;
        AddOutcome outcome;
        uint64_t id;
        Status s = writer->Add(unit, &outcome, &id);
        if (!s.ok()) return s;
        ++(*stored)[k];
      }
    }
    return Status::OK();
  });
}

Status OpenInto(const Options& o, std::unique_ptr<Memory>* memory) {
  OpenOptions open;
  open.create_if_missing = true;
  return Memory::Open(o.into, open, memory);
}

// Aligns every job, twice when learning a lexicon from the first pass (`learn`). The pairs of
// `memory` (may be null) are lexicon evidence too.
Status AlignJobs(const Options& o, Aligner* aligner, std::vector<Job>& jobs, bool learn, Memory* memory,
                 Progress* progress, uint64_t* done) {
  std::vector<std::pair<std::string, std::string>> tm_pairs;
  if (memory != nullptr) {
    Status s = TmPairs(o, memory, &tm_pairs);
    if (!s.ok() && s.code() != Status::Code::kNotFound) return s;  // NotFound: stopped early
    if (!tm_pairs.empty() && !o.no_learn) aligner->LearnLexicon(tm_pairs);
  }
  AlignAll(*aligner, &jobs, progress, done);
  if (learn) {
    std::vector<std::pair<std::string, std::string>> pairs = tm_pairs;
    for (const Job& job : jobs) CollectConfidentPairs(job, &pairs);
    aligner->LearnLexicon(pairs);
    AlignAll(*aligner, &jobs, progress, done);
  }
  return Status::OK();
}

int RunJobs(const Options& o, Aligner* aligner, std::vector<Job>& jobs, bool learn);

int RunBatch(const Options& o, Aligner* aligner) {
  std::vector<Job> jobs;
  Status s = ReadBatch(o, &jobs);
  if (!s.ok()) return Fail(s);
  return RunJobs(o, aligner, jobs, !o.no_learn);
}

// Reads, aligns (twice when learning a lexicon from the first pass), stores, prints.
int RunJobs(const Options& o, Aligner* aligner, std::vector<Job>& jobs, bool learn) {
  Status s;
  // Everything is read and checked before anything is written.
  for (Job& job : jobs) {
    s = ReadSentences(job.src_path, o.presegmented, o.src_lang, &job.src);
    if (s.ok()) s = ReadSentences(job.tgt_path, o.presegmented, o.tgt_lang, &job.tgt);
    if (!s.ok()) return Fail(s);
  }
  if (!o.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec) return Fail(Status::IOError(o.out_dir + ": " + ec.message()));
  }
  std::unique_ptr<Memory> memory;
  if (!o.into.empty()) {
    s = OpenInto(o, &memory);
    if (!s.ok()) return Fail(s);
  }
  {
    uint64_t done = 0;
    Progress progress(_("aligning"), jobs.size() * (learn ? 2 : 1));
    s = AlignJobs(o, aligner, jobs, learn, memory.get(), &progress, &done);
    progress.Finish();
    if (!s.ok()) return Fail(s);
  }
  std::vector<size_t> stored(jobs.size(), 0);
  if (memory) {
    s = StoreInTm(o, memory.get(), jobs, &stored);
    if (!s.ok()) return Fail(s);
  }
  // An untrusted pair is said on stderr, with or without --into; with --fail-on-untrusted it
  // makes the exit code 1 once everything else is done.
  size_t untrusted = 0;
  for (const Job& job : jobs) {
    if (Trusted(job)) continue;
    ++untrusted;
    std::fprintf(stderr, "tmkit: warning: %s: %s%s\n", job.name.c_str(), job.alignment.trust.reason.c_str(),
                 memory ? "; nothing of it stored" : "");
  }
  const int done = untrusted > 0 && o.fail_on_untrusted ? kExitFindings : kExitOk;
  if (o.batch.empty()) {  // one document: its beads go to stdout
    const Job& job = jobs[0];
    for (const std::string& w : job.alignment.warnings) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
    if (memory) {
      std::printf("%s: stored %zu of %zu beads (confidence >= %.2f) in %s; %s\n", job.name.c_str(), stored[0],
                  job.alignment.beads.size(), o.min_confidence, o.into.c_str(), TrustLine(job).c_str());
    } else {
      Print(o, job.src, job.tgt, job.alignment, std::cout);
      if (o.format != "json" && Trusted(job)) {
        std::fprintf(stderr, "tmkit: %s: %s\n", job.name.c_str(), TrustLine(job).c_str());
      }
    }
    std::cout.flush();
    return std::cout ? done : Fail(Status::IOError("cannot write the output"));
  }
  std::string ext = o.format == "json" ? ".json" : o.format == "tsv" ? ".tsv" : ".beads";
  for (size_t k = 0; k < jobs.size(); ++k) {
    const Job& job = jobs[k];
    if (!o.out_dir.empty()) {
      std::string path = o.out_dir + "/" + job.name + ext;
      std::ostringstream out;
      Print(o, job.src, job.tgt, job.alignment, out);
      Status written = WriteWholeFile(path, out.str());
      if (!written.ok()) return Fail(written);
    }
    double conf = 0;
    for (const Bead& b : job.alignment.beads) conf += b.confidence;
    size_t nb = job.alignment.beads.size();
    std::printf("%s\t%zu:%zu sentences\t%zu beads\tmean confidence %.3f\tdocument score %.2f%s%s%s\n",
                job.name.c_str(), job.src.sentences.size(), job.tgt.sentences.size(), nb, nb ? conf / nb : 0.0,
                job.alignment.trust.score, Trusted(job) ? "" : " (untrusted)",
                job.alignment.warnings.empty() ? "" : "\twarning: ",
                job.alignment.warnings.empty() ? "" : job.alignment.warnings.front().c_str());
    if (memory) std::printf("%s\tstored %zu units in %s\n", job.name.c_str(), stored[k], o.into.c_str());
  }
  std::cout.flush();
  return std::cout ? done : Fail(Status::IOError("cannot write the output"));
}

// ---- N-way: one source document and several translations (--tgt-lang ru,ar) ----------------
// Each translation is aligned to the source as a pair would be; the beads are then joined on the
// source side (JoinOnSource) into one unit per source span holding every language that
// translates it confidently enough.

bool HasSuffix(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Story {
  std::string name, src_path;
  std::vector<std::string> tgt_paths;  // one per target language, in --tgt-lang order
};

// The --tgt-lang list, canonical: neither the source language nor a language twice.
Status TargetLanguages(const Options& o, std::vector<std::string>* langs) {
  for (const std::string& given : SplitCommas(o.tgt_lang)) {
    std::string lang;
    Status s = CanonicalLanguageTag(given, &lang);
    if (!s.ok()) return s;
    if (LanguageMatches(lang, o.src_lang) || LanguageMatches(o.src_lang, lang)) {
      return Status::InvalidArgument("--tgt-lang " + o.tgt_lang + " lists the source language " + o.src_lang);
    }
    for (const std::string& seen : *langs) {
      if (PrimaryLanguage(seen) == PrimaryLanguage(lang)) {
        return Status::InvalidArgument("--tgt-lang " + o.tgt_lang + " lists " + PrimaryLanguage(lang) + " twice");
      }
    }
    langs->push_back(lang);
  }
  if (langs->size() < 2) return Status::InvalidArgument("--tgt-lang " + o.tgt_lang + ": list two or more languages, or give one");
  return Status::OK();
}

// The stories of --batch: "SRC TGT1 ... TGTn" per line (the languages' order), or a directory
// holding NAME.<src> and NAME.<lang> for every language. Without --batch, SRC and the TGTs.
Status ReadStories(const Options& o, const std::vector<std::string>& langs, std::vector<Story>* stories) {
  const size_t n = langs.size();
  if (o.batch.empty()) {
    if (o.src_path.empty() || o.tgt_paths.size() != n) {
      return Status::InvalidArgument("--tgt-lang " + o.tgt_lang + " needs SRC and " + std::to_string(n) +
                                     " TGT files, in that order; got " + std::to_string(o.tgt_paths.size()) +
                                     (o.tgt_paths.empty() ? "" : " (" + o.tgt_paths.back() + " was the last)"));
    }
    stories->push_back({std::filesystem::path(o.src_path).filename().string(), o.src_path, o.tgt_paths});
    return Status::OK();
  }
  if (!o.src_path.empty()) return Status::InvalidArgument(_("give either SRC TGT or --batch LIST, not both"));
  std::string text;
  Status s = ReadFile(o.batch, &text);
  if (s.ok()) s = ValidateUtf8(text, o.batch);
  if (!s.ok()) return s;
  std::istringstream in(text);
  std::string line;
  std::string src_ext = "." + PrimaryLanguage(o.src_lang);
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string field; fields >> field;) f.push_back(field);
    if (f.empty() || f[0][0] == '#') continue;
    std::string where = o.batch + ":" + std::to_string(line_no) + ": ";
    if (f.size() == n + 1) {
      std::string name = std::filesystem::path(f[0]).filename().string();
      if (HasSuffix(name, src_ext)) name.resize(name.size() - src_ext.size());
      stories->push_back({name, f[0], std::vector<std::string>(f.begin() + 1, f.end())});
      continue;
    }
    std::error_code ec;
    if (f.size() != 1 || !std::filesystem::is_directory(f[0], ec)) {
      return Status::InvalidInput(where + "expected SRC and " + std::to_string(n) + " TGT files (" + o.tgt_lang +
                                  "), or a directory; found " + std::to_string(f.size()) + " fields");
    }
    std::vector<std::string> stems;
    for (const auto& entry : std::filesystem::directory_iterator(f[0])) {
      std::string p = entry.path().string();
      if (HasSuffix(p, src_ext)) stems.push_back(p.substr(0, p.size() - src_ext.size()));
    }
    std::sort(stems.begin(), stems.end());
    for (const std::string& stem : stems) {
      Story story{std::filesystem::path(stem).filename().string(), stem + src_ext, {}};
      for (const std::string& lang : langs) story.tgt_paths.push_back(stem + "." + PrimaryLanguage(lang));
      bool complete = true;
      for (const std::string& t : story.tgt_paths) complete = complete && std::filesystem::exists(t, ec);
      if (complete) stories->push_back(std::move(story));
    }
  }
  return Status::OK();
}

std::string SentenceRange(uint32_t begin, uint32_t end) {
  std::string s = "[";
  for (uint32_t i = begin; i < end; ++i) s += (i > begin ? ", " : "") + std::to_string(i);
  return s + "]";
}

// One story's N-way beads: `pairs[k]` is its alignment with language k.
void PrintMultiBeads(const Options& o, const std::vector<std::string>& langs, const std::vector<const Job*>& pairs,
                     const std::vector<MultiBead>& beads, std::ostream& out) {
  const SentenceList& src = pairs[0]->src;
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const MultiBead& m : beads) {
      nlohmann::json src_ids = nlohmann::json::array();
      for (uint32_t i = m.src_begin; i < m.src_end; ++i) src_ids.push_back(i);
      nlohmann::json bead = {{"src", src_ids}, {"src_text", JoinSentences(src, m.src_begin, m.src_end)}};
      for (size_t k = 0; k < langs.size(); ++k) {
        const MultiBead::Side& side = m.sides[k];
        nlohmann::json ids = nlohmann::json::array();
        for (uint32_t j = side.tgt_begin; j < side.tgt_end; ++j) ids.push_back(j);
        bead[langs[k]] = {{"tgt", ids}, {"confidence", side.confidence},
                          {"tgt_text", JoinSentences(pairs[k]->tgt, side.tgt_begin, side.tgt_end)}};
      }
      list.push_back(bead);
    }
    out << nlohmann::json{{"src_lang", o.src_lang}, {"tgt_langs", langs}, {"beads", list}}.dump(1) << "\n";
    return;
  }
  for (const MultiBead& m : beads) {
    std::string line = o.format == "tsv" ? JoinSentences(src, m.src_begin, m.src_end) : SentenceRange(m.src_begin, m.src_end);
    std::string confidences;
    for (size_t k = 0; k < langs.size(); ++k) {
      const MultiBead::Side& side = m.sides[k];
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.3f", side.confidence);
      if (o.format == "tsv") {
        line += "\t" + JoinSentences(pairs[k]->tgt, side.tgt_begin, side.tgt_end) + "\t" + conf;
      } else {
        line += ":" + SentenceRange(side.tgt_begin, side.tgt_end);
        confidences += std::string(":") + conf;
      }
    }
    out << line << confidences << "\n";
  }
}

// One unit per N-way bead with at least one confident translation; every story in one write.
Status StoreMultiInTm(const Options& o, const std::vector<std::string>& langs,
                      const std::vector<std::vector<const Job*>>& pairs, const std::vector<std::vector<MultiBead>>& beads,
                      Memory* memory, std::vector<size_t>* stored) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  return memory->Write([&](Writer* writer) -> Status {
    stored->assign(pairs.size(), 0);
    for (size_t d = 0; d < pairs.size(); ++d) {
      const SentenceList& src = pairs[d][0]->src;
      AlignedSource from{pairs[d][0]->name, o.src_lang, &src, now};
      std::vector<const SentenceList*> tgts;
      // Nothing of an untrusted pair (another story, a copy): RunMultilingual says why.
      for (const Job* pair : pairs[d]) tgts.push_back(Trusted(*pair) ? &pair->tgt : nullptr);
      for (const MultiBead& m : beads[d]) {
        Unit unit;
        if (!UnitOfMultiBead(from, langs, tgts, m, o.min_confidence, &unit)) continue;
        AddOutcome outcome;
        uint64_t id;
        Status s = writer->Add(unit, &outcome, &id);
        if (!s.ok()) return s;
        ++(*stored)[d];
      }
    }
    return Status::OK();
  });
}

int RunMultilingual(Options o) {
  std::string canonical;
  Status s = CanonicalLanguageTag(o.src_lang, &canonical);
  if (!s.ok()) return Fail(s);
  o.src_lang = canonical;
  std::vector<std::string> langs;
  std::vector<Story> stories;
  s = TargetLanguages(o, &langs);
  if (s.ok()) s = ReadStories(o, langs, &stories);
  if (!s.ok()) return Fail(s);
  const size_t n = langs.size();
  // jobs[k][d]: story d aligned with language k. Everything is read and checked before anything
  // is opened for writing.
  std::vector<std::vector<Job>> jobs(n, std::vector<Job>(stories.size()));
  for (size_t d = 0; d < stories.size(); ++d) {
    SentenceList src;
    s = ReadSentences(stories[d].src_path, o.presegmented, o.src_lang, &src);
    if (!s.ok()) return Fail(s);
    for (size_t k = 0; k < n; ++k) {
      Job& job = jobs[k][d];
      job.name = stories[d].name;
      job.src_path = stories[d].src_path;
      job.tgt_path = stories[d].tgt_paths[k];
      job.src = src;
      s = ReadSentences(job.tgt_path, o.presegmented, langs[k], &job.tgt);
      if (!s.ok()) return Fail(s);
    }
  }
  std::unique_ptr<Memory> memory;
  if (!o.into.empty()) {
    s = OpenInto(o, &memory);
    if (!s.ok()) return Fail(s);
  }
  const bool learn = !o.batch.empty() && !o.no_learn;
  {
    uint64_t done = 0;
    Progress progress(_("aligning"), n * stories.size() * (learn ? 2 : 1));
    for (size_t k = 0; k < n && s.ok(); ++k) {
      Options pair = o;
      pair.tgt_lang = langs[k];
      std::unique_ptr<Aligner> aligner;
      s = BuildAligner(pair, &aligner);
      if (s.ok()) s = AlignJobs(pair, aligner.get(), jobs[k], learn, memory.get(), &progress, &done);
    }
    progress.Finish();
    if (!s.ok()) return Fail(s);
  }
  std::vector<std::vector<const Job*>> pairs(stories.size());
  std::vector<std::vector<MultiBead>> beads(stories.size());
  size_t untrusted = 0;
  for (size_t d = 0; d < stories.size(); ++d) {
    std::vector<const Alignment*> alignments;
    for (size_t k = 0; k < n; ++k) {
      pairs[d].push_back(&jobs[k][d]);
      alignments.push_back(&jobs[k][d].alignment);
      for (const std::string& w : jobs[k][d].alignment.warnings) {
        std::fprintf(stderr, "tmkit: warning: %s: %s\n", jobs[k][d].tgt_path.c_str(), w.c_str());
      }
      if (!Trusted(jobs[k][d])) {
        ++untrusted;
        std::fprintf(stderr, "tmkit: warning: %s: %s%s\n", jobs[k][d].tgt_path.c_str(),
                     jobs[k][d].alignment.trust.reason.c_str(), memory ? "; nothing of it stored" : "");
      }
    }
    beads[d] = JoinOnSource(alignments, static_cast<uint32_t>(jobs[0][d].src.sentences.size()));
  }
  // As for a pair: an untrusted pair is a warning; with --fail-on-untrusted, exit 1 at the end.
  const int done = untrusted > 0 && o.fail_on_untrusted ? kExitFindings : kExitOk;
  std::vector<size_t> stored;
  if (memory) {
    s = StoreMultiInTm(o, langs, pairs, beads, memory.get(), &stored);
    if (!s.ok()) return Fail(s);
  }
  std::string ext = o.format == "json" ? ".json" : o.format == "tsv" ? ".tsv" : ".beads";
  for (size_t d = 0; d < stories.size(); ++d) {
    if (memory) {
      std::printf("%s: stored %zu of %zu units (%s, confidence >= %.2f) in %s\n", stories[d].name.c_str(), stored[d],
                  beads[d].size(), o.tgt_lang.c_str(), o.min_confidence, o.into.c_str());
    } else if (!o.out_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o.out_dir, ec);
      std::string path = o.out_dir + "/" + stories[d].name + ext;
      std::ostringstream out;
      PrintMultiBeads(o, langs, pairs[d], beads[d], out);
      Status written = WriteWholeFile(path, out.str());
      if (!written.ok()) return Fail(written);
    } else {
      PrintMultiBeads(o, langs, pairs[d], beads[d], std::cout);
    }
  }
  std::cout.flush();
  return std::cout ? done : Fail(Status::IOError("cannot write the output"));
}

// --stream: document pairs on standard input (tools/align_stream.h).
int RunStream(Options o) {
  if (!o.batch.empty() || !o.src_path.empty() || !o.into.empty() || !o.out_dir.empty()) {
    return Fail(Status::InvalidArgument(_("--stream reads standard input: give no SRC/TGT, --batch, --into or --out-dir")));
  }
  StreamOptions stream;
  stream.input_format = o.input_format;
  stream.presegmented = o.presegmented;
  stream.tmx_path = o.tmx;
  stream.threads = o.threads;
  stream.min_confidence = o.min_confidence;
  stream.created = static_cast<int64_t>(std::time(nullptr));
  Status s = CanonicalLanguageTag(o.src_lang, &stream.src_lang);
  if (!s.ok()) return Fail(s);
  o.src_lang = stream.src_lang;
  if (o.tgt_lang.find(',') != std::string::npos) {
    s = TargetLanguages(o, &stream.tgt_langs);
  } else {
    stream.tgt_langs.emplace_back();
    s = CanonicalLanguageTag(o.tgt_lang, &stream.tgt_langs[0]);
  }
  if (!s.ok()) return Fail(s);
  // Standard input through its own buffered reader, not std::cin: std::cin synced with stdio
  // reads a character at a time (getc/ungetc), which took 15% of a core beside the one aligning
  // worker and so made one `--threads 1` job use 1.15 cores.
  __gnu_cxx::stdio_filebuf<char> stdin_buffer(STDIN_FILENO, std::ios::in, 1 << 16);
  std::istream stdin_stream(&stdin_buffer);
  return RunAlignStream(stream, [&o](const std::string& tgt_lang, std::unique_ptr<Aligner>* aligner) {
    Options pair = o;
    pair.tgt_lang = tgt_lang;
    return BuildAligner(pair, aligner);
  }, stdin_stream, std::cout);
}

std::function<int()> SetupAlign(CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("--src-lang", o->src_lang, _("Source language (default en)"));
  app->add_option("--tgt-lang", o->tgt_lang, _("Target language, e.g. ru or ar; or several, ru,ar, for N-language units"))->required();
  app->add_flag("--presegmented", o->presegmented, _("Inputs hold one sentence per line (blank line = paragraph)"));
  app->add_option("--glossary", o->glossaries, _("TBX or TSV glossary whose names are evidence (repeatable)"))
      ->allow_extra_args(false);
  app->add_option("--format", o->format, _("Output: beads, tsv or json"))->check(OneOf({"beads", "tsv", "json"}));
  app->add_option("--batch", o->batch, _("File listing 'SRC TGT' pairs or directories of NAME.SRC/NAME.TGT files"));
  app->add_option("--into", o->into, _("Store the confident beads as units in this TM (created when missing)"));
  app->add_option("--min-confidence", o->min_confidence, _("With --into: store beads at least this confident (default 0.8)"))
      ->check(CLI::Range(0.0, 1.0));
  app->add_flag("--fail-on-untrusted", o->fail_on_untrusted,
                _("Exit 1 when a document pair scores below the trust threshold (docs/alignment.md)"));
  app->add_option("--out-dir", o->out_dir, _("With --batch: write NAME.beads (or .tsv/.json) here"));
  app->add_option("--dict-dir", o->dict_dir, _("Where the FreeDict dictd files are (default /usr/share/dictd)"));
  app->add_flag("--no-dictionary", o->no_dictionary, _("Do not use a bilingual dictionary"));
  app->add_flag("--no-learn", o->no_learn, _("With --batch: do not learn a lexicon from the first pass"));
  app->add_flag("--length-only", o->length_only, _("Gale-Church baseline: sentence lengths only"));
  app->add_flag("--allow-1-4", o->allow_1_4, _("Also allow 1-4 and 4-1 beads (literary text)"));
  app->add_option("--param", o->params, _("Override a scoring parameter, NAME=VALUE (docs/alignment.md)"))
      ->allow_extra_args(false);
  app->add_flag("--stream", o->stream, _("One document pair per line of standard input, one answer per line out"));
  app->add_option("--input-format", o->input_format, _("With --stream: jsonl or bitextor (docs/alignment.md)"))
      ->check(OneOf({"jsonl", "bitextor"}));
  app->add_option("--threads", o->threads, _("With --stream: aligning threads (default: one per core, at most 2)"))
      ->check(CLI::Range(1u, 64u));
  app->add_option("--tmx", o->tmx, _("With --stream: also write the confident beads as TMX units to this file"));
  app->add_option("SRC", o->src_path, _("Source text"));
  app->add_option("TGT", o->tgt_paths, _("Target text (one per language of --tgt-lang)"));
  return [o]() -> int {
    if (o->stream) return RunStream(*o);
    if (o->tgt_lang.find(',') != std::string::npos) return RunMultilingual(*o);
    if (o->tgt_paths.size() > 1) {
      return Fail(Status::InvalidArgument(_("one --tgt-lang takes one TGT file; list the languages (--tgt-lang ru,ar) for several")));
    }
    if (!o->tgt_paths.empty()) o->tgt_path = o->tgt_paths[0];
    std::string canonical;
    for (std::string* lang : {&o->src_lang, &o->tgt_lang}) {
      Status s = CanonicalLanguageTag(*lang, &canonical);
      if (!s.ok()) return Fail(s);
      *lang = canonical;
    }
    if (o->batch.empty() && (o->src_path.empty() || o->tgt_path.empty())) {
      return Fail(Status::InvalidArgument(_("align needs SRC and TGT files, or --batch LIST")));
    }
    if (!o->batch.empty() && !o->src_path.empty()) {
      return Fail(Status::InvalidArgument(_("give either SRC TGT or --batch LIST, not both")));
    }
    std::unique_ptr<Aligner> aligner;
    Status s = BuildAligner(*o, &aligner);
    if (!s.ok()) return Fail(s);
    if (!o->batch.empty()) return RunBatch(*o, aligner.get());
    // One document: no lexicon from its own first pass (one document is too sparse), but from
    // the TM when there is one.
    std::vector<Job> jobs(1);
    jobs[0].name = std::filesystem::path(o->src_path).filename().string();
    jobs[0].src_path = o->src_path;
    jobs[0].tgt_path = o->tgt_path;
    return RunJobs(*o, aligner.get(), jobs, false);
  };
}

TMKIT_VERB(align, "align", "Align the sentences of a document with its translation", SetupAlign);

}  // namespace
}  // namespace tmkit::cli
