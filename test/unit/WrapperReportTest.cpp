//===- WrapperReportTest.cpp - merging results and writing them -----------===//

#include "HtmlIndex.h"
#include "Model.h"
#include "Paths.h"
#include "Report.h"
#include "Sarif.h"
#include "TextWriter.h"
#include "wdklock/Checkers.h"

#include "gtest/gtest.h"

using namespace wdklock;

namespace {

Finding finding(std::string File, unsigned Line, std::string Checker, std::string Text) {
  Finding F;
  F.Checker = std::move(Checker);
  F.Text = std::move(Text);
  F.Loc = {File, Line, 3};
  F.Notes.push_back({{File, Line - 1, 5}, "acquired here"});
  F.Notes.push_back({{File, Line, 3}, F.Text});
  return F;
}

FileResult analysed(std::string File, std::vector<Finding> Findings) {
  FileResult R;
  R.File = std::move(File);
  R.Status = FileStatus::Analysed;
  R.Findings = std::move(Findings);
  return R;
}

TEST(WrapperReport, MergeSortsAndDropsDuplicates) {
  // A header finding reported by two translation units is one finding.
  Finding Header = finding("/s/lock.h", 10, "wdk.QueuedSpinLock", "held");
  std::vector<FileResult> Results = {
      analysed("/s/b.c", {finding("/s/b.c", 30, "wdk.QueuedSpinLockRelease", "twice"),
                          finding("/s/b.c", 7, "wdk.QueuedSpinLock", "held"), Header}),
      analysed("/s/a.c", {Header, finding("/s/a.c", 12, "wdk.QueuedSpinLockRelease", "never")})};
  FileResult Missing;
  Missing.File = "/s/gone.c";
  Missing.Reason = "no such file";
  RunReport R = mergeResults(std::move(Results), {Missing});

  ASSERT_EQ(R.Findings.size(), 4u);
  EXPECT_EQ(R.Findings[0].Loc.File, "/s/a.c");
  EXPECT_EQ(R.Findings[1].Loc.Line, 7u);
  EXPECT_EQ(R.Findings[2].Loc.Line, 30u);
  EXPECT_EQ(R.Findings[3].Loc.File, "/s/lock.h");
  EXPECT_EQ(R.Files[0].File, "/s/a.c");
  EXPECT_EQ(R.Files[2].File, "/s/gone.c");
  EXPECT_EQ(R.Analysed, 2u);
  EXPECT_EQ(R.NotAnalysed, 1u);
  EXPECT_EQ(R.FindingsPerChecker.at("wdk.QueuedSpinLock"), 2u);
  EXPECT_EQ(R.exitCode(), 2);
}

TEST(WrapperReport, ExitCodes) {
  EXPECT_EQ(mergeResults({analysed("/a.c", {})}, {}).exitCode(), 0);
  EXPECT_EQ(mergeResults({analysed("/a.c", {finding("/a.c", 2, "wdk.X", "m")})}, {}).exitCode(),
            1);
  FileResult Crashed;
  Crashed.File = "/b.c";
  Crashed.Status = FileStatus::Crashed;
  EXPECT_EQ(mergeResults({analysed("/a.c", {}), Crashed}, {}).exitCode(), 2);
}

TEST(WrapperReport, SummaryLine) {
  RunReport R = mergeResults({analysed("/a.c", {finding("/a.c", 2, "wdk.Y", "m"),
                                                finding("/a.c", 9, "wdk.X", "n")})},
                             {});
  R.Seconds = 1.26;
  EXPECT_EQ(summaryLine(R), "wdklock: analysed 1 of 1 file in 1.3s: 2 findings (wdk.X: 1, wdk.Y: 1)");
  RunReport Empty = mergeResults({analysed("/a.c", {}), analysed("/b.c", {})}, {});
  EXPECT_EQ(summaryLine(Empty), "wdklock: analysed 2 of 2 files in 0.0s: no findings");
}

TEST(WrapperReport, TextIsClangStyleWithNotes) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(OS, {finding("/w/src/a.c", 12, "wdk.QueuedSpinLockRelease", "never acquired")}, "/w");
  EXPECT_EQ(Out, "src/a.c:12:3: warning: never acquired [wdk.QueuedSpinLockRelease]\n"
                 "src/a.c:11:5: note: acquired here\n"
                 "src/a.c:12:3: note: never acquired\n");
}

TEST(WrapperReport, FailuresShowCompilerErrorsThenTheReason) {
  FileResult F;
  F.File = "/w/bad.c";
  F.Reason = "1 error";
  F.Errors.push_back({{"/w/bad.c", 5, 3}, "unknown type name 'X'"});
  F.Errors.push_back({{}, "no location"});
  RunReport R = mergeResults({F}, {});
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printFailures(OS, R, "/w", false);
  EXPECT_EQ(Out, "bad.c:5:3: error: unknown type name 'X'\n"
                 "error: no location\n"
                 "wdklock: error: bad.c: not analysed: 1 error\n");
}

TEST(WrapperPaths, DisplayAndUri) {
  EXPECT_EQ(displayPath("/w/src/a.c", "/w"), "src/a.c");
  EXPECT_EQ(displayPath("/wx/a.c", "/w"), "/wx/a.c");
  EXPECT_EQ(displayPath("/w/a.c", ""), "/w/a.c");
  EXPECT_EQ(fileUri("/w/my drv/a#1.c"), "file:///w/my%20drv/a%231.c");
  EXPECT_EQ(absolutePath("../b/./c.c", "/w/a"), "/w/b/c.c");
}

TEST(WrapperSarif, OneRunWithRulesResultsFlowsAndNotifications) {
  CheckerCatalog Catalog({{"wdk.QueuedSpinLockRelease", "release", {}},
                          {"wdk.QueuedSpinLock", "queued", {}}});
  FileResult Bad;
  Bad.File = "/w/bad.c";
  Bad.Reason = "1 error";
  Bad.Errors.push_back({{"/w/bad.c", 5, 3}, "unknown type"});
  std::string Msg = "never acquired"; // goes out of scope before the log is printed
  RunReport R = mergeResults(
      {analysed("/w/a.c", {finding("/w/a.c", 12, "wdk.QueuedSpinLockRelease", Msg)}), Bad}, {});
  Msg.assign(Msg.size(), 'x');
  std::string Text;
  llvm::raw_string_ostream(Text) << buildSarif(R, Catalog, "/w");
  auto Log = llvm::json::parse(Text);
  ASSERT_TRUE(bool(Log)) << llvm::toString(Log.takeError());
  const llvm::json::Object *Root = Log->getAsObject();
  EXPECT_EQ(Root->getString("version"), "2.1.0");
  EXPECT_TRUE(Root->getString("$schema"));
  const llvm::json::Object *Run = (*Root->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules =
      Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), 2u);
  EXPECT_EQ((*Rules)[0].getAsObject()->getString("id"), "wdk.QueuedSpinLock");
  EXPECT_EQ((*Rules)[1].getAsObject()->getString("helpUri"),
            std::string(CheckerDocsBase) + "QueuedSpinLockRelease.md");

  const llvm::json::Object *Result = (*Run->getArray("results"))[0].getAsObject();
  EXPECT_EQ(Result->getString("ruleId"), "wdk.QueuedSpinLockRelease");
  EXPECT_EQ(Result->getInteger("ruleIndex"), 1);
  EXPECT_EQ(Result->getObject("message")->getString("text"), "never acquired");
  const llvm::json::Array *Steps = (*(*Result->getArray("codeFlows"))[0]
                                         .getAsObject()
                                         ->getArray("threadFlows"))[0]
                                       .getAsObject()
                                       ->getArray("locations");
  ASSERT_EQ(Steps->size(), 2u);
  const llvm::json::Object *First = (*Steps)[0].getAsObject()->getObject("location");
  EXPECT_EQ(First->getObject("message")->getString("text"), "acquired here");
  EXPECT_EQ(First->getObject("physicalLocation")->getObject("region")->getInteger("startLine"),
            11);
  EXPECT_EQ(First->getObject("physicalLocation")
                ->getObject("artifactLocation")
                ->getString("uri"),
            "file:///w/a.c");

  const llvm::json::Object *Invocation = (*Run->getArray("invocations"))[0].getAsObject();
  EXPECT_EQ(Invocation->getBoolean("executionSuccessful"), false);
  EXPECT_EQ(Invocation->getObject("workingDirectory")->getString("uri"), "file:///w/");
  EXPECT_EQ(Invocation->getArray("toolExecutionNotifications")->size(), 2u);
}

TEST(WrapperSarif, UnknownCheckerGetsARule) {
  CheckerCatalog Catalog(std::vector<CheckerDescription>{{"wdk.QueuedSpinLock", "queued", {}}});
  RunReport R = mergeResults({analysed("/a.c", {finding("/a.c", 3, "wdk.Newer", "m")})}, {});
  llvm::json::Value Log = buildSarif(R, Catalog, "");
  const llvm::json::Object *Run = (*Log.getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules =
      Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), 2u);
  EXPECT_EQ((*Rules)[1].getAsObject()->getString("id"), "wdk.Newer");
  EXPECT_EQ((*Run->getArray("results"))[0].getAsObject()->getInteger("ruleIndex"), 1);
  EXPECT_FALSE((*Run->getArray("invocations"))[0].getAsObject()->get("workingDirectory"));
}

TEST(WrapperHtmlIndex, ReadsClangReportMetadata) {
  HtmlReportInfo Info;
  EXPECT_TRUE(parseHtmlReport("<html>\n<!-- BUGDESC 'h' is released twice -->\n"
                              "<!-- BUGTYPE Release of a lock handle that is not held -->\n"
                              "<!-- BUGFILE /w/a.c -->\n<!-- BUGLINE 20 -->\n"
                              "<!-- BUGCOLUMN 3 -->\n<!-- BUGMETAEND -->\n"
                              "<!-- BUGLINE 99 -->\n",
                              Info));
  EXPECT_EQ(Info.Description, "'h' is released twice");
  EXPECT_EQ(Info.File, "/w/a.c");
  EXPECT_EQ(Info.Line, 20u);
  EXPECT_EQ(Info.Column, 3u);
  EXPECT_EQ(Info.Type, "Release of a lock handle that is not held");
  HtmlReportInfo None;
  EXPECT_FALSE(parseHtmlReport("<html><body>no metadata</body></html>", None));
}

TEST(WrapperModel, JobAndResultSurviveJson) {
  AnalysisJob J;
  J.File = "/w/a.c";
  J.Directory = "/w";
  J.CommandLine = {"clang", "-DX=\"a b\"", "/w/a.c"};
  J.Origin = "the command line";
  J.Settings.Checkers = {"wdk.QueuedSpinLock"};
  J.Settings.CheckerOptions["wdk.QueuedSpinLock:RoleTypes"] = "A;B";
  J.Settings.Plugin = "/p.so";
  J.Settings.Output = NativeOutput::Plist;
  J.Settings.OutputPath = "/o/a.c.plist";
  J.TimeoutSeconds = 300;
  llvm::json::Path::Root Root;
  AnalysisJob Back;
  ASSERT_TRUE(fromJSON(toJSON(J), Back, llvm::json::Path(Root)));
  EXPECT_EQ(Back.CommandLine, J.CommandLine);
  EXPECT_EQ(Back.TimeoutSeconds, 300u);
  EXPECT_EQ(Back.Settings.CheckerOptions, J.Settings.CheckerOptions);
  EXPECT_EQ(Back.Settings.Output, NativeOutput::Plist);

  FileResult R = analysed("/w/a.c", {finding("/w/a.c", 12, "wdk.X", "m")});
  R.Errors.push_back({{"/w/a.h", 1, 2}, "e"});
  FileResult RBack;
  ASSERT_TRUE(fromJSON(toJSON(R), RBack, llvm::json::Path(Root)));
  EXPECT_EQ(RBack.Status, FileStatus::Analysed);
  EXPECT_TRUE(RBack.Findings == R.Findings);
  EXPECT_TRUE(RBack.Errors == R.Errors);

  llvm::json::Value Broken = llvm::json::Object{{"file", "/a.c"}, {"status", "exploded"}};
  EXPECT_FALSE(fromJSON(Broken, RBack, llvm::json::Path(Root)));
}

} // namespace
