#include "terms/transliteration_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "terms/name_forms.h"

namespace tmkit::names_internal {
namespace {

// Every probability is multiplied by kScale per letter it consumes: the lattice values then stay
// near 1 instead of shrinking by ~1/30 a letter, and the true value is one subtraction away.
constexpr double kScale = 16.0;
const double kLogScale = std::log(kScale);
constexpr int kCells = (kMaxWordLetters + 1) * (kMaxWordLetters + 1);

// Additive smoothing per operation kind (pseudo-counts): one-letter operations are all
// plausible, the two-letter ones only when the data shows them.
constexpr double kAlphaOne = 0.5;
constexpr double kAlphaTwo = 0.02;

double SafeLog(double x) { return x > 0 ? std::log(x) : -1e4; }

}  // namespace

int TransliterationModel::TargetIndex(char32_t c) const {
  if (c < index_base_ || c - index_base_ >= index_.size()) return -1;
  return index_[c - index_base_];
}

void TransliterationModel::Finish() {
  const int t = T();
  index_base_ = alphabet_.empty() ? 0 : *std::min_element(alphabet_.begin(), alphabet_.end());
  char32_t top = alphabet_.empty() ? 0 : *std::max_element(alphabet_.begin(), alphabet_.end());
  index_.assign(alphabet_.empty() ? 0 : top - index_base_ + 1, -1);
  for (int i = 0; i < t; ++i) index_[alphabet_[i] - index_base_] = static_cast<int16_t>(i);
  auto scaled = [](const std::vector<double>& p, double k) {
    std::vector<double> out(p);
    for (double& v : out) v *= k;
    return out;
  };
  sdel_ = scaled(del_, kScale);
  sins_ = scaled(ins_, kScale);
  ssub_ = scaled(sub_, kScale * kScale);
  ss21_ = scaled(s21_, kScale * kScale * kScale);
  ss12_ = scaled(s12_, kScale * kScale * kScale);
  src_one_.assign(kSourceLetters, 0);
  src_two_.assign(kSourceLetters * kSourceLetters, 0);
  tgt_one_.assign(t, 0);
  tgt_two_.assign(t * t, 0);
  ins_total_ = del_total_ = 0;
  for (int s = 0; s < kSourceLetters; ++s) {
    src_one_[s] += del_[s];
    del_total_ += del_[s];
    for (int y = 0; y < t; ++y) {
      src_one_[s] += sub_[s * t + y];
      tgt_one_[y] += sub_[s * t + y];
      for (int y2 = 0; y2 < t; ++y2) {
        src_one_[s] += s12_[(s * t + y) * t + y2];
        tgt_two_[y * t + y2] += s12_[(s * t + y) * t + y2];
      }
      for (int s2 = 0; s2 < kSourceLetters; ++s2) {
        src_two_[s * kSourceLetters + s2] += s21_[(s * kSourceLetters + s2) * t + y];
        tgt_one_[y] += s21_[(s * kSourceLetters + s2) * t + y];
      }
    }
  }
  for (int y = 0; y < t; ++y) {
    tgt_one_[y] += ins_[y];
    ins_total_ += ins_[y];
  }
  roman_one_.assign(t, "");
  roman_one_log_.assign(t, 0);
  for (int y = 0; y < t; ++y) {
    double best = ins_[y];
    for (int s = 0; s < 26; ++s) {
      if (sub_[s * t + y] > best) {
        best = sub_[s * t + y];
        roman_one_[y] = std::string(1, SourceLetter(s));
      }
      for (int s2 = 0; s2 < 26; ++s2) {
        double p = s21_[(s * kSourceLetters + s2) * t + y];
        if (p > best) {
          best = p;
          roman_one_[y] = std::string{SourceLetter(s), SourceLetter(s2)};
        }
      }
    }
    roman_one_log_[y] = SafeLog(best);
  }
}

std::string TransliterationModel::Romanize(const uint8_t* tg, int m) const {
  const int t = T();
  m = std::min(m, kMaxWordLetters);
  double best[kMaxWordLetters + 1];
  std::string spelled[kMaxWordLetters + 1];
  best[0] = 0;
  for (int j = 1; j <= m; ++j) {
    best[j] = best[j - 1] + roman_one_log_[tg[j - 1]];
    spelled[j] = spelled[j - 1] + roman_one_[tg[j - 1]];
    if (j >= 2) {
      for (int s = 0; s < 26; ++s) {
        double v = best[j - 2] + SafeLog(s12_[(s * t + tg[j - 2]) * t + tg[j - 1]]);
        if (v > best[j]) {
          best[j] = v;
          spelled[j] = spelled[j - 2] + SourceLetter(s);
        }
      }
    }
  }
  return spelled[m];
}

double TransliterationModel::Forward(const uint8_t* s, int n, const uint8_t* tg, int m, double* f) const {
  const int t = T();
  const int w = m + 1;
  f[0] = 1.0;
  for (int i = 0; i <= n; ++i) {
    for (int j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      double v = 0;
      if (i >= 1) {
        v += f[(i - 1) * w + j] * sdel_[s[i - 1]];
        if (j >= 1) {
          v += f[(i - 1) * w + j - 1] * ssub_[s[i - 1] * t + tg[j - 1]];
          if (j >= 2) v += f[(i - 1) * w + j - 2] * ss12_[(s[i - 1] * t + tg[j - 2]) * t + tg[j - 1]];
          if (i >= 2) v += f[(i - 2) * w + j - 1] * ss21_[(s[i - 2] * kSourceLetters + s[i - 1]) * t + tg[j - 1]];
        }
      }
      if (j >= 1) v += f[i * w + j - 1] * sins_[tg[j - 1]];
      f[i * w + j] = v;
    }
  }
  return f[n * w + m];
}

double TransliterationModel::LogJoint(const uint8_t* s, int n, const uint8_t* t, int m) const {
  n = std::min(n, kMaxWordLetters);
  m = std::min(m, kMaxWordLetters);
  double f[kCells];
  return SafeLog(Forward(s, n, t, m, f)) - (n + m) * kLogScale + SafeLog(stop_);
}

double TransliterationModel::LogSourceMarginal(const uint8_t* s, int n) const {
  n = std::min(n, kMaxWordLetters);
  const double loop = 1.0 / (1.0 - ins_total_);
  double g[kMaxWordLetters + 1];
  g[0] = loop;
  for (int i = 1; i <= n; ++i) {
    double v = g[i - 1] * kScale * src_one_[s[i - 1]];
    if (i >= 2) v += g[i - 2] * kScale * kScale * src_two_[s[i - 2] * kSourceLetters + s[i - 1]];
    g[i] = v * loop;
  }
  return SafeLog(g[n]) - n * kLogScale + SafeLog(stop_);
}

double TransliterationModel::LogTargetMarginal(const uint8_t* tg, int m) const {
  m = std::min(m, kMaxWordLetters);
  const int t = T();
  const double loop = 1.0 / (1.0 - del_total_);
  double g[kMaxWordLetters + 1];
  g[0] = loop;
  for (int j = 1; j <= m; ++j) {
    double v = g[j - 1] * kScale * tgt_one_[tg[j - 1]];
    if (j >= 2) v += g[j - 2] * kScale * kScale * tgt_two_[tg[j - 2] * t + tg[j - 1]];
    g[j] = v * loop;
  }
  return SafeLog(g[m]) - m * kLogScale + SafeLog(stop_);
}

double TransliterationModel::Probability(double pmi, int n, int m) const {
  double z = calibration_[0] + calibration_[1] * pmi + calibration_[2] * 10.0 * pmi / std::max(1, n + m);
  return 1.0 / (1.0 + std::exp(-z));
}

double TransliterationModel::Pmi(const uint8_t* s, int n, const uint8_t* t, int m) const {
  return LogJoint(s, n, t, m) - LogSourceMarginal(s, n) - LogTargetMarginal(t, m);
}

TransliterationModel TransliterationModel::Train(const std::vector<TrainingPair>& pairs, std::u32string alphabet,
                                                 int iterations, const std::function<void(int, double)>& round) {
  TransliterationModel model;
  model.alphabet_ = std::move(alphabet);
  const int t = model.T();
  const int k = kSourceLetters;
  // A flat start that prefers one-to-one substitutions; EM moves the mass where the data is.
  auto spread = [](std::vector<double>* v, size_t size, double mass) { v->assign(size, mass / size); };
  spread(&model.sub_, k * t, 0.55);
  spread(&model.del_, k, 0.12);
  spread(&model.ins_, t, 0.12);
  spread(&model.s21_, k * k * t, 0.1);
  spread(&model.s12_, k * t * t, 0.1);
  model.stop_ = 0.01;
  model.Finish();

  std::vector<double> f(kCells), b(kCells);
  for (int it = 0; it < iterations; ++it) {
    std::vector<double> cdel(k, 0), cins(t, 0), csub(k * t, 0), c21(k * k * t, 0), c12(k * t * t, 0);
    double loglik = 0, used = 0;
    for (const TrainingPair& p : pairs) {
      const int n = std::min<int>(p.source.size(), kMaxWordLetters);
      const int m = std::min<int>(p.target.size(), kMaxWordLetters);
      if (n == 0 || m == 0) continue;
      const uint8_t* s = p.source.data();
      const uint8_t* tg = p.target.data();
      const int w = m + 1;
      double z = model.Forward(s, n, tg, m, f.data());
      if (!(z > 0) || !std::isfinite(z)) continue;
      // Backward pass: b[i][j] = scaled probability of finishing from (i, j).
      for (int i = n; i >= 0; --i) {
        for (int j = m; j >= 0; --j) {
          if (i == n && j == m) { b[i * w + j] = 1.0; continue; }
          double v = 0;
          if (i < n) {
            v += b[(i + 1) * w + j] * model.sdel_[s[i]];
            if (j < m) {
              v += b[(i + 1) * w + j + 1] * model.ssub_[s[i] * t + tg[j]];
              if (j + 1 < m) v += b[(i + 1) * w + j + 2] * model.ss12_[(s[i] * t + tg[j]) * t + tg[j + 1]];
              if (i + 1 < n) v += b[(i + 2) * w + j + 1] * model.ss21_[(s[i] * k + s[i + 1]) * t + tg[j]];
            }
          }
          if (j < m) v += b[i * w + j + 1] * model.sins_[tg[j]];
          b[i * w + j] = v;
        }
      }
      const double inv = 1.0 / z;
      for (int i = 0; i <= n; ++i) {
        for (int j = 0; j <= m; ++j) {
          const double fi = f[i * w + j] * inv;
          if (fi == 0) continue;
          if (i < n) {
            cdel[s[i]] += fi * model.sdel_[s[i]] * b[(i + 1) * w + j];
            if (j < m) {
              csub[s[i] * t + tg[j]] += fi * model.ssub_[s[i] * t + tg[j]] * b[(i + 1) * w + j + 1];
              if (j + 1 < m) {
                size_t o = (s[i] * t + tg[j]) * t + tg[j + 1];
                c12[o] += fi * model.ss12_[o] * b[(i + 1) * w + j + 2];
              }
              if (i + 1 < n) {
                size_t o = (s[i] * k + s[i + 1]) * t + tg[j];
                c21[o] += fi * model.ss21_[o] * b[(i + 2) * w + j + 1];
              }
            }
          }
          if (j < m) cins[tg[j]] += fi * model.sins_[tg[j]] * b[i * w + j + 1];
        }
      }
      loglik += std::log(z) - (n + m) * kLogScale + std::log(model.stop_);
      used += 1;
    }
    double total = used;
    auto sum = [&total](std::vector<double>* c, double alpha) {
      for (double& v : *c) {
        v += alpha;
        total += v;
      }
    };
    sum(&cdel, kAlphaOne);
    sum(&cins, kAlphaOne);
    sum(&csub, kAlphaOne);
    sum(&c21, kAlphaTwo);
    sum(&c12, kAlphaTwo);
    auto normalize = [total](std::vector<double> c) {
      for (double& v : c) v /= total;
      return c;
    };
    model.del_ = normalize(std::move(cdel));
    model.ins_ = normalize(std::move(cins));
    model.sub_ = normalize(std::move(csub));
    model.s21_ = normalize(std::move(c21));
    model.s12_ = normalize(std::move(c12));
    model.stop_ = used / total;
    model.Finish();
    if (round) round(it + 1, used > 0 ? loglik / used : 0);
  }
  return model;
}

// Text form: a header line, the alphabet, the stop probability, one floor per operation kind
// (the probability of every operation not listed) and then "op SOURCE TARGET P" lines, with "-"
// for an empty side.
std::string TransliterationModel::Serialize() const {
  const int t = T();
  const int k = kSourceLetters;
  std::string out = "tmkit-transliteration 1\n";
  out += "alphabet " + EncodeUtf8(alphabet_) + "\n";
  char buf[128];
  std::snprintf(buf, sizeof buf, "stop %.9g\n", stop_);
  out += buf;
  std::snprintf(buf, sizeof buf, "calibration %.9g %.9g %.9g\n", calibration_[0], calibration_[1], calibration_[2]);
  out += buf;
  auto floor_of = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
  const double floors[5] = {floor_of(del_), floor_of(ins_), floor_of(sub_), floor_of(s21_), floor_of(s12_)};
  std::snprintf(buf, sizeof buf, "floor %.9g %.9g %.9g %.9g %.9g\n", floors[0], floors[1], floors[2], floors[3],
                floors[4]);
  out += buf;
  auto src = [](std::initializer_list<int> letters) {
    std::string s;
    for (int l : letters) s += SourceLetter(l);
    return s;
  };
  auto tgt = [this](std::initializer_list<int> letters) {
    std::u32string s;
    for (int l : letters) s += alphabet_[l];
    return EncodeUtf8(s);
  };
  auto emit = [&out, &buf](const std::string& a, const std::string& b, double p, double floor) {
    if (p <= floor * 1.05) return;  // indistinguishable from the floor: left out
    std::snprintf(buf, sizeof buf, " %.6g\n", p);
    out += "op " + (a.empty() ? "-" : a) + " " + (b.empty() ? "-" : b) + buf;
  };
  for (int s = 0; s < k; ++s) emit(src({s}), "", del_[s], floors[0]);
  for (int y = 0; y < t; ++y) emit("", tgt({y}), ins_[y], floors[1]);
  for (int s = 0; s < k; ++s)
    for (int y = 0; y < t; ++y) emit(src({s}), tgt({y}), sub_[s * t + y], floors[2]);
  for (int s = 0; s < k; ++s)
    for (int s2 = 0; s2 < k; ++s2)
      for (int y = 0; y < t; ++y) emit(src({s, s2}), tgt({y}), s21_[(s * k + s2) * t + y], floors[3]);
  for (int s = 0; s < k; ++s)
    for (int y = 0; y < t; ++y)
      for (int y2 = 0; y2 < t; ++y2) emit(src({s}), tgt({y, y2}), s12_[(s * t + y) * t + y2], floors[4]);
  return out;
}

Status TransliterationModel::Parse(std::string_view text, std::string_view name, TransliterationModel* out) {
  TransliterationModel model;
  int line_no = 0;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(name) + ":" + std::to_string(line_no) + ": " + why);
  };
  bool have_floor = false, have_header = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    for (size_t a = 0; a <= line.size();) {
      size_t sp = line.find(' ', a);
      if (sp == std::string::npos) sp = line.size();
      if (sp > a) f.push_back(line.substr(a, sp - a));
      a = sp + 1;
    }
    if (f.empty()) continue;
    auto number = [&](const std::string& s, double* v) {
      char* end = nullptr;
      *v = std::strtod(s.c_str(), &end);
      return end && *end == 0 && *v >= 0 && *v <= 1;
    };
    if (!have_header) {
      have_header = true;
      if (f.size() != 2 || f[0] != "tmkit-transliteration" || f[1] != "1") return bad("not a tmkit-transliteration 1 model");
    } else if (f[0] == "alphabet" && f.size() == 2) {
      model.alphabet_ = DecodeUtf8(f[1]);
      const int t = model.T();
      if (t == 0 || t > 64) return bad("alphabet of 1 to 64 letters expected");
    } else if (f[0] == "stop" && f.size() == 2) {
      if (!number(f[1], &model.stop_) || model.stop_ <= 0) return bad("stop probability expected");
    } else if (f[0] == "calibration" && f.size() == 4) {
      for (int i = 0; i < 3; ++i) {
        char* end = nullptr;
        model.calibration_[i] = std::strtod(f[i + 1].c_str(), &end);
        if (!end || *end != 0 || !std::isfinite(model.calibration_[i])) return bad("calibration weight expected");
      }
    } else if (f[0] == "floor" && f.size() == 6) {
      const int t = model.T();
      if (t == 0) return bad("floor before alphabet");
      double v[5];
      for (int i = 0; i < 5; ++i)
        if (!number(f[i + 1], &v[i])) return bad("floor probability expected");
      const int k = kSourceLetters;
      model.del_.assign(k, v[0]);
      model.ins_.assign(t, v[1]);
      model.sub_.assign(k * t, v[2]);
      model.s21_.assign(k * k * t, v[3]);
      model.s12_.assign(k * t * t, v[4]);
      have_floor = true;
    } else if (f[0] == "op" && f.size() == 4) {
      if (!have_floor) return bad("op before floor");
      double p;
      if (!number(f[3], &p)) return bad("probability expected");
      std::vector<int> s, y;
      if (f[1] != "-") {
        for (char c : f[1]) {
          if (SourceSymbol(c) < 0) return bad("source letters a-z, ^ or $ expected");
          s.push_back(SourceSymbol(c));
        }
      }
      if (f[2] != "-") {
        for (char32_t c : DecodeUtf8(f[2])) {
          auto it = std::find(model.alphabet_.begin(), model.alphabet_.end(), c);
          if (it == model.alphabet_.end()) return bad("target letter outside the alphabet");
          y.push_back(static_cast<int>(it - model.alphabet_.begin()));
        }
      }
      const int t = model.T();
      const int k = kSourceLetters;
      if (s.size() == 1 && y.empty()) model.del_[s[0]] = p;
      else if (s.empty() && y.size() == 1) model.ins_[y[0]] = p;
      else if (s.size() == 1 && y.size() == 1) model.sub_[s[0] * t + y[0]] = p;
      else if (s.size() == 2 && y.size() == 1) model.s21_[(s[0] * k + s[1]) * t + y[0]] = p;
      else if (s.size() == 1 && y.size() == 2) model.s12_[(s[0] * t + y[0]) * t + y[1]] = p;
      else return bad("operation of 1:0, 0:1, 1:1, 2:1 or 1:2 letters expected");
    } else {
      return bad("unknown line");
    }
  }
  if (!have_floor || model.stop_ <= 0) return Status::InvalidInput(std::string(name) + ": incomplete model");
  model.Finish();
  if (model.ins_total_ >= 1 || model.del_total_ >= 1) return Status::InvalidInput(std::string(name) + ": probabilities do not sum to 1");
  *out = std::move(model);
  return Status::OK();
}

}  // namespace tmkit::names_internal
