// Joining translation units that share their source segment into one multilingual unit: the
// policy import follows when an en-ar unit meets a stored en-ru unit (docs/tm-format.md "Joining
// units"), and `tmkit join` over a whole TM. Pure functions are thread-safe; JoinTm writes the TM
// in one transaction (nothing changes when it fails).
#ifndef TMKIT_UNIT_JOIN_H_
#define TMKIT_UNIT_JOIN_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tmkit/memory.h"
#include "tmkit/status.h"
#include "tmkit/unit.h"

namespace tmkit {

// The text two sources are compared on: Unicode NFC, runs of white space made one space, none at
// either end. Case, punctuation and digits count.
std::string JoinKey(std::string_view text);

// Whether `incoming` may be joined into `stored`:
//  - `stored` holds a variant in the language of `incoming`'s source (same canonical tag) whose
//    text is the same under JoinKey and whose inline codes are identical;
//  - where both units know it, the same document, position, previous and next source segment;
//  - every other variant of `incoming` is either missing from `stored` (no variant of the same
//    primary language) or there with the same tag, text and codes, and at least one is missing.
bool CanJoin(const Unit& stored, const Unit& incoming);

// `stored` with the missing variants of `incoming` appended (in incoming's order) and what it
// lacks taken from `incoming`: the tuid, source language, document, position and neighbours when
// unknown; tu attributes whose name it lacks; props and notes it does not already hold. The
// earlier creation date (with its creator) and the later change date (with its author). Keeps
// stored's id.
Unit JoinUnits(const Unit& stored, const Unit& incoming);

struct JoinReport {
  uint64_t units = 0;   // units read
  uint64_t joined = 0;  // units whose variants went into another unit (and were removed)
  uint64_t ambiguous = 0;  // units left alone because two or more units could take them
};

// `tmkit join`: every unit, in id order, is joined into the one earlier unit that CanJoin it, as
// import would have done had the units come in that order; with two or more candidates it stays.
// One write transaction. `progress` (may be empty) gets units read so far and the total.
Status JoinTm(Memory* memory, JoinReport* report, const std::function<void(uint64_t, uint64_t)>& progress);

}  // namespace tmkit

#endif  // TMKIT_UNIT_JOIN_H_
