// The mined names as TSV, JSON, TBX v3 proposals and an HTML review page (docs/names.md).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "tmkit/name_mining.h"
#include "tmkit/tbx.h"

namespace tmkit {
namespace {

std::string Date(int64_t t) {
  if (t == 0) return "";
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A TSV field cannot hold a tab or a line break.
std::string Cell(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Ids(const std::vector<uint64_t>& ids) {
  std::string out;
  for (uint64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

std::string MinedNamesTsv(const std::vector<MinedName>& names) {
  std::string out;
  for (const MinedName& m : names) {
    std::string variants;
    for (const NameVariant& v : m.variants) {
      if (!variants.empty()) variants += '|';
      variants += Cell(v.form) + ":" + std::to_string(v.count);
    }
    out += Cell(m.english) + "\t" + Cell(m.target) + "\t" + std::to_string(m.rendered) + "\t" + Fixed(m.score, 3) +
           "\t" + m.status + "\t" + variants + "\n";
  }
  return out;
}

std::string MinedNamesJson(const std::vector<MinedName>& names) {
  nlohmann::json all = nlohmann::json::array();
  for (const MinedName& m : names) {
    nlohmann::json variants = nlohmann::json::array();
    for (const NameVariant& v : m.variants) {
      variants.push_back({{"form", v.form},
                          {"count", v.count},
                          {"first_seen", Date(v.first_seen)},
                          {"last_seen", Date(v.last_seen)},
                          {"units", v.unit_ids},
                          {"sample", {{"source", v.sample_source}, {"target", v.sample_target}}}});
    }
    nlohmann::json j = {{"english", m.english}, {"target", m.target},   {"count", m.rendered},
                        {"mentions", m.mentions}, {"score", m.score}, {"status", m.status},
                        {"kind", m.translated ? "translated" : "transliterated"}, {"variants", variants}};
    if (!m.glossary_form.empty()) j["glossary"] = m.glossary_form;
    all.push_back(std::move(j));
  }
  return all.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string MinedNamesTbx(const std::vector<MinedName>& names, std::string_view tgt_lang) {
  Glossary g;
  int n = 0;
  for (const MinedName& m : names) {
    Concept c;
    c.id = "mined-" + std::to_string(++n);
    std::string units;
    for (const NameVariant& v : m.variants) {
      units += (units.empty() ? "" : "; ") + v.form + " " + std::to_string(v.count) + "x (units " + Ids(v.unit_ids) + ")";
    }
    c.note = "proposal mined from the archive (" + m.status + ", " + (m.translated ? "translated" : "transliterated") +
             "): " + std::to_string(m.mentions) + " mentions, " + std::to_string(m.rendered) + " rendered: " + units;
    Term en;
    en.text = m.english;
    en.lang = "en";
    en.status = TermStatus::kPreferred;
    c.terms.push_back(en);
    for (const NameVariant& v : m.variants) {
      Term t;
      t.text = v.form;
      t.lang = std::string(tgt_lang);
      t.status = v.form == m.target ? TermStatus::kPreferred
                 : v.count * 10 >= m.rendered ? TermStatus::kAdmitted
                                              : TermStatus::kDeprecated;
      t.note = std::to_string(v.count) + " of " + std::to_string(m.rendered);
      c.terms.push_back(std::move(t));
    }
    g.concepts().push_back(std::move(c));
  }
  return WriteTbx(g, TbxVersion::kV3, "en");
}

std::string MinedNamesHtml(const std::vector<MinedName>& names, std::string_view tgt_lang) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tmkit names mine</title>\n<style>"
      "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
      "padding:4px;vertical-align:top}.inconsistent,.conflicts{background:#fee}.agrees{background:#efe}"
      ".sample{color:#555;font-size:85%}</style></head><body>\n<h1>Names mined from the archive</h1>\n<table>\n"
      "<tr><th>English</th><th>Rendering</th><th>Status</th><th>Mentions</th><th>Variants</th></tr>\n";
  for (const MinedName& m : names) {
    out += "<tr class=\"" + Html(m.status) + "\"><td>" + Html(m.english) + "</td><td lang=\"" + Html(tgt_lang) +
           "\" dir=\"auto\">" + Html(m.target) + "</td><td>" + Html(m.status) +
           (m.glossary_form.empty() ? "" : " (glossary: " + Html(m.glossary_form) + ")") + "</td><td>" +
           std::to_string(m.rendered) + " / " + std::to_string(m.mentions) + "</td><td>";
    for (const NameVariant& v : m.variants) {
      out += "<div><b dir=\"auto\">" + Html(v.form) + "</b> &times;" + std::to_string(v.count) + " " +
             Html(Date(v.first_seen)) + (v.last_seen != v.first_seen ? "&ndash;" + Html(Date(v.last_seen)) : "") +
             "<div class=\"sample\">" + Html(v.sample_source) + "<br><span dir=\"auto\">" + Html(v.sample_target) +
             "</span></div></div>";
    }
    out += "</td></tr>\n";
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace tmkit
