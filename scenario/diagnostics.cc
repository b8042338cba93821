// Stage 1 of loading: a JSON text parsed with the place of every value and key, checked for
// bytes that cannot stand in it and for duplicate keys; problems formatted for people, and the
// nearest of a list of words to a misspelt one.
#include "scenario/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

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

// Reads a JSON text that failed to parse again, following its structure, to say where the
// parser was when it failed: the JSON pointer of the value it was reading (or of the object or
// list it was in), the offset of the failure and the library's words for it.
class SyntaxErrorFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit SyntaxErrorFinder(const std::string& text) : text_(text) {}
  std::string pointer;  // of the value being read when the parser failed
  size_t offset = 0;    // of the character at fault
  std::string message;  // the library's, without its prefix

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    begin_value();
    levels_.push_back({true, "", 0, false});
    return true;
  }
  bool key(string_t& k) override {
    levels_.back().key = k;
    levels_.back().in_value = true;
    return true;
  }
  bool end_object() override { return end_container(); }
  bool start_array(std::size_t) override {
    begin_value();
    levels_.push_back({false, "", 0, false});
    return true;
  }
  bool end_array() override { return end_container(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& e) override {
    // The library's position is one past the character at fault; where a whole token is
    // unexpected (a string or number after another, with no comma), the token's start is.
    offset = position > 0 ? position - 1 : 0;
    const std::string what = e.what();
    if ((what.find("unexpected string literal") != std::string::npos ||
         what.find("unexpected number literal") != std::string::npos) &&
        last_token.size() <= position)
      offset = position - last_token.size();
    // A number too large (1e400), or a word that is not a JSON literal (NaN, True, a bare key):
    // where it begins.
    if (what.find("number overflow") != std::string::npos)
      while (offset > 0 && offset <= text_.size() &&
             std::strchr("0123456789.eE+-", text_[offset - 1]) != nullptr)
        --offset;
    if (what.find("invalid literal") != std::string::npos)
      while (offset > 0 && offset <= text_.size() &&
             std::isalnum(static_cast<unsigned char>(text_[offset - 1])))
        --offset;
    for (const auto& level : levels_) {
      if (!level.in_value) break;
      pointer += "/" + (level.object ? pointer_token(level.key) : std::to_string(level.count));
    }
    message = what;
    if (const size_t at = message.find("syntax error"); at != std::string::npos)
      message = message.substr(at);
    else if (const size_t id_end = message.find("] "); id_end != std::string::npos)
      message = message.substr(id_end + 2);
    return false;
  }

 private:
  struct Level {
    bool object;
    std::string key;  // objects: the key of the member being read
    size_t count;     // members or elements read so far
    bool in_value;    // reading a member's or element's value
  };
  void begin_value() {
    if (!levels_.empty() && !levels_.back().object) levels_.back().in_value = true;
  }
  bool value() {
    begin_value();
    end_value();
    return true;
  }
  void end_value() {
    if (levels_.empty()) return;
    levels_.back().in_value = false;
    ++levels_.back().count;
  }
  bool end_container() {
    levels_.pop_back();
    end_value();
    return true;
  }
  const std::string& text_;
  std::vector<Level> levels_;
};

// What a planner most likely did, and how to write it, for the common ways a hand-written file
// breaks JSON's rules; the library's own words when the mistake is none of them.
std::string syntax_hint(const std::string& text, size_t at, const std::string& library) {
  auto has = [&](const char* words) { return library.find(words) != std::string::npos; };
  const char here = at < text.size() ? text[at] : '\0';
  size_t before = at;  // the last character that is not white space, before `at`
  while (before > 0 && std::isspace(static_cast<unsigned char>(text[before - 1]))) --before;
  const char previous = before > 0 ? text[before - 1] : '\0';
  const bool only_space = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
  });
  if (only_space) return "the file is empty; a scenario is a JSON object { ... }";
  if (has("unexpected end of input"))
    return "the file ends before every '{', '[' and '\"' is closed; is it complete?";
  if (has("expected end of input"))
    return "more text after the end of the scenario; a file holds one JSON object { ... }";
  if (has("control character U+000A") || has("control character U+000D"))
    return "a string runs on to the next line: close it with '\"' (write a line break inside "
           "it as \\n)";
  if (has("forbidden character after backslash"))
    return "'\\' in a string starts an escape such as \\n or \\\"; write \\\\ for a backslash";
  if ((here == '}' || here == ']') && previous == ',')
    return "a comma before '" + std::string(1, here) + "': remove the comma after the last entry";
  if (has("invalid literal")) {
    if (here == '/' || here == '#')
      return "JSON has no comments; put notes in \"notes\" or \"description\"";
    if (here == '\'')
      return "strings and keys are written in double quotes \"...\", not single quotes";
    if (has("object key")) return "a key is written in double quotes, e.g. \"horizon\": \"10d\"";
    return "not a JSON value: write a number in digits, text in double quotes, or true, false "
           "or null (in lower case)";
  }
  if ((has("unexpected string literal") || has("unexpected number literal") ||
       has("unexpected '{'") || has("unexpected '['")) &&
      (has("expected '}'") || has("expected ']'"))) {
    // "04" reads as the number 0 followed by the number 4.
    size_t digits = at + 1;
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(text[digits - 1]))) --digits;
    if (here != '\0' && text[digits] == '0' && digits < at)
      return "a number does not start with 0 (write 4, not 04)";
    return "a comma is missing before this entry";
  }
  if (has("number overflow")) return "a number too large for any scenario";
  return library;
}

}  // namespace

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
  } catch (const nlohmann::json::exception&) {
    // Syntax errors, and numbers too large for a double (1e400), which the library reports as
    // out of range: read the text again to place the error in the document's structure.
    SyntaxErrorFinder finder(text_);
    nlohmann::json::sax_parse(text_, &finder);
    const SourceLocation at = location_of(finder.offset);
    error_ = path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
             (finder.pointer.empty() ? "" : finder.pointer + ": ") +
             "not valid JSON: " + syntax_hint(text_, finder.offset, finder.message);
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
