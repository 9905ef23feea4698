// The translation memory: one LMDB environment (a directory) holding units and the indexes that
// answer exact, fuzzy and concordance lookups without scanning. A Memory is thread-safe: any
// number of threads (and processes) read while one writer writes; reads never wait for the writer.
// Errors are Status values; a failed write leaves the TM exactly as it was.
#ifndef TMKIT_MEMORY_H_
#define TMKIT_MEMORY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/fuzzy.h"
#include "tmkit/status.h"
#include "tmkit/tmx.h"
#include "tmkit/unit.h"

namespace tmkit {

struct OpenOptions {
  bool create_if_missing = false;  // create the directory and an empty TM
  bool read_only = false;          // no writes; the TM must exist
  // Upper bound on the map (and so on the TM file). 0 = grow without limit. When a write needs
  // more, it fails with IOError and the TM is unchanged.
  uint64_t max_map_bytes = 0;
  // The map size to start with (0 = 1 GiB). Only virtual address space: the file grows as used.
  uint64_t initial_map_bytes = 0;
  // How long a write waits for another writer (another process or thread) to finish before it
  // fails with Busy. Negative = wait as long as it takes.
  int writer_wait_ms = 0;
};

// What Writer::Add did with a unit.
enum class AddOutcome {
  kAdded,    // stored as a new unit
  kMerged,   // a stored unit already holds every variant (same language, text and codes): the
             // TM is unchanged
  kJoined,   // with JoinOnAdd: its missing languages were added to the one stored unit with the
             // same source (tmkit/unit_join.h, CanJoin)
};

// The handle a write transaction gives to its fill function. Valid only inside Memory::Write.
class Writer {
 public:
  virtual ~Writer() = default;
  // Stores `unit` (its id is ignored) or merges it into an identical stored unit. `unit` must
  // have valid canonical language tags and valid UTF-8 (the TMX and TSV readers guarantee it).
  virtual Status Add(const Unit& unit, AddOutcome* outcome, uint64_t* id) = 0;
  // Add() for many units, faster: their text is analysed on two threads. Same outcomes, in order.
  virtual Status AddBatch(const std::vector<Unit>& units, std::vector<AddOutcome>* outcomes) = 0;
  // From now on in this write, Add/AddBatch join a unit into the one stored unit that CanJoin it
  // (tmkit/unit_join.h) instead of adding it; with two or more such units it is added.
  virtual void JoinOnAdd(bool on) = 0;
  // The unit `id` as this write sees it (NotFound when absent), and every unit in id order.
  virtual Status Get(uint64_t id, Unit* unit) = 0;
  virtual Status ForEach(const std::function<Status(const Unit&)>& visit) = 0;
  // Replaces the stored unit `unit.id` (all its variants and metadata), re-indexing it.
  virtual Status Replace(const Unit& unit) = 0;
  // Removes a unit and its index entries. NotFound when absent.
  virtual Status Remove(uint64_t id) = 0;
  // Merges the header of an imported TMX file into the one the TM keeps (MergeTmxHeader in
  // tmkit/tmx.h; the first import's header is taken whole), which an export writes back.
  virtual Status AddTmxHeader(const TmxHeader& header) = 0;
  // Rewrites the indexes (words, sequences, exact matches, vocabulary) densely, in key order:
  // imports that add to existing lists leave their pages about two-thirds full, and a lookup
  // reads fewer pages after this. Must be the only call of its Write (InvalidArgument otherwise).
  // Readers keep reading the previous state; the file does not shrink (LMDB reuses the pages).
  virtual Status Compact() = 0;
};

struct LookupQuery {
  std::string text;
  std::string src_lang;      // the language of `text`; units are matched on variants answering it
  std::string tgt_lang;      // only units with a variant answering it are returned
  int min_score = 70;        // 1..100
  int limit = 5;
  std::string markup;        // `text` as TMX markup when it has inline codes (an XLIFF segment): a
                             // stored segment with the same codes, in kind and order, pays no
                             // code penalty (docs/matching.md)
  std::string prev_source;   // the segments around `text` in its document, when known: an exact
  std::string next_source;   // match whose stored neighbours agree scores 101
  // Also offer, from units holding the source language but not the target, the target of a unit
  // that holds one of their other languages with the same text ("via en", score at most 99).
  bool pivot = true;
};

struct LookupMatch {
  Unit unit;
  int source_variant = -1;  // index into unit.variants
  int target_variant = -1;
  FuzzyScore score;         // score.total is the %: 101 in-context exact, 100 exact, else fuzzy
  std::vector<DiffSpan> diff;        // what in the stored source differs from the query
  std::vector<std::string> missing;  // query words the stored source lacks
  // When the stored source differs from the query only by numbers and every such number was
  // found once in the target: the target with the query's numbers carried over. Else empty.
  std::string carried_target;
  // A pivot match: `unit` holds the source (source_variant) and the pivot (pivot_variant, in
  // pivot_lang); the target is target_unit.variants[target_variant], a unit whose pivot segment
  // is the same. Direct matches: pivot_lang empty, target in `unit`.
  std::string pivot_lang;
  int pivot_variant = -1;
  Unit target_unit;
  const Variant& Target() const {
    return pivot_lang.empty() ? unit.variants[target_variant] : target_unit.variants[target_variant];
  }
};

struct ConcordanceQuery {
  std::string phrase;  // one or more words, matched as a contiguous sequence of folded words
  std::string lang;    // the side searched ("en" matches en-US)
  int limit = 20;
  // false: each word also matches its inflected and clitic forms (InflectedForms in
  // tmkit/morphology.h: Асад finds Асада, الأسد finds للأسد, Annan finds Annan's), and a name
  // particle (al, аль) may stand between the words or be left out; true: the folded words only.
  bool exact = false;
};

struct ConcordanceHit {
  Unit unit;
  int variant = -1;                       // the variant where the phrase was found
  std::vector<std::pair<size_t, size_t>> spans;  // byte ranges of the phrase in its text
};

struct MemoryStats {
  uint64_t units = 0;
  std::vector<std::pair<std::string, uint64_t>> variants_by_lang;  // canonical tag -> count
  uint64_t vocabulary = 0;        // distinct indexed words over all languages
  uint64_t postings = 0;          // word index entries
  uint64_t file_bytes = 0;        // size of data.mdb
  uint64_t map_bytes = 0;         // current map size
  uint32_t schema_version = 0;
  int64_t last_change = 0;        // newest created/changed date of a unit

  // The tags the TM holds segments in: those of variants_by_lang with a count above zero.
  std::vector<std::string> HeldLanguages() const;
};

class Memory {
 public:
  // The schema this build writes; TMs with a higher number are refused (NotSupported).
  static constexpr uint32_t kSchemaVersion = 4;
  // The oldest schema read as it is (schema 2 is schema 3 without a stored TMX header, schema 3 is
  // schema 4 without word signatures: lookups then read every candidate); an older TM is refused
  // by readers until a writer (`tmkit upgrade`) has brought it to kSchemaVersion.
  static constexpr uint32_t kOldestReadableSchema = 2;

  // Opens the TM in directory `dir`. NotFound when missing (and !create_if_missing); InvalidInput
  // when `dir` is not a tmkit TM; NotSupported when it was written by a newer schema; Corruption
  // when its data file is truncated or damaged where opening reads it; IOError when the OS refuses.
  static Status Open(const std::string& dir, const OpenOptions& options,
                     std::unique_ptr<Memory>* memory);
  virtual ~Memory() = default;

  // Runs `fill` in one write transaction and commits it when `fill` returns OK; otherwise nothing
  // is written. When the map fills up it is grown and `fill` is run again from the start, so
  // `fill` must be repeatable (re-read its input). Busy when another writer holds the TM longer
  // than writer_wait_ms. `expected_growth` (bytes, may be 0) lets a big import size the map once
  // instead of growing it by retries.
  virtual Status Write(const std::function<Status(Writer*)>& fill, uint64_t expected_growth = 0) = 0;

  // Fuzzy lookup: the best `limit` units scoring >= min_score, best first (score, then newest).
  virtual Status Lookup(const LookupQuery& query, std::vector<LookupMatch>* matches) const = 0;
  virtual Status Concordance(const ConcordanceQuery& query, std::vector<ConcordanceHit>* hits,
                             bool* more) const = 0;
  virtual Status Get(uint64_t id, Unit* unit) const = 0;
  // Calls `visit` for every unit in id order, in one consistent snapshot; stops early (returning
  // its status) when `visit` does not return OK.
  virtual Status ForEach(const std::function<Status(const Unit&)>& visit) const = 0;
  virtual Status Stats(MemoryStats* stats) const = 0;
  // The header kept from the TMX files imported into the TM (Writer::AddTmxHeader); empty when
  // none was (a TM of aligned or TSV units, or one written before schema 3).
  virtual Status GetTmxHeader(TmxHeader* header) const = 0;
  // Writes a compacted copy of the TM's last committed state (consistent even while a writer
  // works: it reads one snapshot) into the new directory `dir`, which must not exist: the copy is
  // made beside it and renamed, so `dir` appears only whole. The way to add lookup replicas.
  virtual Status CopyTo(const std::string& dir) const = 0;
  // Whether the data file still holds every page the TM's newest state names (two small reads):
  // Corruption when it was truncated under this process, whose next read there would be a SIGBUS.
  virtual Status CheckFile() const = 0;
  // Checks the data file's structure page by page (read, not mapped), then, when it is sound,
  // that every index agrees with the units and the schema. Problems, one line each, go to
  // `problems`; the Status is not OK only when the check itself could not run. `progress`, when
  // set, is called now and then with the work done and the total (word index entries, twice).
  virtual Status Verify(std::vector<std::string>* problems,
                        const std::function<void(uint64_t done, uint64_t total)>& progress) const = 0;
};

}  // namespace tmkit

#endif  // TMKIT_MEMORY_H_
