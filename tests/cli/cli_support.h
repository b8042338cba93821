// What the end-to-end tests of the flowsim command share: a fresh folder per test in which the
// real binary (FLOWSIM_EXE) runs, its output captured, and small helpers for files and text.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace flowsim::cli_test {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Quotes a word for the POSIX shell.
inline std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Result {
  int status = -1;  // the exit status; -1 when flowsim did not exit normally
  int signal = 0;   // the signal that ended flowsim, when one did (start() and finish() only)
  std::string out, err;
};

// A fresh folder for one test, removed afterwards. flowsim runs in work(), which holds only
// what the test puts there and what flowsim writes; its output is captured beside it.
class Sandbox {
 public:
  Sandbox() {
    std::string name = (fs::temp_directory_path() / "flowsim-cli-XXXXXX").string();
    if (mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = name;
    fs::create_directory(work());
  }
  ~Sandbox() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  fs::path work() const { return root_ / "work"; }
  fs::path operator/(const std::string& name) const { return work() / name; }

  void write(const std::string& name, const std::string& text) const {
    write_file(work() / name, text);
  }

  // The names of everything in work(), sorted.
  std::set<std::string> listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(work()))
      names.insert(entry.path().filename().string());
    return names;
  }

  Result run(const std::vector<std::string>& args) const {
    std::string command =
        "cd " + shell_quoted(work().string()) + " && " + shell_quoted(FLOWSIM_EXE);
    for (const auto& a : args) command += " " + shell_quoted(a);
    const fs::path out = root_ / "stdout", err = root_ / "stderr";
    command += " </dev/null >" + shell_quoted(out.string()) + " 2>" + shell_quoted(err.string());
    const int raw = std::system(command.c_str());
    Result r;
    r.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
  }

  // Starts flowsim in work() without waiting for it (for tests that signal it), its output
  // going where run() puts it; finish() waits for it. Returns its process id.
  pid_t start(const std::vector<std::string>& args) const {
    const std::string out = (root_ / "stdout").string(), err = (root_ / "stderr").string();
    const std::string dir = work().string();
    std::vector<std::string> words = {FLOWSIM_EXE};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      // Only async-signal-safe calls between fork and exec.
      const int in = open("/dev/null", O_RDONLY);
      const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || o < 0 || e < 0 || chdir(dir.c_str()) != 0) _exit(127);
      // As from a terminal, even when the tests run in a script's background job, which
      // starts with SIGINT ignored.
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      dup2(in, 0);
      dup2(o, 1);
      dup2(e, 2);
      execv(argv[0], argv.data());
      _exit(127);
    }
    return pid;
  }

  Result finish(pid_t pid) const {
    int raw = 0;
    if (waitpid(pid, &raw, 0) != pid) throw std::runtime_error("waitpid failed");
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.signal = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
    r.out = read_file(root_ / "stdout");
    r.err = read_file(root_ / "stderr");
    return r;
  }

 private:
  fs::path root_;
};

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace flowsim::cli_test
