//===- HtmlIndex.h - index.html over the analyzer's HTML reports ---*- C++ -*-===//
//
// With --format=html each source's analysis writes clang's own HTML reports
// (report-<hash>.html, one per finding, with the annotated path) into <out>/<source name>/.
// index.html lists every file with its status and links each report, labelled with the
// metadata clang puts at the top of a report (BUGDESC, BUGFILE, BUGLINE, ...), the same
// comments scan-build builds its index from. With --show-unexplored it also lists, per file,
// the lock sites the analysis did not reach.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_HTMLINDEX_H
#define WDKLOCK_WRAPPER_HTMLINDEX_H

#include "Report.h"
#include <string>

namespace wdklock {

/// The metadata of one clang HTML report.
struct HtmlReportInfo {
  std::string Page;        ///< file name of the report page
  std::string Description; ///< BUGDESC
  std::string File;        ///< BUGFILE
  unsigned Line = 0;       ///< BUGLINE
  unsigned Column = 0;     ///< BUGCOLUMN
  std::string Type;        ///< BUGTYPE
};

/// Reads the "<!-- KEY value -->" comments of a clang HTML report; false when \p Html has
/// none (not a report).
bool parseHtmlReport(llvm::StringRef Html, HtmlReportInfo &Info);

/// Writes <OutDir>/index.html; with \p ShowUnexplored, each file's section also lists its lock
/// sites that no analysed path reached. False and \p Error when it cannot be written.
bool writeHtmlIndex(llvm::StringRef OutDir, const RunReport &Report, llvm::StringRef Cwd,
                    bool ShowUnexplored, std::string &Error);

} // namespace wdklock

#endif
