// tmkit align --stream: the shape cluster engines drive (Bitextor, ParaCrawl): one document pair
// per line in, one answer per line out, in input order, each flushed as soon as it is in order.
#include "align_stream.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "align_text.h"
#include "align_units.h"
#include "cli.h"
#include "tmkit/document_trust.h"
#include "tmkit/multi_alignment.h"
#include "tmkit/tmx.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

// Strict base64 (RFC 4648, with or without padding): false on any other byte.
bool DecodeBase64(std::string_view in, std::string* out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out->clear();
  out->reserve(in.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out->push_back(static_cast<char>(bits >> 16));
      out->push_back(static_cast<char>(bits >> 8));
      out->push_back(static_cast<char>(bits));
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) out->push_back(static_cast<char>(bits >> 4));
  if (count == 3) {
    out->push_back(static_cast<char>(bits >> 10));
    out->push_back(static_cast<char>(bits >> 2));
  }
  return true;
}

// One input line, parsed: the document pair (or N-tuple) and what names it in the output.
struct Request {
  nlohmann::json id;              // JSONL: the line's "id" (the line number when it has none)
  std::string src_url, tgt_url;   // bitextor: the documents' URLs
  std::string src;                // source document text
  std::vector<std::string> tgts;  // one text per target language, in --tgt-lang order
};

// What one line gives: its output text (empty for none), whether it was bad, and with --tmx the
// units of its confident beads.
struct Answer {
  std::string text;
  bool bad = false;
  std::vector<Unit> units;
};

// Answers one line; `segmenters` are this worker's own (a Segmenter is not thread-safe).
class LineAligner {
 public:
  LineAligner(const StreamOptions& options, const std::vector<std::unique_ptr<Aligner>>& aligners)
      : options_(options), aligners_(aligners) {}

  Status Init() {
    if (options_.presegmented) return Status::OK();
    std::vector<std::string> langs = options_.tgt_langs;
    langs.insert(langs.begin(), options_.src_lang);
    for (const std::string& lang : langs) {
      segmenters_.emplace_back();
      Status s = Segmenter::Create(lang, SegmenterOptions(), &segmenters_.back());
      if (!s.ok()) return s;
    }
    return Status::OK();
  }

  // The answer to line `line_no` (its text without the newline).
  Answer Align(const std::string& line, uint64_t line_no) {
    Answer answer;
    Request request;
    request.id = line_no;
    std::string where = "<stdin>:" + std::to_string(line_no);
    Status s = options_.input_format == "bitextor" ? ParseBitextor(line, where, &request)
                                                    : ParseJsonl(line, where, &request);
    std::vector<SentenceList> sides(1 + options_.tgt_langs.size());
    if (s.ok()) s = Sentences(request.src, where + ": src", 0, &sides[0]);
    for (size_t k = 0; s.ok() && k < request.tgts.size(); ++k) {
      s = Sentences(request.tgts[k], where + ": tgt " + options_.tgt_langs[k], k + 1, &sides[k + 1]);
    }
    if (!s.ok()) {
      answer.bad = true;
      std::fprintf(stderr, "tmkit: %s\n", s.message().c_str());
      if (options_.input_format != "bitextor") {
        answer.text = nlohmann::ordered_json{{"id", request.id}, {"line", line_no}, {"error", s.message()}}.dump();
      }
      return answer;
    }
    std::vector<Alignment> alignments;
    for (size_t k = 0; k < options_.tgt_langs.size(); ++k) {
      alignments.push_back(aligners_[k]->Align(sides[0], sides[k + 1]));
    }
    for (size_t k = 0; k < alignments.size(); ++k) {
      if (Trusted(alignments[k])) continue;
      std::string lang = alignments.size() > 1 ? " (" + options_.tgt_langs[k] + ")" : "";
      std::fprintf(stderr, "tmkit: warning: %s%s: %s; nothing of it is stored\n", where.c_str(), lang.c_str(),
                   alignments[k].trust.reason.c_str());
    }
    std::vector<MultiBead> joined;
    if (alignments.size() > 1) {
      std::vector<const Alignment*> each;
      for (const Alignment& a : alignments) each.push_back(&a);
      joined = JoinOnSource(each, static_cast<uint32_t>(sides[0].sentences.size()));
    }
    answer.text = options_.input_format == "bitextor" ? BitextorRows(request, sides, alignments[0])
                                                       : JsonlRecord(request, sides, alignments, joined);
    if (!options_.tmx_path.empty()) Units(request, sides, alignments, joined, &answer.units);
    return answer;
  }

 private:
  Status Sentences(const std::string& text, const std::string& name, size_t side, SentenceList* out) {
    return SentencesOfText(text, name, options_.presegmented,
                           options_.presegmented ? nullptr : segmenters_[side].get(), out);
  }

  // {"id": ..., "src": TEXT | "src_path": PATH, "tgt": TEXT | "tgt_path": PATH} for one target
  // language; with several, "tgt" / "tgt_path" are objects keyed by language.
  Status ParseJsonl(const std::string& line, const std::string& where, Request* r) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return Status::InvalidInput(where + ": not a JSON object (invalid JSON or UTF-8)");
    if (!j.is_object()) return Status::InvalidInput(where + ": not a JSON object");
    if (j.contains("id")) r->id = j["id"];
    Status s = Text(j, "src", "", where, &r->src);
    for (const std::string& lang : options_.tgt_langs) {
      if (!s.ok()) break;
      r->tgts.emplace_back();
      s = Text(j, "tgt", options_.tgt_langs.size() > 1 ? lang : "", where, &r->tgts.back());
    }
    return s;
  }

  // The text of `key` (or of `key`_path, read from disk); with `lang`, j[key] is an object.
  static Status Text(const nlohmann::json& j, const std::string& key, const std::string& lang,
                     const std::string& where, std::string* text) {
    std::string path_key = key + "_path";
    const char* what = j.contains(key) ? key.c_str() : j.contains(path_key) ? path_key.c_str() : nullptr;
    if (what == nullptr) return Status::InvalidInput(where + ": no \"" + key + "\" or \"" + path_key + "\"");
    const nlohmann::json* v = &j[what];
    std::string field = what;
    if (!lang.empty()) {
      if (!v->is_object() || !v->contains(lang)) {
        return Status::InvalidInput(where + ": \"" + field + "\" must be an object with a \"" + lang + "\" member");
      }
      v = &(*v)[lang];
      field += "." + lang;
    }
    if (!v->is_string()) return Status::InvalidInput(where + ": \"" + field + "\" is not a string");
    if (field.rfind(path_key, 0) != 0) {
      *text = v->get<std::string>();
      return Status::OK();
    }
    Status s = ReadFile(v->get<std::string>(), text);
    return s.ok() ? s : Status::InvalidInput(where + ": " + s.message());
  }

  // Bitextor's document-aligned TSV: src_url, trg_url, base64 source text, base64 target text.
  Status ParseBitextor(const std::string& line, const std::string& where, Request* r) {
    std::vector<std::string_view> f;
    std::string_view rest = line;
    for (size_t tab; (tab = rest.find('\t')) != std::string_view::npos; rest.remove_prefix(tab + 1)) {
      f.push_back(rest.substr(0, tab));
    }
    f.push_back(rest);
    if (f.size() < 4) {
      return Status::InvalidInput(where + ": expected 4 tab-separated fields (src_url trg_url src_text trg_text), found " +
                                  std::to_string(f.size()));
    }
    r->src_url = f[0];
    r->tgt_url = f[1];
    r->id = r->src_url;
    r->tgts.emplace_back();
    if (!DecodeBase64(f[2], &r->src)) return Status::InvalidInput(where + ": field 3 (src_text) is not base64");
    if (!DecodeBase64(f[3], &r->tgts[0])) return Status::InvalidInput(where + ": field 4 (trg_text) is not base64");
    return Status::OK();
  }

  static bool Trusted(const Alignment& a) { return a.trust.score >= kUntrustedBelow; }

  static std::string Fixed3(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
  }

  // Confidences are rounded to 3 decimals, so that the text is the same on every machine.
  std::string JsonlRecord(const Request& r, const std::vector<SentenceList>& sides,
                          const std::vector<Alignment>& alignments, const std::vector<MultiBead>& joined) {
    nlohmann::ordered_json record = {{"id", r.id}, {"src_sentences", sides[0].sentences.size()}};
    auto ids = [](uint32_t begin, uint32_t end) {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (uint32_t i = begin; i < end; ++i) a.push_back(i);
      return a;
    };
    auto rounded = [](double v) { return nlohmann::ordered_json::parse(Fixed3(v)); };
    nlohmann::ordered_json beads = nlohmann::ordered_json::array(), warnings = nlohmann::ordered_json::array();
    if (alignments.size() == 1) {
      record["tgt_sentences"] = sides[1].sentences.size();
      record["document_score"] = rounded(alignments[0].trust.score);
      record["trusted"] = Trusted(alignments[0]);
      for (const Bead& b : alignments[0].beads) {
        beads.push_back({{"src", ids(b.src_begin, b.src_end)}, {"tgt", ids(b.tgt_begin, b.tgt_end)},
                         {"confidence", rounded(b.confidence)}, {"src_text", JoinSentences(sides[0], b.src_begin, b.src_end)},
                         {"tgt_text", JoinSentences(sides[1], b.tgt_begin, b.tgt_end)}});
      }
      for (const std::string& w : alignments[0].warnings) warnings.push_back(w);
    } else {
      nlohmann::ordered_json counts = nlohmann::ordered_json::object(), scores = counts, trusted = counts;
      for (size_t k = 0; k < alignments.size(); ++k) {
        counts[options_.tgt_langs[k]] = sides[k + 1].sentences.size();
        scores[options_.tgt_langs[k]] = rounded(alignments[k].trust.score);
        trusted[options_.tgt_langs[k]] = Trusted(alignments[k]);
        for (const std::string& w : alignments[k].warnings) warnings.push_back(options_.tgt_langs[k] + ": " + w);
      }
      record["tgt_sentences"] = counts;
      record["document_score"] = scores;
      record["trusted"] = trusted;
      for (const MultiBead& m : joined) {
        nlohmann::ordered_json bead = {{"src", ids(m.src_begin, m.src_end)}, {"src_text", JoinSentences(sides[0], m.src_begin, m.src_end)}};
        for (size_t k = 0; k < m.sides.size(); ++k) {
          const MultiBead::Side& side = m.sides[k];
          bead[options_.tgt_langs[k]] = {{"tgt", ids(side.tgt_begin, side.tgt_end)},
                                         {"confidence", rounded(side.confidence)},
                                         {"tgt_text", JoinSentences(sides[k + 1], side.tgt_begin, side.tgt_end)}};
        }
        beads.push_back(bead);
      }
    }
    record["beads"] = beads;
    record["warnings"] = warnings;
    return record.dump();
  }

  // The units `align --into` would store for this document (tools/align_units.h); the document
  // id is the line's id (bitextor: the source URL).
  void Units(const Request& r, const std::vector<SentenceList>& sides, const std::vector<Alignment>& alignments,
             const std::vector<MultiBead>& joined, std::vector<Unit>* units) {
    AlignedSource from{r.id.is_string() ? r.id.get<std::string>() : r.id.dump(), options_.src_lang, &sides[0],
                       options_.created};
    Unit unit;
    if (alignments.size() == 1) {
      if (!Trusted(alignments[0])) return;
      for (const Bead& b : alignments[0].beads) {
        if (UnitOfBead(from, options_.tgt_langs[0], sides[1], b, options_.min_confidence, &unit)) units->push_back(unit);
      }
      return;
    }
    std::vector<const SentenceList*> tgts;
    for (size_t k = 1; k < sides.size(); ++k) tgts.push_back(&sides[k]);
    for (MultiBead m : joined) {
      for (size_t k = 0; k < m.sides.size(); ++k) {  // an untrusted translation gives nothing
        if (!Trusted(alignments[k])) m.sides[k].tgt_end = m.sides[k].tgt_begin;
      }
      if (UnitOfMultiBead(from, options_.tgt_langs, tgts, m, options_.min_confidence, &unit)) units->push_back(unit);
    }
  }

  // Bitextor's sentence-aligned rows: url1 url2 sent1 sent2 score (the bead's calibrated
  // confidence), one per bead with both sides, plus the pair's document score; none for an
  // untrusted pair (docs/alignment.md "Streaming").
  std::string BitextorRows(const Request& r, const std::vector<SentenceList>& sides, const Alignment& a) {
    std::string rows;
    if (!Trusted(a)) return rows;
    std::string document = Fixed3(a.trust.score);
    for (const Bead& b : a.beads) {
      if (b.src_begin == b.src_end || b.tgt_begin == b.tgt_end) continue;
      if (!rows.empty()) rows += '\n';
      rows += r.src_url + '\t' + r.tgt_url + '\t' + Tsv(JoinSentences(sides[0], b.src_begin, b.src_end)) + '\t' +
              Tsv(JoinSentences(sides[1], b.tgt_begin, b.tgt_end)) + '\t' + Fixed3(b.confidence) + '\t' + document;
    }
    return rows;
  }

  // A sentence as one TSV field: a tab inside it becomes a space.
  static std::string Tsv(std::string s) {
    for (char& c : s) {
      if (c == '\t') c = ' ';
    }
    return s;
  }

  const StreamOptions& options_;
  const std::vector<std::unique_ptr<Aligner>>& aligners_;
  std::vector<std::unique_ptr<Segmenter>> segmenters_;
};

}  // namespace

int RunAlignStream(const StreamOptions& options, const AlignerFactory& make_aligner, std::istream& in,
                   std::ostream& out) {
  if (options.input_format == "bitextor" && options.tgt_langs.size() != 1) {
    return Fail(Status::InvalidArgument(_("--input-format bitextor takes one --tgt-lang")));
  }
  std::vector<std::unique_ptr<Aligner>> aligners(options.tgt_langs.size());
  for (size_t k = 0; k < aligners.size(); ++k) {
    Status s = make_aligner(options.tgt_langs[k], &aligners[k]);
    if (!s.ok()) return Fail(s);
  }
  std::unique_ptr<TmxWriter> tmx;
  if (!options.tmx_path.empty()) {
    TmxWriteOptions tmx_options;
    tmx_options.source_lang = options.src_lang;
    Status s = TmxWriter::Create(options.tmx_path, tmx_options, &tmx);
    if (!s.ok()) return Fail(s);
  }
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));

  // Lines wait in `queue`; answers wait in `answered` until every earlier line's is written.
  // At most `window` lines are in flight, so memory stays bounded whatever the input's length.
  std::mutex mu;
  std::condition_variable more_work, more_room;
  std::deque<std::pair<uint64_t, std::string>> queue;
  std::map<uint64_t, Answer> answered;
  const size_t window = 8 * threads;
  uint64_t next_to_write = 1, in_flight = 0;
  bool eof = false, bad_lines = false, write_failed = false;
  Status init_failed, tmx_failed;

  auto worker = [&] {
    LineAligner line_aligner(options, aligners);
    Status s = line_aligner.Init();
    std::unique_lock<std::mutex> lock(mu);
    if (!s.ok()) {
      init_failed = s;
      eof = true;
      more_room.notify_all();
      more_work.notify_all();
      return;
    }
    for (;;) {
      more_work.wait(lock, [&] { return !queue.empty() || eof; });
      if (queue.empty()) return;
      auto [line_no, line] = std::move(queue.front());
      queue.pop_front();
      lock.unlock();
      Answer answer = line_aligner.Align(line, line_no);
      lock.lock();
      answered[line_no] = std::move(answer);
      // Whoever completes the next line in order writes every answer that is ready.
      for (auto it = answered.find(next_to_write); it != answered.end(); it = answered.find(next_to_write)) {
        bad_lines = bad_lines || it->second.bad;
        if (!it->second.text.empty()) out << it->second.text << '\n';
        for (const Unit& unit : it->second.units) {
          bool written;
          if (tmx_failed.ok()) tmx_failed = tmx->Write(unit, &written);
        }
        answered.erase(it);
        ++next_to_write;
        --in_flight;
      }
      out.flush();
      if (!out) write_failed = true;
      more_room.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  std::string line;
  for (uint64_t line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::unique_lock<std::mutex> lock(mu);
    more_room.wait(lock, [&] { return in_flight < window || eof; });
    if (eof) break;  // a worker could not start
    queue.emplace_back(line_no, std::move(line));
    ++in_flight;
    more_work.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    eof = true;
  }
  more_work.notify_all();
  for (std::thread& t : pool) t.join();
  if (!init_failed.ok()) return Fail(init_failed);
  if (tmx && tmx_failed.ok()) tmx_failed = tmx->Finish();
  if (!tmx_failed.ok()) return Fail(tmx_failed);
  if (write_failed) return Fail(Status::IOError(_("cannot write the output")));
  return bad_lines ? kExitFindings : kExitOk;
}

}  // namespace tmkit::cli
