#include "memory/codec.h"

namespace tmkit::codec {
namespace {

constexpr uint8_t kUnitRecordVersion = 1;
constexpr uint8_t kHeaderRecordVersion = 1;

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void PutAttributes(std::string* out, const Attributes& attrs) {
  PutVarint(out, attrs.size());
  for (const auto& [name, value] : attrs) {
    PutString(out, name);
    PutString(out, value);
  }
}

bool GetAttributes(const char** p, const char* end, Attributes* attrs) {
  uint64_t n;
  if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  attrs->resize(n);
  for (auto& [name, value] : *attrs) {
    if (!GetString(p, end, &name) || !GetString(p, end, &value)) return false;
  }
  return true;
}

void PutAnnotations(std::string* out, const std::vector<Prop>& props, const std::vector<Note>& notes) {
  PutVarint(out, props.size());
  for (const Prop& prop : props) {
    PutString(out, prop.type);
    PutString(out, prop.value);
    PutAttributes(out, prop.attrs);
  }
  PutVarint(out, notes.size());
  for (const Note& note : notes) {
    PutString(out, note.value);
    PutAttributes(out, note.attrs);
  }
}

bool GetAnnotations(const char** p, const char* end, std::vector<Prop>* props, std::vector<Note>* notes) {
  uint64_t n;
  if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  props->resize(n);
  for (Prop& prop : *props) {
    if (!GetString(p, end, &prop.type) || !GetString(p, end, &prop.value) ||
        !GetAttributes(p, end, &prop.attrs)) {
      return false;
    }
  }
  if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  notes->resize(n);
  for (Note& note : *notes) {
    if (!GetString(p, end, &note.value) || !GetAttributes(p, end, &note.attrs)) return false;
  }
  return true;
}

}  // namespace

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s.data(), s.size());
}

bool GetString(const char** p, const char* end, std::string* s) {
  uint64_t n;
  if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  s->assign(*p, n);
  *p += n;
  return true;
}

void PutBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

void PutBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

uint64_t GetBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint32_t GetBigEndian32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

std::string EncodeUnit(const Unit& u) {
  std::string out;
  out.reserve(64 + u.variants.size() * 128);
  out.push_back(static_cast<char>(kUnitRecordVersion));
  PutString(&out, u.tuid);
  PutString(&out, u.source_lang);
  PutVarint(&out, ZigZag(u.created));
  PutString(&out, u.created_by);
  PutVarint(&out, ZigZag(u.changed));
  PutString(&out, u.changed_by);
  PutString(&out, u.document);
  PutVarint(&out, ZigZag(u.position));
  PutString(&out, u.prev_source);
  PutString(&out, u.next_source);
  PutAttributes(&out, u.attrs);
  PutAnnotations(&out, u.props, u.notes);
  PutVarint(&out, u.variants.size());
  for (const Variant& v : u.variants) {
    PutString(&out, v.lang);
    PutString(&out, v.text);
    PutString(&out, v.markup);
    PutAttributes(&out, v.attrs);
    PutAnnotations(&out, v.props, v.notes);
  }
  return out;
}

bool DecodeUnit(std::string_view record, Unit* u) {
  const char* p = record.data();
  const char* end = p + record.size();
  if (p == end || static_cast<uint8_t>(*p++) != kUnitRecordVersion) return false;
  uint64_t created, changed, position, n;
  if (!GetString(&p, end, &u->tuid) || !GetString(&p, end, &u->source_lang) ||
      !GetVarint(&p, end, &created) || !GetString(&p, end, &u->created_by) ||
      !GetVarint(&p, end, &changed) || !GetString(&p, end, &u->changed_by) ||
      !GetString(&p, end, &u->document) || !GetVarint(&p, end, &position) ||
      !GetString(&p, end, &u->prev_source) || !GetString(&p, end, &u->next_source) ||
      !GetAttributes(&p, end, &u->attrs) || !GetAnnotations(&p, end, &u->props, &u->notes) ||
      !GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p)) {
    return false;
  }
  u->created = UnZigZag(created);
  u->changed = UnZigZag(changed);
  u->position = UnZigZag(position);
  u->variants.resize(n);
  for (Variant& v : u->variants) {
    if (!GetString(&p, end, &v.lang) || !GetString(&p, end, &v.text) ||
        !GetString(&p, end, &v.markup) || !GetAttributes(&p, end, &v.attrs) ||
        !GetAnnotations(&p, end, &v.props, &v.notes)) {
      return false;
    }
  }
  return p == end;
}

std::string EncodeTmxHeader(const TmxHeader& h) {
  std::string out;
  out.push_back(static_cast<char>(kHeaderRecordVersion));
  PutAttributes(&out, h.root_attrs);
  PutAttributes(&out, h.attrs);
  PutAnnotations(&out, h.props, h.notes);
  return out;
}

bool DecodeTmxHeader(std::string_view record, TmxHeader* h) {
  const char* p = record.data();
  const char* end = p + record.size();
  if (p == end || static_cast<uint8_t>(*p++) != kHeaderRecordVersion) return false;
  if (!GetAttributes(&p, end, &h->root_attrs) || !GetAttributes(&p, end, &h->attrs) ||
      !GetAnnotations(&p, end, &h->props, &h->notes)) {
    return false;
  }
  return p == end;
}

}  // namespace tmkit::codec
