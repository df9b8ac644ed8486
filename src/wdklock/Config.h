//===- Config.h - .wdklock.yaml -----------------------------------*- C++ -*-===//
//
// A YAML mapping with two optional keys:
//
//   Checks: '-wdk.StorPortSpinLock'          # same syntax as --checks, applied before it
//   CheckOptions:
//     wdk.QueuedSpinLock:RoleTypes: 'EVT_MYDRV_*;MY_ROUTINE'
//     wdk.QueuedSpinLockRelease:ReportUnknownHandles: true
//
// --config=<file> names the file for every source; otherwise each source uses the nearest
// .wdklock.yaml in its directory or above, if any.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_CONFIG_H
#define WDKLOCK_WRAPPER_CONFIG_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace wdklock {

class CheckerCatalog;

struct Config {
  std::string Path; ///< the file it came from; empty for the empty default
  std::optional<std::string> Checks;
  std::map<std::string, std::string> CheckOptions;
};

inline constexpr const char *ConfigFileName = ".wdklock.yaml";

/// Parses \p Text (the contents of \p Path) and validates it against \p Catalog. nullopt and
/// a one-line \p Error ("<path>:<line>:<col>: <what>") on failure.
std::optional<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path,
                                  const CheckerCatalog &Catalog, std::string &Error);

/// Finds and loads configuration files, each once.
class ConfigLoader {
public:
  /// \p Explicit: the --config file, used for every source; empty to search.
  ConfigLoader(const CheckerCatalog &Catalog, std::string Explicit);

  /// The configuration for a source in \p Directory (absolute). nullptr and \p Error when
  /// the file that applies is broken.
  const Config *forDirectory(llvm::StringRef Directory, std::string &Error);

private:
  const Config *load(const std::string &Path, std::string &Error);

  const CheckerCatalog &Catalog;
  std::string Explicit;
  Config Empty;
  std::map<std::string, std::unique_ptr<Config>> ByPath;
  llvm::StringMap<std::string> FileForDirectory;
};

} // namespace wdklock

#endif
