//===- Coverage.h - The lock-site ledger of a run ------------------*- C++ -*-===//
//
// The checkers classify every lock call site of each analysed main file (explored, budget,
// not-analysed, unreachable; docs/coverage.md) and write them as JSON lines; the child reads
// them into its FileResult. Here they are merged over the run (one entry per location), counted
// for the summary line
//
//   wdklock: lock sites: 412 explored, 37 not explored (budget) in 9 functions, 3 unreachable
//
// and, with --show-unexplored, written as clang-style notes:
//
//   ioctl.c:46:3: note: lock site not explored (loop bound reached in 'AfterLongLoop')
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_COVERAGE_H
#define WDKLOCK_WRAPPER_COVERAGE_H

#include "Model.h"
#include "llvm/Support/raw_ostream.h"

namespace wdklock {

/// Reads the ledger's JSON lines (wdk.LockModeling:SiteCoverageFile); relative file names
/// are made absolute against \p Directory. False and \p Error on a malformed line.
bool parseSiteLines(llvm::StringRef Text, llvm::StringRef Directory, std::vector<LockSite> &Out,
                    std::string &Error);

struct SiteCounts {
  bool Counted = false;        ///< some analysed file had its ledger collected
  unsigned UncountedFiles = 0; ///< analysed files whose ledger could not be read
  unsigned Explored = 0, Budget = 0, NotAnalysed = 0, Unreachable = 0;
  unsigned BudgetFunctions = 0;      ///< distinct functions with Budget sites
  unsigned NotAnalysedFunctions = 0; ///< distinct functions with NotAnalysed sites
  /// Distinct functions with explored sites whose own analysis stopped early (loop bound, node
  /// budget) before any path reached the end.
  unsigned EndUnreachedFunctions = 0;
  unsigned total() const { return Explored + Budget + NotAnalysed + Unreachable; }
};

/// Every analysed file's sites, sorted by location. A site two jobs saw (a source compiled
/// twice) is kept once, with the status that claims least: explored if any job explored it,
/// else budget, then not-analysed, then unreachable. (Calls that one macro expansion makes
/// share a location; they stay apart, matched between jobs by their order.)
std::vector<LockSite> mergeSites(const std::vector<FileResult> &Files);

/// The counts over \p Files' merged \p Sites.
SiteCounts countSites(const std::vector<LockSite> &Sites, const std::vector<FileResult> &Files);

/// "wdklock: lock sites: 412 explored, 37 not explored (budget) in 9 functions, ..."; empty
/// when nothing was counted.
std::string siteSummaryLine(const SiteCounts &C);

/// The note for a site: "lock site not explored (analysis budget exhausted in 'Foo')",
/// "lock site unreachable (no feasible path reaches it in 'Foo')", ... (the checkers'
/// remarks, word for word).
std::string siteMessage(const LockSite &S);

/// One "file:line:col: note: <siteMessage>" line per site that was not explored.
void writeSiteNotes(llvm::raw_ostream &OS, const std::vector<LockSite> &Sites, llvm::StringRef Cwd);

} // namespace wdklock

#endif
