//===- Compat.h - Every LLVM-version difference, and nothing else -*- C++ -*-===//
//
// wdklock builds against LLVM 16, 19 and 22. Each API that changed between them has one
// wrapper here, guarded by CLANG_VERSION_MAJOR, with a note naming the change. No other file
// tests the version.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_COMPAT_H
#define WDKLOCK_COMPAT_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallDescription.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/MemRegion.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include <memory>
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

/// The memory space of a region. LLVM 22 (since 21) keeps it in the program state
/// (getMemorySpace(State)); 16 and 19 read it from the region.
inline const clang::ento::MemSpaceRegion *memorySpace(const clang::ento::MemRegion *R,
                                                      clang::ento::ProgramStateRef State) {
#if CLANG_VERSION_MAJOR >= 21
  return R->getMemorySpace(State);
#else
  (void)State;
  return R->getMemorySpace();
#endif
}

/// The value of a concrete integer SVal. LLVM 20 made ConcreteInt::getValue() return an
/// APSIntPtr instead of a reference.
inline const llvm::APSInt &concreteValue(const clang::ento::nonloc::ConcreteInt &CI) {
#if CLANG_VERSION_MAJOR >= 20
  return *CI.getValue();
#else
  return CI.getValue();
#endif
}

/// The constant operand of a SymIntExpr or IntSymExpr, as the analyzer's value factory keeps
/// it (one object per value and type, so two operands are equal when their addresses are).
/// LLVM 20 wrapped it in an APSIntPtr.
#if CLANG_VERSION_MAJOR >= 20
inline const llvm::APSInt *symbolConstant(clang::ento::APSIntPtr V) { return V.get(); }
#else
inline const llvm::APSInt *symbolConstant(const llvm::APSInt &V) { return &V; }
#endif

/// A fresh symbolic value of type \p T for what \p Call produces. LLVM 21 conjures symbols
/// from the call event (CFG element) instead of the origin expression.
/// \p Tag tells apart several values conjured for one call.
inline clang::ento::DefinedOrUnknownSVal conjureFor(clang::ento::CheckerContext &C,
                                                    const clang::ento::CallEvent &Call,
                                                    clang::QualType T, const void *Tag) {
#if CLANG_VERSION_MAJOR >= 21
  return C.getSValBuilder().conjureSymbolVal(Call, T, C.blockCount(), Tag);
#else
  return C.getSValBuilder().conjureSymbolVal(Tag, Call.getOriginExpr(),
                                             C.getLocationContext(), T, C.blockCount());
#endif
}

/// Invalidates \p Values as the engine does for a conservatively evaluated \p Call (the
/// pointed-to memory, the globals the call may touch, pointer escape), with \p Traits. LLVM 21
/// keys the invalidation by the call's CFG element instead of its expression.
inline clang::ento::ProgramStateRef
invalidateForCall(clang::ento::ProgramStateRef State, llvm::ArrayRef<clang::ento::SVal> Values,
                  const clang::ento::CallEvent &Call, clang::ento::CheckerContext &C,
                  clang::ento::RegionAndSymbolInvalidationTraits *Traits) {
#if CLANG_VERSION_MAJOR >= 21
  return State->invalidateRegions(Values, Call.getCFGElementRef(), C.blockCount(),
                                  C.getLocationContext(), /*CausesPointerEscape=*/true,
                                  /*IS=*/nullptr, &Call, Traits);
#else
  return State->invalidateRegions(Values, Call.getOriginExpr(), C.blockCount(),
                                  C.getLocationContext(), /*CausesPointerEscape=*/true,
                                  /*IS=*/nullptr, &Call, Traits);
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

//===----------------------------------------------------------------------===//
// The wdklock wrapper (src/wdklock)
//===----------------------------------------------------------------------===//

/// The analyzer options of an invocation. LLVM 17 made getAnalyzerOpts() return a
/// reference; 16 returns an AnalyzerOptionsRef.
inline clang::AnalyzerOptions &analyzerOptions(clang::CompilerInvocation &CI) {
#if CLANG_VERSION_MAJOR >= 17
  return CI.getAnalyzerOpts();
#else
  return *CI.getAnalyzerOpts();
#endif
}

/// Hands a path diagnostic consumer to the analysis consumer, which owns it from then on.
/// LLVM 22 takes a std::unique_ptr; 16 and 19 take a raw pointer and delete it themselves.
inline void addPathDiagnosticConsumer(clang::ento::AnalysisASTConsumer &Consumer,
                                      std::unique_ptr<clang::ento::PathDiagnosticConsumer> PD) {
#if CLANG_VERSION_MAJOR >= 22
  Consumer.AddDiagnosticConsumer(std::move(PD));
#else
  Consumer.AddDiagnosticConsumer(PD.release());
#endif
}

/// A DiagnosticsEngine that drops everything, for building a CheckerRegistry outside a
/// compilation. LLVM 21 turned the engine's DiagnosticOptions from a ref-counted pointer
/// into a reference the caller keeps alive.
class QuietDiagnostics {
public:
  QuietDiagnostics()
      : Engine(new clang::DiagnosticIDs(), Opts, &Consumer, /*ShouldOwnClient=*/false) {}
  clang::DiagnosticsEngine &engine() { return Engine; }

private:
#if CLANG_VERSION_MAJOR >= 21
  clang::DiagnosticOptions Opts;
#else
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> Opts{new clang::DiagnosticOptions()};
#endif
  clang::IgnoringDiagConsumer Consumer;
  clang::DiagnosticsEngine Engine;
};

} // namespace wdklock::compat

#endif
