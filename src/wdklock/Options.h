//===- Options.h - The wdklock command line -----------------------*- C++ -*-===//
//
//   wdklock [options] [<source>...] [-- <compiler args>]
//
// Parsed by hand so that every mistake gets one clear line and --help says exactly what is
// accepted.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_OPTIONS_H
#define WDKLOCK_WRAPPER_OPTIONS_H

#include "Depth.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace wdklock {

enum class OutputFormat { Text, Sarif, Html, Plist };

/// The largest --timeout: a day.
inline constexpr unsigned MaxTimeoutSeconds = 86400;

struct Options {
  std::vector<std::string> Sources;
  /// The arguments after "--"; set (possibly empty) only when "--" was given.
  std::optional<std::vector<std::string>> CompilerArgs;
  std::string CompileDbPath;  ///< -p
  std::string Checks;         ///< --checks, empty when not given
  std::string ConfigFile;     ///< --config
  unsigned Jobs = 0;          ///< -j; 0: one per core
  unsigned TimeoutSeconds = 0; ///< --timeout; 0: none
  OutputFormat Format = OutputFormat::Text;
  std::string Output;         ///< -o; empty: stdout (text, sarif)
  std::string Plugin;         ///< --plugin
  bool StaticCheckers = false;
  std::string Target;         ///< --target, for the default flags
  std::string WdkInclude;     ///< --wdk-include, for the default flags
  AnalysisDepth Depth = AnalysisDepth::Default; ///< --depth
  bool ShowUnexplored = false;                  ///< --show-unexplored
  bool Quiet = false;
  bool Verbose = false;
  bool ShowHelp = false;
  bool ShowVersion = false;
  bool ListChecks = false;
};

/// Parses the arguments after the program name. On a usage error returns nullopt and sets
/// \p Error to one line (without the "wdklock: error: " prefix).
std::optional<Options> parseOptions(llvm::ArrayRef<const char *> Args, std::string &Error);

/// The --help text.
std::string helpText();

/// "text", "sarif", ...
llvm::StringRef formatName(OutputFormat F);

} // namespace wdklock

#endif
