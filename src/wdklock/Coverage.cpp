//===- Coverage.cpp - Merge, count and show the lock-site ledger -----------===//

#include "Coverage.h"
#include "Paths.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

namespace json = llvm::json;

namespace wdklock {

bool parseSiteLines(llvm::StringRef Text, llvm::StringRef Directory, std::vector<LockSite> &Out,
                    std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Text.split(Lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.empty())
      continue;
    llvm::Expected<json::Value> V = json::parse(Line);
    if (!V) {
      Error = "lock-site data: " + llvm::toString(V.takeError());
      return false;
    }
    const json::Object *O = V->getAsObject();
    LockSite S;
    std::optional<llvm::StringRef> File = O ? O->getString("file") : std::nullopt;
    std::optional<int64_t> Line1 = O ? O->getInteger("line") : std::nullopt;
    std::optional<int64_t> Col = O ? O->getInteger("column") : std::nullopt;
    std::optional<llvm::StringRef> Status = O ? O->getString("status") : std::nullopt;
    if (!File || !Line1 || !Col || !Status || !parseSiteStatus(*Status, S.Status) || *Line1 < 0 ||
        *Col < 0 || *Line1 > UINT32_MAX || *Col > UINT32_MAX) {
      Error = "lock-site data: unexpected line '" + Line.str() + "'";
      return false;
    }
    S.Loc = {File->empty() ? std::string() : absolutePath(*File, Directory), unsigned(*Line1),
             unsigned(*Col)};
    S.Function = O->getString("function").value_or("").str();
    S.Routine = O->getString("routine").value_or("").str();
    S.Reason = O->getString("reason").value_or("").str();
    S.FunctionEndUnreached = O->getBoolean("function_end_unreached").value_or(false);
    Out.push_back(std::move(S));
  }
  return true;
}

/// Lower claims less: the order in which merged duplicates win.
static unsigned claimRank(SiteStatus S) {
  switch (S) {
  case SiteStatus::Explored:
    return 0;
  case SiteStatus::Budget:
    return 1;
  case SiteStatus::NotAnalysed:
    return 2;
  case SiteStatus::Unreachable:
    return 3;
  }
  return 3;
}

std::vector<LockSite> mergeSites(const std::vector<FileResult> &Files) {
  // Sites are told apart by location and, for the calls one macro expansion makes at one
  // location, by their order there.
  struct Keyed {
    LockSite Site;
    unsigned Occurrence;
  };
  std::vector<Keyed> All;
  for (const FileResult &F : Files) {
    if (F.Status != FileStatus::Analysed)
      continue;
    std::vector<LockSite> Own = F.Sites;
    llvm::stable_sort(Own, [](const LockSite &A, const LockSite &B) { return A.Loc < B.Loc; });
    for (size_t I = 0; I < Own.size(); ++I) {
      unsigned Occurrence = I && Own[I - 1].Loc == Own[I].Loc ? All.back().Occurrence + 1 : 0;
      All.push_back({Own[I], Occurrence});
    }
  }
  llvm::stable_sort(All, [](const Keyed &A, const Keyed &B) {
    if (!(A.Site.Loc == B.Site.Loc))
      return A.Site.Loc < B.Site.Loc;
    if (A.Occurrence != B.Occurrence)
      return A.Occurrence < B.Occurrence;
    return claimRank(A.Site.Status) < claimRank(B.Site.Status);
  });
  // Of the entries for one site (from jobs that analysed the same source), the first claims
  // least.
  std::vector<LockSite> Out;
  for (size_t I = 0; I < All.size(); ++I)
    if (I == 0 || !(All[I - 1].Site.Loc == All[I].Site.Loc) ||
        All[I - 1].Occurrence != All[I].Occurrence)
      Out.push_back(All[I].Site);
  return Out;
}

SiteCounts countSites(const std::vector<LockSite> &Sites, const std::vector<FileResult> &Files) {
  SiteCounts C;
  for (const FileResult &F : Files) {
    if (F.Status != FileStatus::Analysed)
      continue;
    C.Counted |= F.SitesCounted;
    C.UncountedFiles += !F.SitesCounted;
  }
  if (!C.Counted)
    C.UncountedFiles = 0;
  llvm::StringSet<> BudgetFns, NotAnalysedFns, EndUnreachedFns;
  for (const LockSite &S : Sites) {
    // A static function's name can recur in another file: functions are told apart by file.
    std::string Fn = S.Loc.File + '\0' + S.Function;
    switch (S.Status) {
    case SiteStatus::Explored:
      ++C.Explored;
      if (S.FunctionEndUnreached)
        EndUnreachedFns.insert(Fn);
      break;
    case SiteStatus::Budget:
      ++C.Budget;
      BudgetFns.insert(Fn);
      break;
    case SiteStatus::NotAnalysed:
      ++C.NotAnalysed;
      NotAnalysedFns.insert(Fn);
      break;
    case SiteStatus::Unreachable:
      ++C.Unreachable;
      break;
    }
  }
  C.BudgetFunctions = BudgetFns.size();
  C.NotAnalysedFunctions = NotAnalysedFns.size();
  // A function with unexplored budget sites is already counted as such.
  for (const auto &Fn : EndUnreachedFns)
    C.EndUnreachedFunctions += !BudgetFns.contains(Fn.getKey());
  return C;
}

static std::string functions(unsigned N) {
  return std::to_string(N) + (N == 1 ? " function" : " functions");
}

std::string siteSummaryLine(const SiteCounts &C) {
  if (!C.Counted)
    return "";
  if (C.total() == 0 && !C.UncountedFiles)
    return "wdklock: lock sites: none in the analysed files (calls in system headers are not "
           "counted)";
  std::string S = "wdklock: lock sites: " + std::to_string(C.Explored) + " explored";
  if (C.Budget)
    S += ", " + std::to_string(C.Budget) + " not explored (budget) in " +
         functions(C.BudgetFunctions);
  if (C.NotAnalysed)
    S += ", " + std::to_string(C.NotAnalysed) +
         " not explored (not analysed on its own) in " + functions(C.NotAnalysedFunctions);
  if (C.Unreachable)
    S += ", " + std::to_string(C.Unreachable) + " unreachable";
  if (C.UncountedFiles)
    S += " (" + std::to_string(C.UncountedFiles) + (C.UncountedFiles == 1 ? " file" : " files") +
         " not counted)";
  if (C.EndUnreachedFunctions)
    S += "; in " + functions(C.EndUnreachedFunctions) +
         " no analysed path reached the end (loop bound or budget), so a lock still held at "
         "return there was not checked";
  return S;
}

std::string siteMessage(const LockSite &S) {
  const std::string Fn = "'" + S.Function + "'";
  switch (S.Status) {
  case SiteStatus::Explored:
    return "lock site explored (in " + Fn + ")";
  case SiteStatus::Budget:
    return "lock site not explored (" +
           (S.Reason.empty() ? std::string("analysis budget exhausted") : S.Reason) + " in " + Fn +
           ")";
  case SiteStatus::NotAnalysed:
    return "lock site not explored (" + Fn + " " +
           (S.Reason.empty() ? std::string("was only analysed through its callers") : S.Reason) +
           ")";
  case SiteStatus::Unreachable:
    return "lock site unreachable (no feasible path reaches it in " + Fn + ")";
  }
  return "";
}

void writeSiteNotes(llvm::raw_ostream &OS, const std::vector<LockSite> &Sites,
                    llvm::StringRef Cwd) {
  for (const LockSite &S : Sites) {
    if (S.Status == SiteStatus::Explored)
      continue;
    if (!S.Loc.File.empty())
      OS << displayPath(S.Loc.File, Cwd) << ":" << S.Loc.Line << ":" << S.Loc.Column << ": ";
    OS << "note: " << siteMessage(S) << "\n";
  }
}

} // namespace wdklock
