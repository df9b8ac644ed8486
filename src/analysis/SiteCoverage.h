//===- SiteCoverage.h - Which lock call sites the analysis explored --*- C++ -*-===//
//
// Silence is only worth something if the analyzer looked. The engine has budgets (nodes per
// top-level function, loop iterations, inlining) and drops the remaining paths without a word
// when one runs out. The ledger records, for every lock call site in the main file (and in the
// functions of the driver's own headers that the main file uses), whether an explored path
// reached it, and when not, why:
//
//   explored      some analysed path evaluated the call
//   budget        its function was analysed and exploration stopped early (node budget or
//                 loop bound), so the site may be reachable
//   unreachable   its function was analysed to completion and no path reached the call
//   not-analysed  its function was never analysed on its own (the engine only inlined it, or
//                 skipped it) and no caller's path reached the call
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_SITECOVERAGE_H
#define WDKLOCK_SITECOVERAGE_H

#include "wdklock/LockApi.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class CallExpr;
class Decl;
class Stmt;
class TranslationUnitDecl;
} // namespace clang

namespace wdklock {

/// The table row a call expression names, judged from the AST alone (used for sites the
/// engine never evaluated).
const LockRoutine *routineForCallExpr(const clang::CallExpr *CE);

class SiteLedger {
public:
  /// How the engine left a top-level function: explored to the end, or stopped by a budget.
  /// A function can hit the loop bound on some paths and run out of nodes on others.
  enum class Outcome { Complete, NodeBudget, LoopBound, LoopBoundAndNodeBudget };

  /// An explored path evaluated the lock call \p Site.
  void noteReached(const clang::Stmt *Site) { Reached.insert(Site); }
  /// The engine finished a top-level function \p D.
  void noteAnalysis(const clang::Decl *D, Outcome O) { Outcomes[D] = O; }
  /// A path of the top-level function \p D reached its end.
  void noteEndReached(const clang::Decl *D) { EndReached.insert(D); }

  struct Options {
    bool Remarks = false;         ///< a remark per site not explored (and per unreachable site)
    llvm::StringRef JsonLinesPath; ///< append one JSON object per site to this file
  };

  /// Classifies every lock call site in the translation unit's main file and in the used
  /// functions of its other non-system files (with \p AllFiles, the analyzer's
  /// analyze-headers mode, in every function of every file that is not a system header) and
  /// reports them as \p Opts asks.
  void finish(const clang::TranslationUnitDecl *TU, clang::ASTContext &Ctx,
              const Options &Opts, bool AllFiles = false);

private:
  llvm::DenseSet<const clang::Stmt *> Reached;
  llvm::DenseMap<const clang::Decl *, Outcome> Outcomes;
  llvm::DenseSet<const clang::Decl *> EndReached;
};

} // namespace wdklock

#endif
