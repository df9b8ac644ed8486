//===- Settings.cpp - Per-job checkers, options and output places ---------===//

#include "Settings.h"
#include "Depth.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#ifndef WDKLOCK_CLANG_RESOURCE_DIR
#define WDKLOCK_CLANG_RESOURCE_DIR ""
#endif

namespace wdklock {

std::string clangResourceDir() { return WDKLOCK_CLANG_RESOURCE_DIR; }

bool assignSettings(std::vector<AnalysisJob> &Jobs, const Options &Opts,
                    const CheckerCatalog &Catalog, const CheckerSource &Source,
                    ConfigLoader &Configs, std::string &Error) {
  for (AnalysisJob &J : Jobs) {
    const Config *C = Configs.forDirectory(llvm::sys::path::parent_path(J.File), Error);
    if (!C)
      return false;
    AnalysisSettings &S = J.Settings;
    S.Checkers.clear();
    bool Ok = Catalog.applyChecks(DefaultChecks, S.Checkers, Error);
    if (Ok && C->Checks && !Catalog.applyChecks(*C->Checks, S.Checkers, Error)) {
      Error = C->Path + ": Checks: " + Error;
      return false;
    }
    if (Ok && !Opts.Checks.empty() && !Catalog.applyChecks(Opts.Checks, S.Checkers, Error)) {
      Error = "--checks: " + Error;
      return false;
    }
    if (!Ok)
      return false;
    if (S.Checkers.empty()) {
      Error = "no checkers are enabled for " + J.File + " (see --checks" +
              (C->Path.empty() ? std::string(")") : " and " + C->Path + ")");
      return false;
    }
    S.CheckerOptions = C->CheckOptions;
    S.Plugin = Source.Plugin;
    S.ResourceDir = clangResourceDir();
    S.Depth = depthName(Opts.Depth).str();
    S.CountSites = Catalog.hasSiteLedger();
  }
  return true;
}

/// True when the analyzer may write its report for one source at \p Path: nothing there, or
/// what an earlier run left (an HTML directory, a plist file). A user's file is never taken.
static bool usableOutputPath(llvm::StringRef Path, NativeOutput Kind) {
  if (!llvm::sys::fs::exists(Path))
    return true;
  return Kind == NativeOutput::Html ? llvm::sys::fs::is_directory(Path)
                                    : llvm::sys::fs::is_regular_file(Path);
}

void assignNativeOutputs(std::vector<AnalysisJob> &Jobs, OutputFormat Format,
                         llvm::StringRef OutDir) {
  if (Format != OutputFormat::Html && Format != OutputFormat::Plist)
    return;
  NativeOutput Kind = Format == OutputFormat::Plist ? NativeOutput::Plist : NativeOutput::Html;
  llvm::StringRef Suffix = Kind == NativeOutput::Plist ? ".plist" : "";
  llvm::StringSet<> Used;
  for (AnalysisJob &J : Jobs) {
    std::string Base = llvm::sys::path::filename(J.File).str();
    llvm::SmallString<256> Path;
    for (unsigned N = 1;; ++N) {
      std::string Name = N == 1 ? Base : Base + "-" + std::to_string(N);
      Path = OutDir;
      llvm::sys::path::append(Path, Name + Suffix);
      if (usableOutputPath(Path, Kind) && Used.insert(Name).second)
        break;
    }
    J.Settings.Output = Kind;
    J.Settings.OutputPath = std::string(Path);
  }
}

void removeStaleReports(const AnalysisJob &Job) {
  const std::string &Path = Job.Settings.OutputPath;
  if (Job.Settings.Output == NativeOutput::Plist && llvm::sys::fs::is_regular_file(Path)) {
    llvm::sys::fs::remove(Path);
    return;
  }
  if (Job.Settings.Output != NativeOutput::Html)
    return;
  // Only clang's report pages: anything else in the directory is left alone.
  std::error_code EC;
  std::vector<std::string> Pages;
  for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (Name.starts_with("report-") && Name.ends_with(".html"))
      Pages.push_back(It->path());
  }
  for (const std::string &Page : Pages)
    llvm::sys::fs::remove(Page);
}

} // namespace wdklock
