#include "output/text_table.h"

#include <algorithm>
#include <sstream>

namespace flowsim::models {

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string render_table(const std::vector<std::vector<std::string>>& rows,
                         const std::function<bool(size_t column)>& left) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  std::ostringstream out;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t c = 0; c < rows[i].size(); ++c) {
      const std::string& s = rows[i][c];
      const std::string pad(width[c] - display_width(s), ' ');
      const bool last = c + 1 == rows[i].size();
      out << (c ? "  " : "") << (left(c) ? (last ? s : s + pad) : pad + s);
    }
    out << '\n';
    if (i == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      out << std::string(total - 2, '-') << '\n';
    }
  }
  return out.str();
}

}  // namespace flowsim::models
