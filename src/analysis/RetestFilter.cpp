//===- RetestFilter.cpp - Drop paths that need a forgotten value to flip --===//

#include "RetestFilter.h"
#include "wdklock/Compat.h"

#include "clang/Analysis/CFG.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExplodedGraph.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymbolManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace clang;
using namespace ento;

namespace wdklock {

namespace {

using Test = RetestFilter::Test;

/// The memory a symbol is the value of, when it was read from memory: its value when the
/// analysis began, or the value the engine made up after forgetting it.
const TypedValueRegion *memoryRead(const SymExpr *S) {
  if (const auto *Initial = dyn_cast<SymbolRegionValue>(S))
    return Initial->getRegion();
  if (const auto *Forgotten = dyn_cast<SymbolDerived>(S))
    return Forgotten->getRegion();
  return nullptr;
}

/// Whether \p Later is \p Earlier computed again: the same operators, types and constants,
/// each operand the same value or re-read from the same memory after the engine forgot its
/// contents (\p Reread is set when one was).
bool isRetest(const SymExpr *Earlier, const SymExpr *Later, bool &Reread) {
  if (Earlier == Later)
    return true;
  if (isa<SymbolDerived>(Later)) {
    const TypedValueRegion *R = memoryRead(Earlier);
    if (!R || R != memoryRead(Later))
      return false;
    Reread = true;
    return true;
  }
  if (Earlier->getKind() != Later->getKind() || Earlier->getType() != Later->getType())
    return false;
  if (const auto *E = dyn_cast<SymIntExpr>(Earlier)) {
    const auto *L = cast<SymIntExpr>(Later);
    return E->getOpcode() == L->getOpcode() &&
           compat::symbolConstant(E->getRHS()) == compat::symbolConstant(L->getRHS()) &&
           isRetest(E->getLHS(), L->getLHS(), Reread);
  }
  if (const auto *E = dyn_cast<IntSymExpr>(Earlier)) {
    const auto *L = cast<IntSymExpr>(Later);
    return E->getOpcode() == L->getOpcode() &&
           compat::symbolConstant(E->getLHS()) == compat::symbolConstant(L->getLHS()) &&
           isRetest(E->getRHS(), L->getRHS(), Reread);
  }
  if (const auto *E = dyn_cast<SymSymExpr>(Earlier)) {
    const auto *L = cast<SymSymExpr>(Later);
    return E->getOpcode() == L->getOpcode() && isRetest(E->getLHS(), L->getLHS(), Reread) &&
           isRetest(E->getRHS(), L->getRHS(), Reread);
  }
  if (const auto *E = dyn_cast<SymbolCast>(Earlier))
    return isRetest(E->getOperand(), cast<SymbolCast>(Later)->getOperand(), Reread);
  if (const auto *E = dyn_cast<UnarySymExpr>(Earlier)) {
    const auto *L = cast<UnarySymExpr>(Later);
    return E->getOpcode() == L->getOpcode() && isRetest(E->getOperand(), L->getOperand(), Reread);
  }
  return false;
}

/// isRetest for one operand of a test: a value that is the same (a constant), or a symbol
/// computed again.
bool isRetest(SVal Earlier, SVal Later, bool &Reread) {
  if (Earlier == Later)
    return true;
  const SymExpr *E = Earlier.getAsSymbol(), *L = Later.getAsSymbol();
  return E && L && isRetest(E, L, Reread);
}

/// The test the branch at \p N made, when \p N is the edge out of a two-way branch on a
/// symbolic value.
std::optional<Test> testAt(const ExplodedNode *N) {
  std::optional<BlockEdge> Edge = N->getLocation().getAs<BlockEdge>();
  const ExplodedNode *Before = N->getFirstPred();
  if (!Edge || !Before || Edge->getSrc()->succ_size() != 2)
    return std::nullopt;
  const CFGBlock *Src = Edge->getSrc();
  const auto *Cond = dyn_cast_or_null<Expr>(Src->getTerminatorCondition(/*StripParens=*/false));
  if (!Cond)
    return std::nullopt;
  // `if (a || b)`: the block that evaluates b branches on b, as the engine resolves it.
  const auto *Logical = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
  if (Logical && Logical->isLogicalOp() && Logical != Src->getTerminatorStmt()) {
    Cond = nullptr;
    for (const CFGElement &E : llvm::reverse(*Src))
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
        Cond = dyn_cast<Expr>(S->getStmt());
        break;
      }
    if (!Cond)
      return std::nullopt;
  }
  // A two-way terminator lists its true successor first; `!x` tests x the other way round.
  bool TookTrue = *Src->succ_begin() == Edge->getDst();
  Cond = Cond->IgnoreParens();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Cond = Not->getSubExpr()->IgnoreParens();
    TookTrue = !TookTrue;
  }
  const auto *Cmp = dyn_cast<BinaryOperator>(Cond);
  if (Cmp && Cmp->isComparisonOp()) {
    SVal L = Before->getSVal(Cmp->getLHS()), R = Before->getSVal(Cmp->getRHS());
    if (!L.getAsSymbol() && !R.getAsSymbol())
      return std::nullopt;
    return Test{Cmp->getOpcode(), L, R, TookTrue};
  }
  SVal V = Before->getSVal(Cond);
  if (!V.getAsSymbol())
    return std::nullopt;
  return Test{BO_Comma, V, SVal(), TookTrue};
}

/// Whether \p Earlier and one of the \p Later tests are one test on one object that came out
/// both ways, the object having only been forgotten in between.
bool contradicts(const Test &Earlier, ArrayRef<Test> Later) {
  return llvm::any_of(Later, [&](const Test &T) {
    bool Reread = false;
    return T.TookTrue != Earlier.TookTrue && T.Op == Earlier.Op &&
           isRetest(Earlier.LHS, T.LHS, Reread) && isRetest(Earlier.RHS, T.RHS, Reread) &&
           Reread;
  });
}

llvm::hash_code hashOf(SVal V) {
  if (const SymExpr *S = V.getAsSymbol())
    return llvm::hash_value(S);
  if (std::optional<nonloc::ConcreteInt> CI = V.getAs<nonloc::ConcreteInt>())
    return llvm::hash_value(&compat::concreteValue(*CI)); // the factory keeps one per value
  return llvm::hash_value(V.getAsRegion());
}

/// Whether some path from the start of the analysis to \p ErrorNode is free of
/// contradictions. A depth-first search backwards over every predecessor; a node is visited
/// again only with different later tests. It gives up, answering yes, after a fixed number of
/// steps: a finding is only dropped when it is known to need the flip.
bool consistentPathExists(const ExplodedNode *ErrorNode) {
  struct Step {
    const ExplodedNode *N;
    unsigned NextPred;
    bool AddedTest;
  };
  unsigned Budget = 20000;
  llvm::SmallVector<Step, 64> Stack;
  llvm::SmallVector<Test, 8> Later;
  llvm::SmallVector<llvm::hash_code, 8> LaterHash{llvm::hash_code(0)};
  llvm::DenseSet<std::pair<const ExplodedNode *, size_t>> Seen;

  auto Enter = [&](const ExplodedNode *N) {
    std::optional<Test> T = testAt(N);
    if (T && contradicts(*T, Later))
      return;
    bool Added = T && !llvm::is_contained(Later, *T);
    llvm::hash_code H = Added ? llvm::hash_combine(LaterHash.back(), T->Op, hashOf(T->LHS),
                                                   hashOf(T->RHS), T->TookTrue)
                              : LaterHash.back();
    if (!Seen.insert({N, static_cast<size_t>(H)}).second)
      return;
    if (Added) {
      Later.push_back(*T);
      LaterHash.push_back(H);
    }
    Stack.push_back({N, 0, Added});
  };

  Enter(ErrorNode);
  while (!Stack.empty()) {
    if (Budget-- == 0)
      return true;
    Step &Top = Stack.back();
    if (Top.N->pred_empty())
      return true;
    if (Top.NextPred == Top.N->pred_size()) {
      if (Top.AddedTest) {
        Later.pop_back();
        LaterHash.pop_back();
      }
      Stack.pop_back();
      continue;
    }
    const ExplodedNode *Pred = Top.N->pred_begin()[Top.NextPred++];
    Enter(Pred);
  }
  return false;
}

} // namespace

void RetestFilter::Profile(llvm::FoldingSetNodeID &ID) const {
  static int Tag;
  ID.AddPointer(&Tag);
}

PathDiagnosticPieceRef RetestFilter::VisitNode(const ExplodedNode *N, BugReporterContext &,
                                               PathSensitiveBugReport &BR) {
  if (Settled)
    return nullptr;
  std::optional<Test> T = testAt(N);
  if (!T)
    return nullptr;
  if (contradicts(*T, Later)) {
    // The report's error node is in the engine's graph, with all its predecessors.
    if (consistentPathExists(BR.getErrorNode())) {
      Settled = true;
    } else {
      static int Tag;
      BR.markInvalid(&Tag, nullptr);
    }
    return nullptr;
  }
  if (!llvm::is_contained(Later, *T))
    Later.push_back(*T);
  return nullptr;
}

} // namespace wdklock
