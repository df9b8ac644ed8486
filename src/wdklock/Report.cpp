//===- Report.cpp - Merge results; failures and summary --------------------===//

#include "Report.h"
#include "Paths.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"

namespace wdklock {

int RunReport::exitCode() const {
  if (NotAnalysed)
    return 2;
  return Findings.empty() ? 0 : 1;
}

RunReport mergeResults(std::vector<FileResult> Results, std::vector<FileResult> Rejected) {
  RunReport R;
  R.Files = std::move(Results);
  for (FileResult &F : Rejected)
    R.Files.push_back(std::move(F));
  llvm::stable_sort(R.Files, [](const FileResult &A, const FileResult &B) {
    return A.File < B.File;
  });
  for (const FileResult &F : R.Files) {
    if (F.Status == FileStatus::Analysed)
      ++R.Analysed;
    else
      ++R.NotAnalysed;
    R.Findings.insert(R.Findings.end(), F.Findings.begin(), F.Findings.end());
  }
  llvm::sort(R.Findings);
  R.Findings.erase(std::unique(R.Findings.begin(), R.Findings.end()), R.Findings.end());
  for (const Finding &F : R.Findings)
    ++R.FindingsPerChecker[F.Checker];
  R.Sites = mergeSites(R.Files);
  R.SiteTotals = countSites(R.Sites, R.Files);
  return R;
}

void printFailures(llvm::raw_ostream &OS, const RunReport &R, llvm::StringRef Cwd,
                   bool ShowChildLog) {
  for (const FileResult &F : R.Files) {
    if (F.Status == FileStatus::Analysed)
      continue;
    for (const Message &E : F.Errors) {
      if (!E.Loc.File.empty())
        OS << displayPath(E.Loc.File, Cwd) << ":" << E.Loc.Line << ":" << E.Loc.Column << ": ";
      OS << "error: " << E.Text << "\n";
    }
    OS << "wdklock: error: " << displayPath(F.File, Cwd) << ": not analysed: " << F.Reason
       << "\n";
    if (ShowChildLog && !F.ChildLog.empty())
      OS << F.ChildLog << (llvm::StringRef(F.ChildLog).ends_with("\n") ? "" : "\n");
  }
}

std::string summaryLine(const RunReport &R) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  unsigned Total = R.Analysed + R.NotAnalysed;
  OS << "wdklock: analysed " << R.Analysed << " of " << Total
     << (Total == 1 ? " file" : " files");
  if (R.NotAnalysed)
    OS << " (" << R.NotAnalysed << " failed)";
  OS << " in " << llvm::format("%.1f", R.Seconds) << "s: ";
  if (R.Findings.empty()) {
    OS << "no findings";
    return S;
  }
  OS << R.Findings.size() << (R.Findings.size() == 1 ? " finding (" : " findings (");
  bool First = true;
  for (const auto &[Checker, Count] : R.FindingsPerChecker) {
    OS << (First ? "" : ", ") << Checker << ": " << Count;
    First = false;
  }
  OS << ")";
  return S;
}

} // namespace wdklock
