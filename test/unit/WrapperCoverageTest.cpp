//===- WrapperCoverageTest.cpp - the lock-site ledger in the wrapper -------===//

#include "Coverage.h"
#include "Depth.h"
#include "Model.h"
#include "Report.h"
#include "Sarif.h"

#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "gtest/gtest.h"

using namespace wdklock;

namespace {

LockSite site(std::string File, unsigned Line, SiteStatus Status, std::string Function,
              std::string Reason = "") {
  LockSite S;
  S.Loc = {std::move(File), Line, 3};
  S.Function = std::move(Function);
  S.Routine = "KeAcquireInStackQueuedSpinLock";
  S.Status = Status;
  S.Reason = std::move(Reason);
  return S;
}

FileResult analysed(std::string File, std::vector<LockSite> Sites) {
  FileResult R;
  R.File = std::move(File);
  R.Status = FileStatus::Analysed;
  R.SitesCounted = true;
  R.Sites = std::move(Sites);
  return R;
}

TEST(WrapperCoverage, ParsesTheLedgerLines) {
  std::vector<LockSite> Sites;
  std::string Error;
  ASSERT_TRUE(parseSiteLines(
      "{\"column\":3,\"file\":\"src/a.c\",\"function\":\"F\",\"line\":46,\"reason\":\"loop "
      "bound reached\",\"routine\":\"KeAcquireInStackQueuedSpinLock\",\"status\":\"budget\"}\n"
      "\n"
      "{\"column\":5,\"file\":\"/abs/b.c\",\"function\":\"G\",\"line\":7,\"routine\":\"R\","
      "\"status\":\"explored\"}\n",
      "/w", Sites, Error))
      << Error;
  ASSERT_EQ(Sites.size(), 2u);
  EXPECT_EQ(Sites[0].Loc.File, "/w/src/a.c");
  EXPECT_EQ(Sites[0].Loc.Line, 46u);
  EXPECT_EQ(Sites[0].Status, SiteStatus::Budget);
  EXPECT_EQ(Sites[0].Reason, "loop bound reached");
  EXPECT_EQ(Sites[1].Loc.File, "/abs/b.c");
  EXPECT_EQ(Sites[1].Status, SiteStatus::Explored);

  EXPECT_FALSE(parseSiteLines("{\"file\":\"a.c\",\"line\":1,\"column\":1,\"status\":\"maybe\"}",
                              "/w", Sites, Error));
  EXPECT_FALSE(parseSiteLines("not json", "/w", Sites, Error));
}

TEST(WrapperCoverage, MergeKeepsTheWeakestClaimOncePerSite) {
  // a.c compiled twice: one job explored line 10, the other ran out of budget there; line 20
  // holds two calls from one macro expansion, unreachable in one job and budget in the other.
  std::vector<FileResult> Files = {
      analysed("/w/a.c", {site("/w/a.c", 10, SiteStatus::Budget, "F", "loop bound reached"),
                          site("/w/a.c", 20, SiteStatus::Unreachable, "F"),
                          site("/w/a.c", 20, SiteStatus::Unreachable, "F")}),
      analysed("/w/a.c", {site("/w/a.c", 10, SiteStatus::Explored, "F"),
                          site("/w/a.c", 20, SiteStatus::Budget, "F", "loop bound reached"),
                          site("/w/a.c", 20, SiteStatus::Budget, "F", "loop bound reached")})};
  std::vector<LockSite> Merged = mergeSites(Files);
  ASSERT_EQ(Merged.size(), 3u);
  EXPECT_EQ(Merged[0].Status, SiteStatus::Explored);
  EXPECT_EQ(Merged[1].Status, SiteStatus::Budget);
  EXPECT_EQ(Merged[2].Status, SiteStatus::Budget);
}

TEST(WrapperCoverage, CountsAndSummary) {
  FileResult NotCounted = analysed("/w/c.c", {});
  NotCounted.SitesCounted = false;
  FileResult Failed;
  Failed.File = "/w/bad.c";
  RunReport R = mergeResults(
      {analysed("/w/a.c", {site("/w/a.c", 1, SiteStatus::Explored, "F"),
                           site("/w/a.c", 2, SiteStatus::Budget, "F", "loop bound reached"),
                           site("/w/a.c", 3, SiteStatus::Budget, "G", "analysis budget exhausted"),
                           site("/w/a.c", 4, SiteStatus::Unreachable, "G")}),
       analysed("/w/b.c", {site("/w/b.c", 1, SiteStatus::Budget, "F", "loop bound reached"),
                           site("/w/b.c", 2, SiteStatus::NotAnalysed, "H")}),
       Failed},
      {});
  EXPECT_EQ(siteSummaryLine(R.SiteTotals),
            "wdklock: lock sites: 1 explored, 3 not explored (budget) in 3 functions, 1 not "
            "explored (not analysed on its own) in 1 function, 1 unreachable");
  EXPECT_EQ(R.exitCode(), 2); // the failed file, not the sites

  RunReport WithUncounted = mergeResults({analysed("/w/a.c", {}), NotCounted}, {});
  EXPECT_EQ(siteSummaryLine(WithUncounted.SiteTotals),
            "wdklock: lock sites: 0 explored (1 file not counted)");
  EXPECT_EQ(siteSummaryLine(mergeResults({analysed("/w/a.c", {})}, {}).SiteTotals),
            "wdklock: lock sites: none in the analysed files (calls in system headers are not counted)");
  EXPECT_EQ(siteSummaryLine(mergeResults({NotCounted}, {}).SiteTotals), "");

  // Explored sites in functions no path of which reached the end: counted once per function,
  // and not for a function already counted for its budget sites.
  LockSite EndF = site("/w/a.c", 1, SiteStatus::Explored, "F");
  EndF.FunctionEndUnreached = true;
  LockSite EndF2 = EndF, EndG = EndF;
  EndF2.Loc.Line = 2;
  EndG.Loc.Line = 3;
  EndG.Function = "G";
  RunReport Ends = mergeResults(
      {analysed("/w/a.c", {EndF, EndF2, EndG, site("/w/a.c", 4, SiteStatus::Budget, "G")})}, {});
  EXPECT_EQ(siteSummaryLine(Ends.SiteTotals),
            "wdklock: lock sites: 3 explored, 1 not explored (budget) in 1 function; in 1 "
            "function no analysed path reached the end (loop bound or budget), so a lock still "
            "held at return there was not checked");
  EXPECT_EQ(mergeResults({analysed("/w/a.c", {site("/w/a.c", 2, SiteStatus::Budget, "F")})}, {})
                .exitCode(),
            0);
}

TEST(WrapperCoverage, NotesAreClangStyleAndSkipExploredSites) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeSiteNotes(OS,
                 {site("/w/a.c", 1, SiteStatus::Explored, "F"),
                  site("/w/a.c", 2, SiteStatus::Budget, "F", "analysis budget exhausted"),
                  site("/w/a.c", 3, SiteStatus::NotAnalysed, "H",
                       "was only analysed through its callers, and no caller's path reached it"),
                  site("/w/a.c", 4, SiteStatus::Unreachable, "G")},
                 "/w");
  EXPECT_EQ(Out, "a.c:2:3: note: lock site not explored (analysis budget exhausted in 'F')\n"
                 "a.c:3:3: note: lock site not explored ('H' was only analysed through its "
                 "callers, and no caller's path reached it)\n"
                 "a.c:4:3: note: lock site unreachable (no feasible path reaches it in 'G')\n");
}

TEST(WrapperCoverage, SarifReviewResultsAndCounts) {
  CheckerCatalog Catalog(std::vector<CheckerDescription>{{"wdk.QueuedSpinLock", "queued", {}}});
  RunReport R = mergeResults(
      {analysed("/w/a.c", {site("/w/a.c", 1, SiteStatus::Explored, "F"),
                           site("/w/a.c", 2, SiteStatus::Budget, "F", "loop bound reached")})},
      {});
  std::string Text;
  llvm::raw_string_ostream(Text) << buildSarif(R, Catalog, "/w", /*WithSites=*/true);
  auto Log = llvm::json::parse(Text);
  ASSERT_TRUE(bool(Log)) << llvm::toString(Log.takeError());
  const llvm::json::Object *Run = (*Log->getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules = Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), 2u);
  EXPECT_EQ((*Rules)[1].getAsObject()->getString("id"), CoverageRuleId);
  const llvm::json::Array *Results = Run->getArray("results");
  ASSERT_EQ(Results->size(), 1u);
  const llvm::json::Object *Res = (*Results)[0].getAsObject();
  EXPECT_EQ(Res->getString("kind"), "review");
  EXPECT_EQ(Res->getString("level"), "none");
  EXPECT_EQ(Res->getInteger("ruleIndex"), 1);
  EXPECT_EQ(Res->getObject("message")->getString("text"),
            "lock site not explored (loop bound reached in 'F')");
  EXPECT_EQ(Res->getObject("properties")->getString("status"), "budget");
  const llvm::json::Object *Counts = (*Run->getArray("invocations"))[0]
                                         .getAsObject()
                                         ->getObject("properties")
                                         ->getObject("lockSites");
  EXPECT_EQ(Counts->getInteger("explored"), 1);
  EXPECT_EQ(Counts->getInteger("budget"), 1);

  // Without WithSites: the counts, no site results and no coverage rule.
  Text.clear();
  llvm::raw_string_ostream(Text) << buildSarif(R, Catalog, "/w");
  EXPECT_EQ(Text.find("wdk.coverage"), std::string::npos);
  EXPECT_NE(Text.find("lockSites"), std::string::npos);
}

TEST(WrapperCoverage, ResultJsonCarriesTheSites) {
  FileResult R = analysed("/w/a.c", {site("/w/a.c", 2, SiteStatus::Budget, "F", "why")});
  std::string Text;
  llvm::raw_string_ostream(Text) << toJSON(R);
  FileResult Back;
  llvm::json::Path::Root Root;
  ASSERT_TRUE(fromJSON(*llvm::json::parse(Text), Back, llvm::json::Path(Root)));
  EXPECT_TRUE(Back.SitesCounted);
  ASSERT_EQ(Back.Sites.size(), 1u);
  EXPECT_EQ(Back.Sites[0].Status, SiteStatus::Budget);
  EXPECT_EQ(Back.Sites[0].Reason, "why");

  R.SitesCounted = false;
  Text.clear();
  llvm::raw_string_ostream(Text) << toJSON(R);
  ASSERT_TRUE(fromJSON(*llvm::json::parse(Text), Back, llvm::json::Path(Root)));
  EXPECT_FALSE(Back.SitesCounted);
}

TEST(WrapperDepth, PresetsOrderTheBudgets) {
  EXPECT_EQ(parseDepth("deep"), AnalysisDepth::Deep);
  EXPECT_FALSE(parseDepth("deeper"));
  EXPECT_EQ(depthName(AnalysisDepth::Quick), "quick");

  clang::AnalyzerOptions Default, Quick, Deep;
  Default.MaxNodesPerTopLevelFunction = Quick.MaxNodesPerTopLevelFunction =
      Deep.MaxNodesPerTopLevelFunction = 225000;
  Default.maxBlockVisitOnPath = Quick.maxBlockVisitOnPath = Deep.maxBlockVisitOnPath = 4;
  // A default-constructed AnalyzerOptions leaves the -analyzer-config fields
  // uninitialised; the frontend fills them, so the test does too.
  Default.ShouldWidenLoops = Quick.ShouldWidenLoops = Deep.ShouldWidenLoops = false;
  applyDepth(Default, AnalysisDepth::Default);
  applyDepth(Quick, AnalysisDepth::Quick);
  applyDepth(Deep, AnalysisDepth::Deep);
  EXPECT_EQ(Default.MaxNodesPerTopLevelFunction, 225000u);
  EXPECT_EQ(Default.maxBlockVisitOnPath, 4u);
  EXPECT_LT(Quick.MaxNodesPerTopLevelFunction, Default.MaxNodesPerTopLevelFunction);
  EXPECT_GT(Deep.MaxNodesPerTopLevelFunction, Default.MaxNodesPerTopLevelFunction);
  EXPECT_LT(Quick.maxBlockVisitOnPath, Default.maxBlockVisitOnPath);
  EXPECT_GE(Deep.maxBlockVisitOnPath, 17u); // a constant bound of 16 runs to its end
  EXPECT_TRUE(Deep.ShouldWidenLoops);       // the checker makes a widened frame's handles unknown
  EXPECT_FALSE(Default.ShouldWidenLoops);
  EXPECT_FALSE(Quick.ShouldWidenLoops);
}

} // namespace
