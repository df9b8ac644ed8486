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

const TypedValueRegion *memoryRead(const SymExpr *S) {
  if (const auto *Initial = dyn_cast<SymbolRegionValue>(S))
    return Initial->getRegion();
  if (const auto *Forgotten = dyn_cast<SymbolDerived>(S))
    return Forgotten->getRegion();
  return nullptr;
}

namespace {

using Test = RetestFilter::Test;

/// Appends the shape of \p S to \p Out: its operators, types and constants, each value read
/// from memory named by the memory and any other symbol by itself. \p Reread is set when a
/// value was read again after the engine forgot the memory.
void appendShape(const SymExpr *S, raw_ostream &Out, bool &Reread) {
  if (const TypedValueRegion *R = memoryRead(S)) {
    Out << "m" << static_cast<const void *>(R);
    Reread |= isa<SymbolDerived>(S);
    return;
  }
  Out << "(" << S->getKind() << " " << S->getType().getAsOpaquePtr();
  if (const auto *E = dyn_cast<SymIntExpr>(S)) {
    Out << " " << E->getOpcode() << " c" << compat::symbolConstant(E->getRHS()) << " ";
    appendShape(E->getLHS(), Out, Reread);
  } else if (const auto *E = dyn_cast<IntSymExpr>(S)) {
    Out << " " << E->getOpcode() << " c" << compat::symbolConstant(E->getLHS()) << " ";
    appendShape(E->getRHS(), Out, Reread);
  } else if (const auto *E = dyn_cast<SymSymExpr>(S)) {
    Out << " " << E->getOpcode() << " ";
    appendShape(E->getLHS(), Out, Reread);
    Out << " ";
    appendShape(E->getRHS(), Out, Reread);
  } else if (const auto *E = dyn_cast<SymbolCast>(S)) {
    Out << " ";
    appendShape(E->getOperand(), Out, Reread);
  } else if (const auto *E = dyn_cast<UnarySymExpr>(S)) {
    Out << " " << E->getOpcode() << " ";
    appendShape(E->getOperand(), Out, Reread);
  } else {
    Out << " s" << static_cast<const void *>(S);
  }
  Out << ")";
}

/// appendShape for an operand: a symbolic value, a constant (the analyzer's value factory
/// keeps one object per value and type) or an address.
void appendShape(SVal V, raw_ostream &Out, bool &Reread) {
  if (const SymExpr *S = V.getAsSymbol())
    appendShape(S, Out, Reread);
  else if (std::optional<nonloc::ConcreteInt> CI = V.getAs<nonloc::ConcreteInt>())
    Out << "c" << static_cast<const void *>(&compat::concreteValue(*CI));
  else
    Out << "r" << static_cast<const void *>(V.getAsRegion());
}

/// The test of operator \p Op (BO_Comma: the value itself) on \p LHS and \p RHS.
Test makeTest(BinaryOperatorKind Op, SVal LHS, SVal RHS, bool TookTrue) {
  Test T{"", TookTrue, false};
  llvm::raw_string_ostream Out(T.Shape);
  Out << static_cast<int>(Op) << " ";
  appendShape(LHS, Out, T.Reread);
  Out << " ";
  appendShape(RHS, Out, T.Reread);
  Out.flush();
  return T;
}

/// The test the branch at \p N made, when \p N is the edge out of a two-way branch on a
/// symbolic value. A loop's condition is no test here: `while (Ext->Pending) DrainOne(Ext);`
/// waits for the call to change the memory, so its flip is what the loop expects.
std::optional<Test> testAt(const ExplodedNode *N) {
  std::optional<BlockEdge> Edge = N->getLocation().getAs<BlockEdge>();
  const ExplodedNode *Before = N->getFirstPred();
  if (!Edge || !Before || Edge->getSrc()->succ_size() != 2)
    return std::nullopt;
  const CFGBlock *Src = Edge->getSrc();
  if (isa_and_nonnull<WhileStmt, ForStmt, DoStmt>(Src->getTerminatorStmt()))
    return std::nullopt;
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
    return makeTest(Cmp->getOpcode(), L, R, TookTrue);
  }
  SVal V = Before->getSVal(Cond);
  if (!V.getAsSymbol())
    return std::nullopt;
  return makeTest(BO_Comma, V, UnknownVal(), TookTrue);
}

/// Whether \p Earlier and one of the \p Later retests are one test on one memory that came out
/// both ways: the memory was only forgotten in between (a test and itself cannot come out both
/// ways on one path).
bool contradicts(const Test &Earlier, ArrayRef<Test> Later) {
  return llvm::any_of(Later, [&](const Test &T) {
    return T.TookTrue != Earlier.TookTrue && T.Shape == Earlier.Shape;
  });
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
  unsigned Budget = 200000;
  llvm::SmallVector<Step, 64> Stack;
  llvm::SmallVector<Test, 8> Later;
  llvm::SmallVector<llvm::hash_code, 8> LaterHash{llvm::hash_code(0)};
  llvm::DenseSet<std::pair<const ExplodedNode *, size_t>> Seen;

  auto Enter = [&](const ExplodedNode *N) {
    std::optional<Test> T = testAt(N);
    if (T && contradicts(*T, Later))
      return;
    bool Added = T && T->Reread && !llvm::is_contained(Later, *T);
    llvm::hash_code H =
        Added ? llvm::hash_combine(LaterHash.back(), T->Shape, T->TookTrue) : LaterHash.back();
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
  if (T->Reread && !llvm::is_contained(Later, *T))
    Later.push_back(std::move(*T));
  return nullptr;
}

} // namespace wdklock
