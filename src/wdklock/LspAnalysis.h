//===- LspAnalysis.h - The language server's analyses, off the message loop -*- C++ -*-===//
//
// Each analysis runs this executable again as a child process,
//
//   <self> --format=sarif -o <temp.sarif> [--show-unexplored] [--depth=<preset>]
//          [-p <dir of compile_commands.json>] <file>
//
// With --show-unexplored the log also holds the lock sites that no analysed path reached
// (results of kind "review", level "none"), which become Hint diagnostics.
//
// so that an analyzer crash costs one file's diagnostics and never the server. The exit status
// says what happened: 0 no findings, 1 findings (both with a SARIF log), 2 the file could not
// be analysed (stderr says why); anything else, a crash or a timeout, is reported like 2.
//
// Scheduling, per document URI:
//
//   open/save  --> Gen++; queued unless an analysis of it is running
//   worker     --> takes a queued URI, runs it with the Gen it started from; while it runs,
//                  a newer Gen (a later save, a close) or shutdown kills the child
//   finished   --> published only if Gen is unchanged and the document is open; a changed
//                  Gen queues the URI again; a closed document is forgotten
//   close      --> Gen++, publish an empty list
//
// So one file has at most one analysis at a time, stale results are never published, and
// different files are analysed in parallel, up to the number of workers.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_LSPANALYSIS_H
#define WDKLOCK_LSPANALYSIS_H

#include "LspDiagnostics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/JSON.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace wdklock::lsp {

/// The directory to pass as `-p` for File: the deepest workspace root that contains File and
/// has compile_commands.json in itself or in its build/ subdirectory. ExplicitDir (from the
/// client's initializationOptions.compilationDatabasePath, relative to the first root) wins
/// when it holds compile_commands.json. Nothing means the wrapper's embedded default.
std::optional<std::string> findCompilationDatabase(llvm::ArrayRef<std::string> Roots,
                                                   llvm::StringRef File,
                                                   llvm::StringRef ExplicitDir = "");

/// One file to analyse.
struct AnalysisTask {
  Document Doc;
  std::optional<std::string> CompileDbDir;
  bool ShowUnexplored = true; ///< publish the lock sites not explored as hints
};

class Analyzer {
public:
  struct Options {
    std::string Self;              ///< the wdklock executable to run
    unsigned Workers = 2;          ///< analyses at a time
    unsigned TimeoutSeconds = 300; ///< a child running longer is killed
    bool PathInMessage = false;    ///< also append the path notes to each message
    std::string Depth;             ///< --depth for the analyses; empty: the wrapper's default
  };
  /// Called with the analyser's lock held, so publications for one URI never cross.
  using Publisher = std::function<void(const std::string &Uri, llvm::json::Array)>;

  Analyzer(Options Opts, Publisher Publish);
  ~Analyzer();

  /// The document was opened or saved: analyse it (again).
  void schedule(AnalysisTask Job);
  /// The document was closed: drop any analysis of it and publish an empty list.
  void close(const std::string &Uri);
  /// Kills running children and joins the workers. Idempotent.
  void stop();

private:
  struct Entry {
    AnalysisTask Job;
    uint64_t Gen = 0;
    bool Open = true;
    bool Queued = false;
    bool Running = false;
  };

  void work();
  /// Runs one child; nothing if Cancelled() became true while it ran.
  std::optional<llvm::json::Array> analyse(const AnalysisTask &Job,
                                           llvm::function_ref<bool()> Cancelled);

  Options Opts;
  Publisher Publish;
  std::mutex Lock;
  std::condition_variable Wake;
  std::map<std::string, Entry> Docs;
  std::deque<std::string> Queue;
  bool Stopping = false;
  std::vector<std::thread> Workers;
};

} // namespace wdklock::lsp

#endif
