// Problems found in a scenario, each tied to a place in a file.
//
// A user's mistake is reported kindly, all problems at once, each as
//   file:line:column: /json/pointer: what is wrong and how to write it
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flowsim::models {

struct SourceLocation {
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
};

// A JSON document together with where each of its values (and object keys) stands in the text.
class JsonSource {
 public:
  // Parses text. On a syntax error, nesting deeper than kMaxDepth or a duplicate key, ok() is
  // false and error() says what and where.
  JsonSource(std::string path, std::string text);

  static constexpr int kMaxDepth = 64;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  const nlohmann::json& document() const { return document_; }
  // Where the value at this JSON pointer begins; its nearest ancestor's place when the pointer
  // is not in the document (a missing key is reported at the object that lacks it).
  SourceLocation value_location(const std::string& pointer) const;
  // Where the key of the member at this pointer begins (for unknown keys); falls back to
  // value_location.
  SourceLocation key_location(const std::string& pointer) const;
  bool contains(const std::string& pointer) const { return values_.count(pointer) > 0; }

 private:
  SourceLocation location_of(size_t offset) const;
  std::string path_, text_, error_;
  nlohmann::json document_;
  std::map<std::string, size_t> values_, keys_;
};

struct Diagnostic {
  std::string file;
  SourceLocation where;
  std::string pointer;
  std::string message;
  std::string format() const;
};

// The offset of the first byte that cannot stand in a UTF-8 JSON text: a NUL (which the JSON
// library takes as the end of the input, silently ignoring what follows) or a byte that is not
// part of a well-formed UTF-8 sequence; std::string::npos when there is none.
size_t first_bad_byte(const std::string& text);

// Escapes one reference token for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_token(const std::string& key);

// The closest of the candidates to a misspelt word, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// Thrown when a scenario or the command line is invalid (exit status 2).
class InvalidInput : public std::runtime_error {
 public:
  explicit InvalidInput(std::vector<Diagnostic> problems);
  const std::vector<Diagnostic>& problems() const { return problems_; }

 private:
  std::vector<Diagnostic> problems_;
};

}  // namespace flowsim::models
