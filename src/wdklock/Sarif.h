//===- Sarif.h - One SARIF 2.1.0 log for the whole run -------------*- C++ -*-===//
//
// runs[0].tool.driver.rules: one rule per wdk checker (id = checker name, descriptions,
// helpUri = CheckerDocsBase + name + ".md"). results: one per finding, ruleId/ruleIndex,
// the warning's location, and a codeFlow whose threadFlow walks the path notes, so GitHub
// code scanning and VS Code's SARIF viewer show the path. invocations[0] says whether every
// file was analysed, names the working directory, and carries one error notification per
// compiler error and per file that was not analysed.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_SARIF_H
#define WDKLOCK_WRAPPER_SARIF_H

#include "Catalog.h"
#include "Report.h"
#include "llvm/Support/JSON.h"

namespace wdklock {

/// \p Cwd becomes invocations[0].workingDirectory, the base code scanning uses to make the
/// absolute file URIs relative to the checkout.
llvm::json::Value buildSarif(const RunReport &Report, const CheckerCatalog &Catalog,
                             llvm::StringRef Cwd);

} // namespace wdklock

#endif
