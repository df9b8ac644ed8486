//===- Settings.h - What each analysis child is told ---------------*- C++ -*-===//
//
// Fills in every job's AnalysisSettings: the checkers ('wdk.*', then the configuration's
// Checks, then --checks), the checker options from the configuration, the plugin, clang's
// resource directory, and where the analyzer's own HTML or plist reports go.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_SETTINGS_H
#define WDKLOCK_WRAPPER_SETTINGS_H

#include "Catalog.h"
#include "Config.h"
#include "Model.h"
#include "Options.h"
#include "Plugin.h"

namespace wdklock {

/// The resource directory of the clang wdklock was built with (its builtin headers).
std::string clangResourceDir();

/// Sets checkers, options, plugin and resource directory of every job. False and a one-line
/// \p Error for a broken configuration or check list.
bool assignSettings(std::vector<AnalysisJob> &Jobs, const Options &Opts,
                    const CheckerCatalog &Catalog, const CheckerSource &Source,
                    ConfigLoader &Configs, std::string &Error);

/// For --format=html and plist: gives each job its place under \p OutDir, named after the
/// source file ("driver.c", then "driver.c-2" for another driver.c), in job order. A name
/// taken by something that is not an earlier report (the source itself, with -o .) is skipped.
void assignNativeOutputs(std::vector<AnalysisJob> &Jobs, OutputFormat Format,
                         llvm::StringRef OutDir);

/// Removes what an earlier run left at the job's place: its plist, or the report-*.html
/// pages in its HTML directory (nothing else).
void removeStaleReports(const AnalysisJob &Job);

} // namespace wdklock

#endif
