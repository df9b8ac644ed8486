//===- Plugin.h - Where the checkers come from ---------------------*- C++ -*-===//
//
// The checkers run either from the WdkLockCheckers plugin (loaded by the analyzer) or from
// the checker library linked into wdklock (registered in-process, no dlopen). A plugin is
// checked here before clang sees it, so a wrong file gets one clear line instead of the
// analyzer's generic "not compatible" warning and a flood of unknown-checker errors.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_PLUGIN_H
#define WDKLOCK_WRAPPER_PLUGIN_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace wdklock {

struct CheckerSource {
  std::string Plugin; ///< absolute path; empty: the built-in checkers
};

/// The plugin shipped with this wdklock: <exe dir>/../lib/WdkLockCheckers.so (build tree)
/// or <exe dir>/../lib/wdklock/WdkLockCheckers.so (installed). Empty when neither exists.
std::string findBundledPlugin(llvm::StringRef ExecutablePath);

/// The version of the clang libraries this process runs ("19.1.7").
std::string runtimeClangVersion();

/// Loads \p Path and checks that it is a checker plugin for the running clang. On failure
/// returns false with one line in \p Error.
bool verifyPlugin(llvm::StringRef Path, std::string &Error);

/// Chooses the checkers: --static-checkers, --plugin=<file>, else the bundled plugin if
/// there is one, else the built-in checkers. nullopt and \p Error when a plugin is unusable.
std::optional<CheckerSource> chooseCheckers(bool StaticCheckers, llvm::StringRef PluginOption,
                                            llvm::StringRef ExecutablePath, std::string &Error);

} // namespace wdklock

#endif
