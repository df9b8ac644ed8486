//===- Checkers.h - Register the wdk checkers -------------------*- C++ -*-===//
//
// The one entry point into the checker library. The plugin calls it from
// clang_registerCheckers; the wrapper calls it in-process (no dlopen) through
// AnalysisASTConsumer::AddCheckerRegistrationFn.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_CHECKERS_H
#define WDKLOCK_CHECKERS_H

namespace clang::ento {
class CheckerRegistry;
}

namespace wdklock {

/// Adds the `wdk` package: wdk.QueuedSpinLockRelease, wdk.QueuedSpinLock,
/// wdk.StorPortSpinLock (and the hidden wdk.LockModeling they share), with their options.
void registerWdkCheckers(clang::ento::CheckerRegistry &Registry);

/// Base URL of the checker documentation; a checker's page is <base><name>.md.
extern const char *const CheckerDocsBase;

} // namespace wdklock

#endif
