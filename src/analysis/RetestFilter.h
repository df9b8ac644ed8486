//===- RetestFilter.h - Drop paths that need a forgotten value to flip -*- C++ -*-===//
//
// The engine evaluates a call it cannot see into by forgetting everything the call could
// reach: after DoWork(Ext), Ext->UseLock is a new unknown value. A path may then take the
// true branch of `if (Ext->UseLock)` before the call and the false branch of the same test
// after it, which the driver's author knows cannot happen:
//
//   if (Ext->UseLock) KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
//   DoWork(Ext);
//   if (Ext->UseLock) KeReleaseInStackQueuedSpinLock(&h);
//
// A lock finding whose path needs that flip is not believable. When the path the reporter
// chose needs one, the filter looks through the exploded graph for another path to the same
// finding that needs none (the engine merges paths once their branch values are dead, so the
// chosen path is only one of them); when there is none, it marks the report invalid and the
// engine moves on to the finding's other reports, if any.
// A test counts as repeated when its value is the earlier test's value with at least one
// operand re-read from the same memory after the engine forgot its contents (a call without a
// body); constants, operators and every other operand are the same. A value the
// program wrote itself (an assignment, a call's return value) is a real change and keeps
// the finding. A loop's condition is no test: the loop waits for its body to change it.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_RETESTFILTER_H
#define WDKLOCK_RETESTFILTER_H

#include "clang/AST/OperationKinds.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"
#include <string>
#include "llvm/ADT/SmallVector.h"

namespace wdklock {

/// The memory a symbol is the value of, when it was read from memory: its value when the
/// analysis began (SymbolRegionValue), or the value the engine made up after forgetting it
/// (SymbolDerived); null for any other symbol.
const clang::ento::TypedValueRegion *memoryRead(const clang::ento::SymExpr *S);

class RetestFilter final : public clang::ento::BugReporterVisitor {
public:
  void Profile(llvm::FoldingSetNodeID &ID) const override;
  clang::ento::PathDiagnosticPieceRef VisitNode(const clang::ento::ExplodedNode *N,
                                                clang::ento::BugReporterContext &BRC,
                                                clang::ento::PathSensitiveBugReport &BR) override;

  /// A branch: what it tested and which way it went. Shape spells the test out with each value
  /// read from memory named by that memory, so a test and its retest after the memory was
  /// forgotten have the same shape. Reread: some value was read again after being forgotten.
  struct Test {
    std::string Shape;
    bool TookTrue;
    bool Reread;
    bool operator==(const Test &O) const {
      return Shape == O.Shape && TookTrue == O.TookTrue;
    }
  };

private:
  /// The retests already visited. The visitor walks from the end of the path to its start,
  /// so these are the later ones.
  llvm::SmallVector<Test, 8> Later;
  /// Set once a contradiction-free path to the finding is known.
  bool Settled = false;
};

} // namespace wdklock

#endif
