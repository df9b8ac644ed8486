//===- CompileDb.h - From sources and databases to compile commands -*- C++ -*-===//
//
// Decides the compile command of every file to analyse:
//
//   sources + "-- args"        clang <args> <source>
//   source in a database       its entries (database from -p, or the nearest
//                              compile_commands.json in the source's directory or above)
//   other sources              the default flags: --target=<target> and the DDK headers
//   -p and no sources          every C/C++ entry of the database
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_COMPILEDB_H
#define WDKLOCK_WRAPPER_COMPILEDB_H

#include "Model.h"
#include "Options.h"
#include <optional>
#include <string>
#include <vector>

namespace wdklock {

struct JobPlan {
  std::vector<AnalysisJob> Jobs;      ///< sorted by file; settings not yet filled in
  std::vector<FileResult> Rejected;   ///< sources that cannot be analysed at all
  std::vector<std::string> Notes;     ///< things the user may want to know
};

/// The flags wdklock uses for a source without a compile command.
struct DefaultFlags {
  std::string Target;  ///< x86_64-w64-mingw32 unless --target
  std::string Include; ///< the directory that holds ddk/
  /// wdklock's DDK compatibility headers (a storport.h that compiles), searched before ddk/;
  /// empty when they are not installed.
  std::string CompatInclude;
  /// The command line for \p File; a C++ file also gets the macros that let mingw-w64's
  /// <ntddk.h> compile as C++.
  std::vector<std::string> commandFor(llvm::StringRef File) const;
};

/// True for a C or C++ source by its extension (.c, .cc, .cpp, .cxx, .c++, .C, .cp, .i, .ii).
bool isCFamilySource(llvm::StringRef File);

/// Where mingw-w64 sysroots live: <prefix>/<target>/include/ddk ("/usr" on Debian).
std::string defaultMingwPrefix();

/// wdklock's DDK compatibility headers: <prefix>/share/wdklock/ddk next to the installed
/// binary, else the source tree's include/wdklock/ddk; empty when neither is there.
std::string ddkCompatDir();

/// The default flags for the options, with the headers under \p MingwPrefix unless
/// --wdk-include; nullopt and \p Error (naming the package to install) when no DDK headers
/// are there.
std::optional<DefaultFlags> defaultFlags(const Options &Opts, llvm::StringRef MingwPrefix,
                                         std::string &Error);

/// Plans the jobs. nullopt and a one-line \p Error for a problem that stops the whole run
/// (a broken database, no DDK headers for the default flags, an empty database).
std::optional<JobPlan> planJobs(const Options &Opts, std::string &Error);

} // namespace wdklock

#endif
