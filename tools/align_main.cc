// tmkit align: sentence alignment of a document with its translation, or of a batch of them.
#include <atomic>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

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
#include "tmkit/progress.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

struct Options {
  std::string src_lang = "en", tgt_lang;
  bool presegmented = false;
  std::string format = "beads";
  std::string src_path, tgt_path;
  std::string batch, out_dir;
  std::string dict_dir = BilingualDictionary::kDefaultDictdDir;
  std::vector<std::string> params;
  std::vector<std::string> glossaries;
  std::string into;
  double min_confidence = 0.8;
  bool no_dictionary = false, no_learn = false, length_only = false, allow_1_4 = false;
};

// Raw text: tmkit's segmenter splits it, paragraphs at blank lines.
Status SegmentFile(const std::string& path, const std::string& text, const std::string& lang, SentenceList* out) {
  std::unique_ptr<Segmenter> segmenter;
  Status s = Segmenter::Create(lang, SegmenterOptions(), &segmenter);
  if (!s.ok()) return s;
  std::vector<SentenceSpan> spans;
  std::vector<size_t> paragraph_of;
  s = segmenter->SegmentText(text, path, &spans, &paragraph_of);
  if (!s.ok()) return s;
  for (size_t k = 0; k < spans.size(); ++k) {
    if (k > 0 && paragraph_of[k] != paragraph_of[k - 1]) out->paragraph_starts.push_back(k);
    out->sentences.push_back(SentenceOnOneLine(std::string_view(text).substr(spans[k].start, spans[k].end - spans[k].start)));
  }
  return Status::OK();
}

// With --presegmented: one sentence per line; a blank line ends a paragraph. Otherwise raw text.
// CRLF and a BOM are accepted.
Status ReadSentences(const std::string& path, bool presegmented, const std::string& lang, SentenceList* out) {
  std::string text;
  Status s = ReadFile(path, &text);
  if (!s.ok()) return s;
  s = ValidateUtf8(text, path);
  if (!s.ok()) return s;
  if (!presegmented) return SegmentFile(path, text, lang, out);
  size_t pos = Utf8BomLength(text);
  bool paragraph_break = false;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      paragraph_break = true;
      continue;
    }
    if (paragraph_break && !out->sentences.empty()) out->paragraph_starts.push_back(out->sentences.size());
    paragraph_break = false;
    out->sentences.push_back(std::move(line));
  }
  return Status::OK();
}

std::string Join(const SentenceList& l, uint32_t begin, uint32_t end) {
  std::string s;
  for (uint32_t i = begin; i < end; ++i) s += (i > begin ? " " : "") + l.sentences[i];
  return s;
}

void Print(const Options& o, const SentenceList& src, const SentenceList& tgt, const Alignment& a, std::ostream& out) {
  if (o.format == "json") {
    nlohmann::json beads = nlohmann::json::array();
    for (const Bead& b : a.beads) {
      nlohmann::json src_ids = nlohmann::json::array(), tgt_ids = nlohmann::json::array();
      for (uint32_t i = b.src_begin; i < b.src_end; ++i) src_ids.push_back(i);
      for (uint32_t j = b.tgt_begin; j < b.tgt_end; ++j) tgt_ids.push_back(j);
      beads.push_back({{"src", src_ids}, {"tgt", tgt_ids}, {"confidence", b.confidence},
                       {"src_text", Join(src, b.src_begin, b.src_end)}, {"tgt_text", Join(tgt, b.tgt_begin, b.tgt_end)}});
    }
    nlohmann::json doc = {{"src_lang", o.src_lang}, {"tgt_lang", o.tgt_lang}, {"length_ratio", a.length_ratio},
                          {"warnings", a.warnings}, {"beads", beads}};
    out << doc.dump(1) << "\n";
  } else if (o.format == "tsv") {
    for (const Bead& b : a.beads) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.3f", b.confidence);
      out << Join(src, b.src_begin, b.src_end) << "\t" << Join(tgt, b.tgt_begin, b.tgt_end) << "\t" << conf << "\n";
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
  if (!s.ok()) return s;
  aligner->AddGlossaryNames(glossary);
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

std::string JoinBead(const SentenceList& l, uint32_t begin, uint32_t end) { return Join(l, begin, end); }

// Stores every bead of every job with both sides and confidence >= --min-confidence as a unit,
// all in one write transaction: either every document lands or none does.
Status StoreInTm(const Options& o, Memory* memory, const std::vector<Job>& jobs, std::vector<size_t>* stored) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  return memory->Write([&](Writer* writer) -> Status {
    stored->assign(jobs.size(), 0);
    for (size_t k = 0; k < jobs.size(); ++k) {
      const Job& job = jobs[k];
      const std::vector<Bead>& beads = job.alignment.beads;
      for (size_t n = 0; n < beads.size(); ++n) {
        const Bead& b = beads[n];
        if (b.src_begin == b.src_end || b.tgt_begin == b.tgt_end || b.confidence < o.min_confidence) continue;
        Unit unit;
        unit.source_lang = o.src_lang;
        unit.created = now;
        unit.created_by = "tmkit align";
        unit.document = job.name;
        unit.position = b.src_begin;
        // Neighbours: the source sentences just before and after the bead.
        if (b.src_begin > 0) unit.prev_source = job.src.sentences[b.src_begin - 1];
        if (b.src_end < job.src.sentences.size()) unit.next_source = job.src.sentences[b.src_end];
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.3f", b.confidence);
        unit.props.push_back({"x-tmkit-align-confidence", confidence, {}});
        unit.props.push_back({"x-tmkit-bead", std::to_string(b.src_end - b.src_begin) + "-" +
                                                  std::to_string(b.tgt_end - b.tgt_begin), {}});
        unit.variants.push_back({o.src_lang, JoinBead(job.src, b.src_begin, b.src_end), "", {}, {}, {}});
        unit.variants.push_back({o.tgt_lang, JoinBead(job.tgt, b.tgt_begin, b.tgt_end), "", {}, {}, {}});
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
  std::vector<std::pair<std::string, std::string>> tm_pairs;
  if (!o.into.empty()) {
    OpenOptions open;
    open.create_if_missing = true;
    s = Memory::Open(o.into, open, &memory);
    if (!s.ok()) return Fail(s);
    s = TmPairs(o, memory.get(), &tm_pairs);
    if (!s.ok() && s.code() != Status::Code::kNotFound) return Fail(s);  // NotFound: stopped early
    if (!tm_pairs.empty() && !o.no_learn) aligner->LearnLexicon(tm_pairs);
  }
  uint64_t done = 0;
  {
    Progress progress(_("aligning"), jobs.size() * (learn ? 2 : 1));
    AlignAll(*aligner, &jobs, &progress, &done);
    if (learn) {
      std::vector<std::pair<std::string, std::string>> pairs = tm_pairs;
      for (const Job& job : jobs) CollectConfidentPairs(job, &pairs);
      aligner->LearnLexicon(pairs);
      AlignAll(*aligner, &jobs, &progress, &done);
    }
    progress.Finish();
  }
  std::vector<size_t> stored(jobs.size(), 0);
  if (memory) {
    s = StoreInTm(o, memory.get(), jobs, &stored);
    if (!s.ok()) return Fail(s);
  }
  if (o.batch.empty()) {  // one document: its beads go to stdout
    const Job& job = jobs[0];
    for (const std::string& w : job.alignment.warnings) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
    if (memory) {
      std::printf("%s: stored %zu of %zu beads (confidence >= %.2f) in %s\n", job.name.c_str(), stored[0],
                  job.alignment.beads.size(), o.min_confidence, o.into.c_str());
    } else {
      Print(o, job.src, job.tgt, job.alignment, std::cout);
    }
    std::cout.flush();
    return std::cout ? kExitOk : Fail(Status::IOError("cannot write the output"));
  }
  std::string ext = o.format == "json" ? ".json" : o.format == "tsv" ? ".tsv" : ".beads";
  for (size_t k = 0; k < jobs.size(); ++k) {
    const Job& job = jobs[k];
    if (!o.out_dir.empty()) {
      std::string path = o.out_dir + "/" + job.name + ext;
      std::ofstream out(path);
      Print(o, job.src, job.tgt, job.alignment, out);
      out.close();
      if (!out) return Fail(Status::IOError(path + ": cannot write"));
    }
    double conf = 0;
    for (const Bead& b : job.alignment.beads) conf += b.confidence;
    size_t nb = job.alignment.beads.size();
    std::printf("%s\t%zu:%zu sentences\t%zu beads\tmean confidence %.3f%s%s\n", job.name.c_str(),
                job.src.sentences.size(), job.tgt.sentences.size(), nb, nb ? conf / nb : 0.0,
                job.alignment.warnings.empty() ? "" : "\twarning: ",
                job.alignment.warnings.empty() ? "" : job.alignment.warnings.front().c_str());
    if (memory) std::printf("%s\tstored %zu units in %s\n", job.name.c_str(), stored[k], o.into.c_str());
  }
  return kExitOk;
}

std::function<int()> SetupAlign(CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("--src-lang", o->src_lang, _("Source language (default en)"));
  app->add_option("--tgt-lang", o->tgt_lang, _("Target language, e.g. ru or ar"))->required();
  app->add_flag("--presegmented", o->presegmented, _("Inputs hold one sentence per line (blank line = paragraph)"));
  app->add_option("--glossary", o->glossaries, _("TBX or TSV glossary whose names are evidence (repeatable)"))
      ->allow_extra_args(false);
  app->add_option("--format", o->format, _("Output: beads, tsv or json"))->check(OneOf({"beads", "tsv", "json"}));
  app->add_option("--batch", o->batch, _("File listing 'SRC TGT' pairs or directories of NAME.SRC/NAME.TGT files"));
  app->add_option("--into", o->into, _("Store the confident beads as units in this TM (created when missing)"));
  app->add_option("--min-confidence", o->min_confidence, _("With --into: store beads at least this confident (default 0.8)"))
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("--out-dir", o->out_dir, _("With --batch: write NAME.beads (or .tsv/.json) here"));
  app->add_option("--dict-dir", o->dict_dir, _("Where the FreeDict dictd files are (default /usr/share/dictd)"));
  app->add_flag("--no-dictionary", o->no_dictionary, _("Do not use a bilingual dictionary"));
  app->add_flag("--no-learn", o->no_learn, _("With --batch: do not learn a lexicon from the first pass"));
  app->add_flag("--length-only", o->length_only, _("Gale-Church baseline: sentence lengths only"));
  app->add_flag("--allow-1-4", o->allow_1_4, _("Also allow 1-4 and 4-1 beads (literary text)"));
  app->add_option("--param", o->params, _("Override a scoring parameter, NAME=VALUE (docs/alignment.md)"))
      ->allow_extra_args(false);
  app->add_option("SRC", o->src_path, _("Source text"));
  app->add_option("TGT", o->tgt_path, _("Target text"));
  return [o]() -> int {
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
    AlignerOptions options;
    options.src_lang = o->src_lang;
    options.tgt_lang = o->tgt_lang;
    options.length_only = o->length_only;
    options.allow_1_4 = o->allow_1_4;
    for (const std::string& kv : o->params) {
      Status ps = SetAlignParam(kv, &options.params);
      if (!ps.ok()) return Fail(ps);
    }
    BilingualDictionary dict;
    bool have_dict = false;
    Status s = LoadDictionary(*o, &dict, &have_dict);
    if (!s.ok()) return Fail(s);
    Aligner aligner(options, have_dict ? &dict : nullptr);
    for (const std::string& path : o->glossaries) {
      s = AddGlossaryNames(path, o->src_lang, o->tgt_lang, &aligner);
      if (!s.ok()) return Fail(s);
    }
    if (!o->batch.empty()) return RunBatch(*o, &aligner);
    // One document: no lexicon from its own first pass (one document is too sparse), but from
    // the TM when there is one.
    std::vector<Job> jobs(1);
    jobs[0].name = std::filesystem::path(o->src_path).filename().string();
    jobs[0].src_path = o->src_path;
    jobs[0].tgt_path = o->tgt_path;
    return RunJobs(*o, &aligner, jobs, false);
  };
}

TMKIT_VERB(align, "align", "Align the sentences of a document with its translation", SetupAlign);

}  // namespace
}  // namespace tmkit::cli
