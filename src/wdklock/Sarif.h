//===- Sarif.h - One SARIF 2.1.0 log for the whole run -------------*- C++ -*-===//
//
// runs[0].tool.driver.rules: one rule per wdk checker (id = checker name, descriptions,
// helpUri = CheckerDocsBase + name + ".md"). results: one per finding, ruleId/ruleIndex,
// the warning's location, and a codeFlow whose threadFlow walks the path notes, so GitHub
// code scanning and VS Code's SARIF viewer show the path. invocations[0] says whether every
// file was analysed, names the working directory, and carries one error notification per
// compiler error and per file that was not analysed; its properties.lockSites holds the
// lock-site counts.
//
// With the lock sites that were not explored (--show-unexplored), each is one more result:
// ruleId "wdk.coverage" (a rule whose helpUri is docs/coverage.md), kind "review", level
// "none", the site's note as the message, and properties {status, reason, function,
// routine}. They come after the findings, sorted by location. Consumers that show only
// problems (kind "fail") leave them out; the language server shows them as hints.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_SARIF_H
#define WDKLOCK_WRAPPER_SARIF_H

#include "Catalog.h"
#include "Report.h"
#include "llvm/Support/JSON.h"

namespace wdklock {

/// The rule id of the results for lock sites that were not explored.
inline constexpr const char *CoverageRuleId = "wdk.coverage";

/// \p Cwd becomes invocations[0].workingDirectory, the base code scanning uses to make the
/// absolute file URIs relative to the checkout. \p WithSites adds a "review" result per lock
/// site that was not explored.
llvm::json::Value buildSarif(const RunReport &Report, const CheckerCatalog &Catalog,
                             llvm::StringRef Cwd, bool WithSites = false);

} // namespace wdklock

#endif
