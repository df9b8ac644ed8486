//===- HtmlIndex.cpp - index.html over the analyzer's HTML reports ---------===//

#include "HtmlIndex.h"
#include "Coverage.h"
#include "Paths.h"

#include "wdklock/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <tuple>

namespace wdklock {

bool parseHtmlReport(llvm::StringRef Html, HtmlReportInfo &Info) {
  bool Any = false;
  while (!Html.empty()) {
    auto [Line, Rest] = Html.split('\n');
    Html = Rest;
    Line = Line.trim();
    if (!Line.consume_front("<!-- ") || !Line.consume_back(" -->"))
      continue;
    auto [Key, Value] = Line.split(' ');
    if (Key == "BUGMETAEND")
      break;
    Any = true;
    if (Key == "BUGDESC")
      Info.Description = Value.str();
    else if (Key == "BUGFILE")
      Info.File = Value.str();
    else if (Key == "BUGTYPE")
      Info.Type = Value.str();
    else if (Key == "BUGLINE")
      Value.getAsInteger(10, Info.Line);
    else if (Key == "BUGCOLUMN")
      Value.getAsInteger(10, Info.Column);
  }
  return Any && !Info.Description.empty();
}

static std::string escape(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '&':
      Out += "&amp;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// The reports one analysis wrote into its directory, in file and line order.
static std::vector<HtmlReportInfo> reportsIn(llvm::StringRef Dir) {
  std::vector<HtmlReportInfo> Reports;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (!Name.starts_with("report-") || !Name.ends_with(".html"))
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(It->path());
    HtmlReportInfo Info;
    Info.Page = Name.str();
    if (Buffer && parseHtmlReport((*Buffer)->getBuffer(), Info))
      Reports.push_back(std::move(Info));
  }
  llvm::sort(Reports, [](const HtmlReportInfo &A, const HtmlReportInfo &B) {
    return std::tie(A.File, A.Line, A.Column, A.Description, A.Page) <
           std::tie(B.File, B.Line, B.Column, B.Description, B.Page);
  });
  return Reports;
}

/// The checker of the finding a report shows (clang's report names only the bug type).
static std::string checkerOf(const HtmlReportInfo &Info, const RunReport &Report) {
  for (const Finding &F : Report.Findings)
    if (F.Loc.File == Info.File && F.Loc.Line == Info.Line && F.Text == Info.Description)
      return F.Checker;
  return Info.Type;
}

static const char Style[] =
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
    "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
    "th{background:#eee}.failed{color:#b00}.ok{color:#070}.sites{color:#555}code{font-size:90%}";

/// The lock sites of \p File that no analysed path reached, as a table (--show-unexplored).
static void writeSiteTable(llvm::raw_ostream &OS, llvm::StringRef File, const RunReport &Report,
                           llvm::StringRef Cwd) {
  std::vector<const LockSite *> Sites;
  for (const LockSite &S : Report.Sites)
    if (S.Status != SiteStatus::Explored && S.Loc.File == File)
      Sites.push_back(&S);
  if (Sites.empty())
    return;
  OS << "<p class=\"sites\">Lock sites not explored (not findings; see docs/coverage.md):</p>\n"
     << "<table class=\"sites\">\n<tr><th>Location</th><th>Routine</th><th>Why</th></tr>\n";
  for (const LockSite *S : Sites)
    OS << "<tr><td><code>" << escape(displayPath(S->Loc.File, Cwd)) << ":" << S->Loc.Line << ":"
       << S->Loc.Column << "</code></td><td>" << escape(S->Routine) << "</td><td>"
       << escape(siteMessage(*S)) << "</td></tr>\n";
  OS << "</table>\n";
}

static void writeFileSection(llvm::raw_ostream &OS, const FileResult &F,
                             const RunReport &Report, llvm::StringRef Cwd, bool ShowUnexplored) {
  OS << "<h2><code>" << escape(displayPath(F.File, Cwd)) << "</code></h2>\n";
  if (F.Status != FileStatus::Analysed) {
    OS << "<p class=\"failed\">Not analysed: " << escape(F.Reason) << "</p>\n";
    if (!F.Errors.empty()) {
      OS << "<ul>\n";
      for (const Message &E : F.Errors)
        OS << "<li><code>" << escape(displayPath(E.Loc.File, Cwd)) << ":" << E.Loc.Line << ":"
           << E.Loc.Column << "</code>: " << escape(E.Text) << "</li>\n";
      OS << "</ul>\n";
    }
    return;
  }
  std::vector<HtmlReportInfo> Reports =
      F.OutputPath.empty() ? std::vector<HtmlReportInfo>() : reportsIn(F.OutputPath);
  if (Reports.empty()) {
    OS << "<p class=\"ok\">No findings.</p>\n";
  } else {
    llvm::StringRef SubName = llvm::sys::path::filename(F.OutputPath);
    OS << "<table>\n<tr><th>Location</th><th>Checker</th><th>Finding</th><th>Report</th></tr>\n";
    for (const HtmlReportInfo &R : Reports) {
      std::string Href = SubName.str() + "/" + R.Page;
      OS << "<tr><td><code>" << escape(displayPath(R.File, Cwd)) << ":" << R.Line << ":"
         << R.Column << "</code></td><td>" << escape(checkerOf(R, Report)) << "</td><td>"
         << escape(R.Description) << "</td><td><a href=\"" << escape(Href)
         << "\">path</a></td></tr>\n";
    }
    OS << "</table>\n";
  }
  if (ShowUnexplored)
    writeSiteTable(OS, F.File, Report, Cwd);
}

bool writeHtmlIndex(llvm::StringRef OutDir, const RunReport &Report, llvm::StringRef Cwd,
                    bool ShowUnexplored, std::string &Error) {
  llvm::SmallString<256> Path(OutDir);
  llvm::sys::path::append(Path, "index.html");
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = std::string(Path) + ": " + EC.message();
    return false;
  }
  OS << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
     << "<title>wdklock report</title>\n<style>" << Style << "</style></head><body>\n"
     << "<h1>wdklock " << WDKLOCK_VERSION << " report</h1>\n<p>"
     << Report.Analysed << " of " << Report.Files.size() << " files analysed, "
     << Report.Findings.size() << " findings.</p>\n";
  for (const FileResult &F : Report.Files)
    writeFileSection(OS, F, Report, Cwd, ShowUnexplored);
  OS << "</body></html>\n";
  OS.close();
  if (OS.has_error()) {
    Error = std::string(Path) + ": " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

} // namespace wdklock
