#include "models/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace flowsim::models {
namespace {

// Records where every value and key of a (syntactically valid) JSON text begins, keyed by
// JSON pointer. Also finds duplicate keys, which the JSON library silently collapses.
class LocationScanner {
 public:
  LocationScanner(const std::string& text, std::map<std::string, size_t>& values,
                  std::map<std::string, size_t>& keys)
      : s_(text), values_(values), keys_(keys) {}

  std::string duplicate;  // pointer of the first duplicate key found
  size_t duplicate_at = 0;

  void scan() {
    // The library skips a UTF-8 byte order mark; so must the scanner, or nothing is placed.
    if (s_.rfind("\xEF\xBB\xBF", 0) == 0) i_ = 3;
    skip_ws();
    value("");
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  std::string string_token() {
    const size_t begin = i_++;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    ++i_;
    // The library decodes escapes exactly as it did when it parsed the document.
    return nlohmann::json::parse(s_.substr(begin, i_ - begin)).get<std::string>();
  }
  void value(const std::string& pointer) {
    values_.emplace(pointer, i_);
    if (s_[i_] == '{') {
      ++i_;
      skip_ws();
      if (s_[i_] == '}') {
        ++i_;
        return;
      }
      for (;;) {
        skip_ws();
        const size_t key_at = i_;
        const std::string child = pointer + "/" + pointer_token(string_token());
        if (!keys_.emplace(child, key_at).second && duplicate.empty()) {
          duplicate = child;
          duplicate_at = key_at;
        }
        skip_ws();
        ++i_;  // ':'
        skip_ws();
        value(child);
        skip_ws();
        if (s_[i_++] == '}') return;
      }
    } else if (s_[i_] == '[') {
      ++i_;
      skip_ws();
      if (s_[i_] == ']') {
        ++i_;
        return;
      }
      for (size_t index = 0;; ++index) {
        skip_ws();
        value(pointer + "/" + std::to_string(index));
        skip_ws();
        if (s_[i_++] == ']') return;
      }
    } else if (s_[i_] == '"') {
      string_token();
    } else {
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' &&
             s_[i_] != '\n' && s_[i_] != '\r' && s_[i_] != '\t')
        ++i_;
    }
  }

  const std::string& s_;
  std::map<std::string, size_t>& values_;
  std::map<std::string, size_t>& keys_;
  size_t i_ = 0;
};

// The deepest nesting of arrays and objects, counted without recursion so that a hostile file
// cannot exhaust the stack before it is refused.
int nesting_depth(const std::string& text, size_t& where) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) {
        deepest = depth;
        where = i;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// The offset of the first byte that cannot stand in a UTF-8 JSON text: a NUL (which the JSON
// library takes as the end of the input, silently ignoring what follows) or a byte that is not
// part of a well-formed UTF-8 sequence; npos when there is none.
size_t first_bad_byte(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    const size_t length = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
    if (length == 0 || i + length > s.size()) return i;
    for (size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += length;
  }
  return std::string::npos;
}

}  // namespace

JsonSource::JsonSource(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  size_t deep_at = 0;
  if (nesting_depth(text_, deep_at) > kMaxDepth) {
    const SourceLocation at = location_of(deep_at);
    error_ = path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
             ": nesting deeper than " + std::to_string(kMaxDepth) +
             " levels; a scenario file is never this deep";
    return;
  }
  if (const size_t bad = first_bad_byte(text_); bad != std::string::npos) {
    const SourceLocation at = location_of(bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text_[bad]));
    error_ =
        path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
        (text_[bad] == '\0' ? ": not a text file (byte 0x00 here); a scenario is a JSON text file"
                            : ": not UTF-8 text (byte " + std::string(byte) +
                                  " here); save the scenario as UTF-8");
    return;
  }
  try {
    document_ = nlohmann::json::parse(text_);
  } catch (const nlohmann::json::parse_error& e) {
    // The library's byte is one past the offending character.
    const SourceLocation at = location_of(e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    const size_t colon = what.find("syntax error");
    what = colon == std::string::npos ? what : what.substr(colon);
    error_ = path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
             ": not valid JSON: " + what;
    return;
  }
  LocationScanner scanner(text_, values_, keys_);
  scanner.scan();
  if (!scanner.duplicate.empty()) {
    const SourceLocation at = location_of(scanner.duplicate_at);
    error_ = path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
             scanner.duplicate + ": this key appears twice in the same object; keep one";
  }
}

SourceLocation JsonSource::location_of(size_t offset) const {
  SourceLocation loc{1, 1};
  offset = std::min(offset, text_.size());
  const size_t bom = text_.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // not a column of its own
  for (size_t i = std::min(bom, offset); i < offset; ++i) {
    if (text_[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
      ++loc.column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return loc;
}

SourceLocation JsonSource::value_location(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    auto it = values_.find(p);
    if (it != values_.end()) return location_of(it->second);
    const size_t slash = p.rfind('/');
    if (slash == std::string::npos) return SourceLocation{};
    p = p.substr(0, slash);
  }
}

SourceLocation JsonSource::key_location(const std::string& pointer) const {
  auto it = keys_.find(pointer);
  return it != keys_.end() ? location_of(it->second) : value_location(pointer);
}

std::string Diagnostic::format() const {
  std::string out = file;
  if (where.line > 0) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  if (!out.empty()) out += ": ";
  if (!pointer.empty()) out += pointer + ": ";
  return out + message;
}

std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // Edits to turn a into b: insertions, deletions, substitutions and swaps of two neighbouring
  // letters ("wrad" for "ward" is one slip, not two), ignoring case.
  auto distance = [](const std::string& a, const std::string& b) {
    auto same = [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) ==
             std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        const size_t substitute = d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1);
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitute});
        if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  };
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& c : candidates) {
    const size_t d = distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close means at most a third of the word is wrong (and at least one edit is forgiven).
  const size_t allowed = std::max<size_t>(1, std::max(word.size(), best.size()) / 3);
  // ...and some of it is right: "b" is not a slip for "a".
  return best_distance <= allowed && best_distance < word.size() ? best : "";
}

InvalidInput::InvalidInput(std::vector<Diagnostic> problems)
    : std::runtime_error(problems.empty() ? "invalid input" : problems.front().format()),
      problems_(std::move(problems)) {}

}  // namespace flowsim::models
