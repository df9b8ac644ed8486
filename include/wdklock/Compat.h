//===- Compat.h - Every LLVM-version difference, and nothing else -*- C++ -*-===//
//
// wdklock builds against LLVM 16, 19 and 22. Each API that changed between them has one
// wrapper here, guarded by CLANG_VERSION_MAJOR, with a note naming the change. No other file
// tests the version.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_COMPAT_H
#define WDKLOCK_COMPAT_H

#include "clang/Basic/Version.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallDescription.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include <optional>

namespace wdklock::compat {

/// A CallDescription that matches an externally visible C function at global scope.
/// LLVM 19 replaced CallDescriptionFlags (CDF_MaybeBuiltin) with CallDescription::Mode
/// (CDM::CLibrary) and the const char* name list with StringRefs.
inline clang::ento::CallDescription cLibraryCall(const char *Name, unsigned NumArgs,
                                                 unsigned NumParams) {
#if CLANG_VERSION_MAJOR >= 19
  return clang::ento::CallDescription(clang::ento::CDM::CLibrary, {Name}, NumArgs, NumParams);
#else
  return clang::ento::CallDescription(clang::ento::CDF_MaybeBuiltin, {Name}, NumArgs, NumParams);
#endif
}

/// CheckerRegistry::addChecker with every argument spelled out: LLVM 22 gave DocsUri and
/// IsHidden defaults; 16 and 19 need them.
inline void addChecker(clang::ento::CheckerRegistry &Registry,
                       clang::ento::RegisterCheckerFn Register,
                       clang::ento::ShouldRegisterFunction ShouldRegister,
                       llvm::StringRef Name, llvm::StringRef Desc, llvm::StringRef DocsUri,
                       bool IsHidden) {
  Registry.addChecker(Register, ShouldRegister, Name, Desc, DocsUri, IsHidden);
}

} // namespace wdklock::compat

#endif
