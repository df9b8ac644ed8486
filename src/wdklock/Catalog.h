//===- Catalog.h - The wdk checkers, their options, and --checks --*- C++ -*-===//
//
// What the chosen checkers are called, what they report and which options they take,
// read from a real CheckerRegistry (the plugin's or the built-in one), so --checks,
// configuration keys and the SARIF rule table always match the code that runs.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_CATALOG_H
#define WDKLOCK_WRAPPER_CATALOG_H

#include "Plugin.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace wdklock {

struct CheckerOptionInfo {
  std::string Name;
  std::string Type; ///< "bool", "int" or "string"
  std::string Default;
  std::string Description;
};

struct CheckerDescription {
  std::string Name; ///< "wdk.QueuedSpinLock"
  std::string Description;
  std::vector<CheckerOptionInfo> Options;
  /// CheckerDocsBase + the name without its package + ".md".
  std::string helpUri() const;
};

/// The default checker set, before configuration and --checks.
inline constexpr const char *DefaultChecks = "wdk.*";

class CheckerCatalog {
public:
  /// The visible wdk.* checkers that \p Source registers. nullopt and \p Error when it
  /// registers none.
  static std::optional<CheckerCatalog> load(const CheckerSource &Source, std::string &Error);

  /// A catalog from a fixed list (for tests).
  explicit CheckerCatalog(std::vector<CheckerDescription> Checkers);

  /// Sorted by name.
  const std::vector<CheckerDescription> &checkers() const { return Checkers; }
  const CheckerDescription *find(llvm::StringRef Name) const;

  /// Applies a comma-separated glob list to \p Enabled (kept sorted): "glob" adds the
  /// checkers it matches, "-glob" removes them. A glob that matches no checker is an error
  /// (a typo would otherwise pass silently).
  bool applyChecks(llvm::StringRef Globs, std::vector<std::string> &Enabled,
                   std::string &Error) const;

  /// Checks a "wdk.Checker:Option" key and its value against the option's type.
  bool validateOption(llvm::StringRef Key, llvm::StringRef Value, std::string &Error) const;

  /// Whether the checkers keep the lock-site ledger: the hidden wdk.LockModeling takes the
  /// option SiteCoverageFile (docs/coverage.md).
  bool hasSiteLedger() const { return SiteLedger; }

  /// The checker and option that write the ledger as JSON lines.
  static constexpr const char *SiteLedgerOption = "wdk.LockModeling:SiteCoverageFile";

private:
  std::vector<CheckerDescription> Checkers;
  bool SiteLedger = false;
};

} // namespace wdklock

#endif
