//===- Settings.cpp - Per-job checkers, options and output places ---------===//

#include "Settings.h"

#include "llvm/ADT/StringSet.h"
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
  }
  return true;
}

void assignNativeOutputs(std::vector<AnalysisJob> &Jobs, OutputFormat Format,
                         llvm::StringRef OutDir) {
  if (Format != OutputFormat::Html && Format != OutputFormat::Plist)
    return;
  llvm::StringSet<> Used;
  for (AnalysisJob &J : Jobs) {
    std::string Base = llvm::sys::path::filename(J.File).str();
    std::string Name = Base;
    for (unsigned N = 2; !Used.insert(Name).second; ++N)
      Name = Base + "-" + std::to_string(N);
    llvm::SmallString<256> Path(OutDir);
    llvm::sys::path::append(Path, Format == OutputFormat::Plist ? Name + ".plist" : Name);
    J.Settings.Output = Format == OutputFormat::Plist ? NativeOutput::Plist : NativeOutput::Html;
    J.Settings.OutputPath = std::string(Path);
  }
}

} // namespace wdklock
