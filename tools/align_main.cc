// tmkit align: sentence alignment of a document with its translation, or of a batch of them.
#include <atomic>
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
#include "tmkit/normalize.h"
#include "tmkit/segmenter.h"
#include "tmkit/lang.h"
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

// Every word of a concept's source terms is paired with every word of its target terms (names
// are a few words long); the aligner stems them, so inflected and clitic forms match too.
Status AddGlossaryNames(const std::string& path, const std::string& src_lang, const std::string& tgt_lang,
                        Aligner* aligner) {
  Glossary glossary;
  Status s = ReadGlossaryFile(path, src_lang, tgt_lang, &glossary);
  if (!s.ok()) return s;
  auto words = [](const Concept& c, const std::string& lang) {
    std::vector<std::string> out;
    for (const Term& t : c.terms) {
      if (!LanguageMatches(lang, t.lang)) continue;
      for (const Token& token : TokenizeForMatching(t.text, lang)) {
        if (token.kind == TokenKind::kWord && CountCodePoints(token.norm) >= 3) out.push_back(token.norm);
      }
    }
    return out;
  };
  for (const Concept& c : glossary.concepts()) {
    std::vector<std::string> a = words(c, src_lang), b = words(c, tgt_lang);
    for (const std::string& x : a) {
      for (const std::string& y : b) aligner->AddWordPair(x, y);
    }
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

int RunBatch(const Options& o, Aligner* aligner) {
  std::vector<Job> jobs;
  Status s = ReadBatch(o, &jobs);
  if (!s.ok()) return Fail(s);
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
  uint64_t done = 0;
  {
    Progress progress(_("aligning"), jobs.size() * (o.no_learn ? 1 : 2));
    AlignAll(*aligner, &jobs, &progress, &done);
    if (!o.no_learn) {
      std::vector<std::pair<std::string, std::string>> pairs;
      for (const Job& job : jobs) CollectConfidentPairs(job, &pairs);
      aligner->LearnLexicon(pairs);
      AlignAll(*aligner, &jobs, &progress, &done);
    }
    progress.Finish();
  }
  std::string ext = o.format == "json" ? ".json" : o.format == "tsv" ? ".tsv" : ".beads";
  for (const Job& job : jobs) {
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
    SentenceList src, tgt;
    s = ReadSentences(o->src_path, o->presegmented, o->src_lang, &src);
    if (s.ok()) s = ReadSentences(o->tgt_path, o->presegmented, o->tgt_lang, &tgt);
    if (!s.ok()) return Fail(s);
    Alignment a = aligner.Align(src, tgt);
    for (const std::string& w : a.warnings) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
    Print(*o, src, tgt, a, std::cout);
    std::cout.flush();
    return std::cout ? kExitOk : Fail(Status::IOError("cannot write the output"));
  };
}

TMKIT_VERB(align, "align", "Align the sentences of a document with its translation", SetupAlign);

}  // namespace
}  // namespace tmkit::cli
