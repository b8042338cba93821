// The help of flowsim and of each subcommand, made from their CLI11 parsers: the usage lines
// and the option lists follow the options as they are declared, so the help cannot drift from
// what the parser accepts.
#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/command.h"

namespace flowsim::cli {

namespace {

constexpr size_t kWidth = 100;        // the help's lines, at most
constexpr size_t kOptionColumn = 22;  // where an option's description starts
// A command with more options than this says "[options]" in its usage line instead of each.
constexpr size_t kOptionsInUsage = 3;

// `words` joined by spaces, starting at column `column`, onto lines of at most kWidth columns;
// each line after the first is indented to `indent`.
std::string wrap(const std::vector<std::string>& words, size_t column, size_t indent) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty() && column + 1 + word.size() > kWidth) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (!out.empty()) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

class Help : public CLI::Formatter {
 public:
  Help() { column_width(kOptionColumn); }

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (app->get_parent() == nullptr) return overview(*app);
    const std::string usage = "Usage: " + name + " ";
    std::string out = usage + wrap(synopsis(*app, false), usage.size(), usage.size()) + "\n";
    out += make_groups(app, mode);
    out += "\n" + make_footer(app);
    return out;
  }

 private:
  // The options a command takes, its help aside.
  static std::vector<const CLI::Option*> options_of(const CLI::App& command) {
    return command.get_options(
        [&](const CLI::Option* o) { return o->nonpositional() && o != command.get_help_ptr(); });
  }

  // A command's arguments: its positionals, then each option (or "[options]" when there are
  // more than kOptionsInUsage, or `brief`), a repeatable one with "...".
  std::vector<std::string> synopsis(const CLI::App& command, bool brief) const {
    std::vector<std::string> words;
    for (const CLI::Option* o :
         command.get_options([](const CLI::Option* o) { return o->get_positional(); }))
      words.push_back(make_option_name(o, true));
    const auto options = options_of(command);
    if (options.empty()) return words;
    if (brief || options.size() > kOptionsInUsage) {
      words.push_back("[options]");
      return words;
    }
    for (const CLI::Option* o : options) {
      const bool many = o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
      words.push_back("[" + make_option_name(o, false) + make_option_opts(o) +
                      (many ? " ...]" : "]"));
    }
    return words;
  }

  // flowsim's own help: what it is, each command with what it does, then the footer.
  std::string overview(const CLI::App& flowsim) const {
    const auto commands =
        flowsim.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); });
    std::vector<std::string> lines;
    for (const CLI::App* c : commands) {
      std::string line = "  " + flowsim.get_name() + " " + c->get_name();
      for (const auto& word : synopsis(*c, true)) line += " " + word;
      lines.push_back(line);
    }
    size_t column = 0;
    for (const auto& line : lines) column = std::max(column, line.size() + 2);
    std::string out = flowsim.get_description() + "\n\nUsage:\n";
    for (size_t i = 0; i < commands.size(); ++i) {
      out += lines[i] + std::string(column - lines[i].size(), ' ') +
             wrap(words_of(commands[i]->get_description()), column, column) + "\n";
    }
    std::string own;
    for (const CLI::Option* o : options_of(flowsim))
      own += (own.empty() ? "" : " | ") + o->get_name();
    if (const CLI::Option* help = flowsim.get_help_ptr())
      own = help->get_name() + (own.empty() ? "" : " | " + own);
    out += "  " + flowsim.get_name() + " " + own + "\n";
    return out + "\n" + make_footer(&flowsim);
  }
};

}  // namespace

std::shared_ptr<CLI::FormatterBase> make_help_formatter() {
  return std::make_shared<Help>();
}

}  // namespace flowsim::cli
