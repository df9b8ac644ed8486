//===- Model.h - What a run analyses and what it finds ------------*- C++ -*-===//
//
// The values that travel between the parts of the wrapper, and between the parent process
// and its analysis children (as JSON files):
//
//   AnalysisJob  one compile command plus the analyzer settings for it (parent -> child)
//   FileResult   what the analysis of one job produced            (child -> parent)
//   LockSite     one lock call site and whether the analysis explored it (in a FileResult)
//
// Findings carry absolute paths; writers decide how to show them.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_MODEL_H
#define WDKLOCK_WRAPPER_MODEL_H

#include "llvm/Support/JSON.h"
#include <map>
#include <string>
#include <vector>

namespace wdklock {

/// Where the analyzer should write its own per-file reports, besides our findings.
enum class NativeOutput { None, Html, Plist };

/// The analyzer settings of one job.
struct AnalysisSettings {
  std::vector<std::string> Checkers;               ///< enabled checker names
  std::map<std::string, std::string> CheckerOptions; ///< "wdk.X:Option" -> value
  std::string Plugin;             ///< checker plugin to load; empty: registered in-process
  NativeOutput Output = NativeOutput::None;
  std::string OutputPath;         ///< HTML: a directory; plist: a file
  std::string ResourceDir;        ///< clang's resource directory (builtin headers)
  std::string Depth = "default";  ///< the --depth preset (Depth.h)
  bool CountSites = false;        ///< collect the lock-site ledger (the checkers have one)
};

/// One compile command to analyse.
struct AnalysisJob {
  std::string File;                     ///< the source, absolute
  std::string Directory;                ///< the command's working directory
  std::vector<std::string> CommandLine; ///< compiler, arguments and the source
  std::string Origin;                   ///< where the command came from, for messages
  AnalysisSettings Settings;
  unsigned TimeoutSeconds = 0;          ///< wall-clock limit of the child; 0: none
};

struct Location {
  std::string File; ///< absolute; empty when the diagnostic has no location
  unsigned Line = 0;
  unsigned Column = 0;
};

/// A path note or a compiler diagnostic.
struct Message {
  Location Loc;
  std::string Text;
};

/// One analyzer report.
struct Finding {
  std::string Checker;
  std::string Text;
  Location Loc;
  std::vector<Message> Notes; ///< in path order
};

/// What the analysis did with a lock call site (docs/coverage.md).
enum class SiteStatus {
  Explored,    ///< some analysed path evaluated the call
  Budget,      ///< its function ran out of a budget (nodes, loop bound) before reaching it
  NotAnalysed, ///< its function was only analysed through callers, none of which reached it
  Unreachable, ///< its function was analysed to the end and no path reaches it
};

/// One lock call site of a main file, as the checkers' site ledger classified it.
struct LockSite {
  Location Loc; ///< absolute
  std::string Function;
  std::string Routine; ///< the lock routine called there
  SiteStatus Status = SiteStatus::Explored;
  std::string Reason; ///< Budget, NotAnalysed: why ("loop bound reached", ...)
  /// Explored, in a function whose own analysis stopped early (loop bound, node budget) before
  /// any path reached its end.
  bool FunctionEndUnreached = false;
};

enum class FileStatus {
  Analysed, ///< the analyzer ran to the end
  Failed,   ///< the file could not be analysed (compile errors, missing file, ...)
  Crashed,  ///< the analysis process died
};

struct FileResult {
  std::string File;
  FileStatus Status = FileStatus::Failed;
  std::string Reason;           ///< Failed/Crashed: why, in a few words
  std::vector<Message> Errors;  ///< compiler errors, at most a handful
  std::vector<Finding> Findings;
  std::string OutputPath;       ///< the analyzer's own report (HTML dir, plist file)
  bool SitesCounted = false;    ///< the site ledger was collected (Sites is complete)
  std::vector<LockSite> Sites;  ///< every lock call site of the main file
  std::string ChildLog;         ///< parent only: what a failed child wrote on stderr
};

bool operator==(const Location &A, const Location &B);
bool operator<(const Location &A, const Location &B);
bool operator==(const Message &A, const Message &B);
bool operator==(const Finding &A, const Finding &B);
/// File, line, column, then checker, text and notes: the order every writer uses.
bool operator<(const Finding &A, const Finding &B);

/// "explored", "budget", "not-analysed", "unreachable": the ledger's own names.
const char *siteStatusName(SiteStatus S);
bool parseSiteStatus(llvm::StringRef Name, SiteStatus &S);

llvm::json::Value toJSON(const AnalysisJob &J);
bool fromJSON(const llvm::json::Value &V, AnalysisJob &J, llvm::json::Path P);
llvm::json::Value toJSON(const FileResult &R);
bool fromJSON(const llvm::json::Value &V, FileResult &R, llvm::json::Path P);

/// Reads a JSON file into \p Out; false and \p Error on failure.
template <typename T> bool readJSONFile(llvm::StringRef Path, T &Out, std::string &Error);
/// Writes \p V to \p Path; false and \p Error on failure.
bool writeJSONFile(llvm::StringRef Path, const llvm::json::Value &V, std::string &Error);

} // namespace wdklock

#endif
