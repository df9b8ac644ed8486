//===- Options.cpp - Parse the wdklock command line -----------------------===//

#include "Options.h"


namespace wdklock {

static const std::pair<const char *, OutputFormat> FormatNames[] = {
    {"text", OutputFormat::Text},
    {"sarif", OutputFormat::Sarif},
    {"html", OutputFormat::Html},
    {"plist", OutputFormat::Plist}};

llvm::StringRef formatName(OutputFormat F) {
  for (const auto &[Name, Value] : FormatNames)
    if (Value == F)
      return Name;
  return "text";
}

std::string helpText() {
  return R"(USAGE: wdklock [options] [<source>...] [-- <compiler args>]

Finds Windows driver lock bugs (in-stack queued and StorPort spin locks) with the
Clang Static Analyzer and the wdk checkers.

Where the compile flags come from, for each source:
  - the compiler args after '--', when given ('clang <args> <source>');
  - else its entry in compile_commands.json (from -p, or the nearest one in the
    source's directory or above);
  - else the default: --target=x86_64-w64-mingw32, wdklock's DDK compatibility
    headers (a WDK-shaped storport.h) and mingw-w64's DDK headers
    (-isystem <inc>/ddk -isystem <inc>), the C errors MSVC only warns about
    made warnings, and for C++ the macros <ntddk.h> needs, so 'wdklock
    driver.c' needs no flags (docs/usage.md lists them).
With -p and no sources, every C/C++ entry of the database is analysed.

OPTIONS:
  -p <dir>               Directory with compile_commands.json (or the file itself).
  --checks=<globs>       Comma-separated checker globs applied in order to the set
                         'wdk.*'; a leading '-' removes ('-*,wdk.QueuedSpinLock').
  --config=<file>        Read settings from <file> instead of the nearest
                         .wdklock.yaml (keys: Checks, CheckOptions).
  --list-checks          List the checkers and their options, then exit.
  -j <n>                 Analyse <n> files at once (default: one per core).
  --timeout=<seconds>    Stop the analysis of a file that has not finished after
                         <seconds> of wall-clock time (default: no limit). The
                         file counts as not analysed (exit status 2, no findings
                         from it); the other files' results are kept. Not
                         supported on Windows.
  --format=<fmt>         text (default), sarif (one SARIF 2.1.0 log), html (the
                         analyzer's reports plus index.html; needs -o <dir>), or
                         plist (one analyzer plist per file; needs -o <dir>).
  -o <path>              Output file for text and sarif ('-' or absent: stdout);
                         output directory for html and plist.
  --depth=<preset>       The analyzer's budgets (nodes per function, loop bound,
                         inlining): quick (about a tenth of the default node
                         budget, loops cut after 2 visits, shallow inlining),
                         default (the analyzer's own), or deep (4x the nodes,
                         loops walked to 17 visits, so a constant bound of 16
                         runs to its end, and widened past that; deeper
                         inlining; slower).
  --show-unexplored      List every lock call site that no analysed path
                         reached, and why (budget, not analysed on its own,
                         unreachable): text and html/plist as
                         'file:line:col: note: lock site not explored (...)'
                         lines on stdout (or the -o file; html also in
                         index.html), sarif as results of kind 'review'. See
                         docs/coverage.md.
  --plugin=<file>        Load the checkers from this WdkLockCheckers plugin.
  --static-checkers      Use the checkers built into wdklock; loads no plugin.
                         Default: the plugin installed next to wdklock
                         (../lib/WdkLockCheckers.so or ../lib/wdklock/), else the
                         built-in checkers.
  --target=<triple>      Target of the default flags (x86_64-w64-mingw32).
  --wdk-include=<dir>    Include directory holding ddk/ for the default flags
                         (default: /usr/<target>/include).
  -q, --quiet            No summary, progress or notes on stderr; errors only.
  -v, --verbose          Print each compile command; show a crashed analysis's log.
  --version              Print the version and the clang it was built for.
  -h, --help             Print this help.
  --lsp                  Run the language server on stdin/stdout (first argument).

OUTPUT:
  text: 'file:line:col: warning: <message> [wdk.<checker>]', then its path notes
  'file:line:col: note: <note>', sorted by file and line. A summary (files,
  failures, findings per checker, time) goes to stderr, then the lock sites
  ('wdklock: lock sites: 412 explored, 37 not explored (budget) in 9
  functions, 3 unreachable'; it also says when no analysed path reached the
  end of a function), and a progress line when stderr is a terminal.
  Sites that were not explored are not findings: they do not change the exit
  status.

EXIT STATUS:
  0  no findings        1  findings
  2  a file could not be analysed (compile error, missing file, crash,
     timeout) or the command line, compilation database or configuration is
     wrong; the other files' results are still written.
)";
}

namespace {

/// Walks the argument list; understands "--name=value", "--name value", "-x value" and
/// "-xvalue".
class ArgReader {
public:
  explicit ArgReader(llvm::ArrayRef<const char *> Args) : Args(Args) {}

  bool done() const { return I >= Args.size(); }
  llvm::StringRef current() const { return Args[I]; }
  void next() { ++I; }

  /// True when the current argument is the long option \p Name (with or without
  /// "=value"); the value, if any, is then read with value().
  bool isLong(llvm::StringRef Name) const {
    llvm::StringRef A = current();
    return A == Name || (A.starts_with(Name) && A.substr(Name.size()).starts_with("="));
  }
  /// True when the current argument is the short option \p Name ("-p", "-pdir", "-p=dir").
  bool isShort(llvm::StringRef Name) const { return current().starts_with(Name); }

  /// The value of the option \p Name that is the current argument; advances past it.
  std::optional<std::string> value(llvm::StringRef Name, std::string &Error) {
    llvm::StringRef A = current();
    llvm::StringRef Rest = A.substr(Name.size());
    ++I;
    if (Rest.consume_front("=") || !Rest.empty())
      return Rest.str();
    if (I >= Args.size()) {
      Error = "option '" + Name.str() + "' needs a value";
      return std::nullopt;
    }
    return std::string(Args[I++]);
  }

  std::vector<std::string> rest() {
    std::vector<std::string> R(Args.begin() + I, Args.end());
    I = Args.size();
    return R;
  }

private:
  llvm::ArrayRef<const char *> Args;
  size_t I = 0;
};

bool parseFormat(llvm::StringRef S, OutputFormat &F) {
  for (const auto &[Name, Value] : FormatNames)
    if (S == Name) {
      F = Value;
      return true;
    }
  return false;
}

} // namespace

std::optional<Options> parseOptions(llvm::ArrayRef<const char *> Args, std::string &Error) {
  Options O;
  ArgReader R(Args);
  // Each string-valued option, by spelling.
  struct StringOption {
    const char *Name;
    bool Short;
    std::string Options::*Field;
  };
  const StringOption StringOptions[] = {
      {"-p", true, &Options::CompileDbPath},  {"-o", true, &Options::Output},
      {"--checks", false, &Options::Checks},  {"--config", false, &Options::ConfigFile},
      {"--plugin", false, &Options::Plugin},  {"--target", false, &Options::Target},
      {"--wdk-include", false, &Options::WdkInclude}};
  struct FlagOption {
    const char *Name;
    const char *Alias;
    bool Options::*Field;
  };
  const FlagOption Flags[] = {{"--static-checkers", nullptr, &Options::StaticCheckers},
                              {"--quiet", "-q", &Options::Quiet},
                              {"--verbose", "-v", &Options::Verbose},
                              {"--help", "-h", &Options::ShowHelp},
                              {"--version", nullptr, &Options::ShowVersion},
                              {"--list-checks", nullptr, &Options::ListChecks},
                              {"--show-unexplored", nullptr, &Options::ShowUnexplored}};

  while (!R.done()) {
    llvm::StringRef A = R.current();
    if (A == "--") {
      R.next();
      O.CompilerArgs = R.rest();
      break;
    }
    if (A == "-" || !A.starts_with("-")) {
      O.Sources.push_back(A.str());
      R.next();
      continue;
    }
    bool Matched = false;
    for (const FlagOption &F : Flags)
      if (A == F.Name || (F.Alias && A == F.Alias)) {
        O.*F.Field = true;
        R.next();
        Matched = true;
        break;
      }
    if (Matched)
      continue;
    for (const StringOption &S : StringOptions)
      if (S.Short ? R.isShort(S.Name) : R.isLong(S.Name)) {
        auto V = R.value(S.Name, Error);
        if (!V)
          return std::nullopt;
        if (V->empty()) {
          Error = "option '" + std::string(S.Name) + "' needs a value";
          return std::nullopt;
        }
        O.*S.Field = *V;
        Matched = true;
        break;
      }
    if (Matched)
      continue;
    if (R.isLong("--format")) {
      auto V = R.value("--format", Error);
      if (!V)
        return std::nullopt;
      if (!parseFormat(*V, O.Format)) {
        Error = "unknown format '" + *V + "' (text, sarif, html or plist)";
        return std::nullopt;
      }
      continue;
    }
    if (R.isLong("--depth")) {
      auto V = R.value("--depth", Error);
      if (!V)
        return std::nullopt;
      std::optional<AnalysisDepth> D = parseDepth(*V);
      if (!D) {
        Error = "unknown depth '" + *V + "' (quick, default or deep)";
        return std::nullopt;
      }
      O.Depth = *D;
      continue;
    }
    if (R.isLong("--timeout")) {
      auto V = R.value("--timeout", Error);
      if (!V)
        return std::nullopt;
      unsigned N = 0;
      if (llvm::StringRef(*V).getAsInteger(10, N) || N == 0 || N > MaxTimeoutSeconds) {
        Error = "--timeout needs a number of seconds from 1 to " +
                std::to_string(MaxTimeoutSeconds) + ", not '" + *V + "'";
        return std::nullopt;
      }
      O.TimeoutSeconds = N;
      continue;
    }
    if (R.isShort("-j")) {
      auto V = R.value("-j", Error);
      if (!V)
        return std::nullopt;
      unsigned N = 0;
      if (llvm::StringRef(*V).getAsInteger(10, N) || N == 0 || N > 1024) {
        Error = "-j needs a number of jobs from 1 to 1024, not '" + *V + "'";
        return std::nullopt;
      }
      O.Jobs = N;
      continue;
    }
    if (A == "--lsp") {
      Error = "--lsp must be the first argument";
      return std::nullopt;
    }
    Error = "unknown option '" + A.str() + "' (see 'wdklock --help')";
    return std::nullopt;
  }

  if (O.ShowHelp || O.ShowVersion || O.ListChecks)
    return O;
  if (O.Plugin.size() && O.StaticCheckers) {
    Error = "--plugin and --static-checkers exclude each other";
    return std::nullopt;
  }
  if ((O.Format == OutputFormat::Html || O.Format == OutputFormat::Plist) &&
      (O.Output.empty() || O.Output == "-")) {
    Error = "--format=" + formatName(O.Format).str() + " writes a directory; give -o <dir>";
    return std::nullopt;
  }
  if (O.CompilerArgs && O.Sources.empty()) {
    Error = "compiler args after '--' need source files before '--'";
    return std::nullopt;
  }
  if (O.CompilerArgs && (!O.Target.empty() || !O.WdkInclude.empty())) {
    Error = "--target and --wdk-include shape the default flags; after '--' give the "
            "compiler args themselves";
    return std::nullopt;
  }
  if (O.Sources.empty() && O.CompileDbPath.empty()) {
    Error = "no input files (give sources, or -p <dir> to analyse a compile_commands.json)";
    return std::nullopt;
  }
  return O;
}

} // namespace wdklock
