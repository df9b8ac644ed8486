//===- Report.h - The merged results of a run ---------------------*- C++ -*-===//
//
// Every file's result in file order, all findings merged (a finding in a header that two
// sources include is kept once) and sorted by file, line and column, so the order of the
// children never shows. Also what goes to stderr: the failures and the summary.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_REPORT_H
#define WDKLOCK_WRAPPER_REPORT_H

#include "Coverage.h"
#include "Model.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace wdklock {

struct RunReport {
  std::vector<FileResult> Files;  ///< sorted by file
  std::vector<Finding> Findings;  ///< sorted, without duplicates
  std::map<std::string, unsigned> FindingsPerChecker;
  std::vector<LockSite> Sites; ///< the lock-site ledger, merged (Coverage.h)
  SiteCounts SiteTotals;
  unsigned Analysed = 0;
  unsigned NotAnalysed = 0;
  double Seconds = 0;

  /// 2 when a file was not analysed, else 1 with findings, else 0.
  int exitCode() const;
};

/// Merges the children's results with the files rejected before the run.
RunReport mergeResults(std::vector<FileResult> Results, std::vector<FileResult> Rejected);

/// One block per file that was not analysed: its compiler errors in clang's format, then
/// "wdklock: error: <file>: <reason>". \p ShowChildLog adds a crashed child's log.
void printFailures(llvm::raw_ostream &OS, const RunReport &R, llvm::StringRef Cwd,
                   bool ShowChildLog);

/// "wdklock: analysed 3 of 4 files (1 failed) in 1.2s: 5 findings (wdk.X: 3, wdk.Y: 2)"
std::string summaryLine(const RunReport &R);

} // namespace wdklock

#endif
