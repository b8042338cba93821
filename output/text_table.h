// Column-aligned tables for the terminal, as `run` and `estimate` print them.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace flowsim::models {

// Display width in characters: UTF-8 continuation bytes ("±" is two bytes) take no room.
size_t display_width(const std::string& text);

// The rows laid out in columns two spaces apart, the first row a header with a rule under it.
// Columns for which `left(c)` holds are left-aligned (names), the others right-aligned
// (numbers); a left-aligned last column is not padded, so no line ends in spaces.
std::string render_table(const std::vector<std::vector<std::string>>& rows,
                         const std::function<bool(size_t column)>& left);

}  // namespace flowsim::models
