//===- LockChecker.cpp - Windows driver lock handles, path by path --------===//
//
// One engine behind three checker names:
//
//   wdk.QueuedSpinLockRelease  a KLOCK_QUEUE_HANDLE is released while it is not held:
//                              never acquired on this path, already released, or a copy of
//                              the handle that was acquired.
//   wdk.QueuedSpinLock         a KLOCK_QUEUE_HANDLE is acquired while still held; a local
//                              handle is still held when its function returns; any handle is
//                              held when a driver entry point returns; the release variant
//                              does not match the acquire; a spin lock is acquired while the
//                              same path already holds it through another handle.
//   wdk.StorPortSpinLock       the same rules for STOR_LOCK_HANDLE and miniport routines.
//
// Every routine comes from the API table (wdklock/LockApi.h); this file never names one.
// The checker evaluates the calls itself (eval::Call), so a call changes the handle's lock
// state and nothing else: a flag next to the spin lock keeps its value and branches that test
// it stay correlated.
//
// State is kept per handle, keyed by the handle's memory region:
//
//                 acquire                     release (pairing matches)
//   (untracked) ---------> Held(by, lock) ---------------------------> Released(by)
//        |                  |  |   |  \                                  |
//        | release          |  |   |   '-- release, other pairing:        | release
//        v                  |  |   |       VARIANT MISMATCH -> Released   v
//   local & precise:        |  |   |                               ALREADY RELEASED
//   NEVER ACQUIRED          |  |   '-- acquire: ACQUIRE WHILE HELD
//   otherwise: unknown,     |  '-- its frame returns (local) / an entry point returns:
//   silent                  |      HELD AT RETURN
//                           '-- struct copy or memcpy to h2: h2 = Copy(h); releasing h2:
//                               RELEASE OF A COPY
//
//   Any state --(address reaches code we cannot see, or loop widening forgets the frame)-->
//   Escaped: unknown, silent.
//
// A FromDpcLevel release of a handle acquired by a routine that saved the IRQL is no variant
// mismatch when the statements after it hand that handle's OldIrql to a call
// (KeLowerIrql(h.OldIrql)): that is KeReleaseInStackQueuedSpinLock written out.
//
// An entry point is a function declared with a role type or registered with the system
// (Callbacks.h).
//
// Calls the checker evaluates besides the table's: other StorPort routines; while a StorPort
// lock is held, the driver's own functions without a body here; and direct calls of entry
// points, which are then analysed on their own. They are evaluated as the engine would, except
// that the device extension (for the second, every locked extension and the object its address
// came from) keeps its contents, so the flag that chose a lock still chooses the matching
// release.
//
// A finding whose path needs one test on one object to come out both ways, with the object
// only forgotten in between by a call without a body, is dropped (RetestFilter.h).
//
// "Local & precise" means the handle lives in a local of a frame on the analysed path and
// every array index on the way is a known constant; anything else (a parameter, a global,
// the heap, a symbolic index, an escaped local) has an unknown history and is never blamed.
//
//===----------------------------------------------------------------------===//

#include "Callbacks.h"
#include "RetestFilter.h"
#include "SiteCoverage.h"
#include "wdklock/Checkers.h"
#include "wdklock/Compat.h"
#include "wdklock/LockApi.h"
#include "wdklock/RoleTypes.h"
#include "wdklock/Version.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Driver/DriverDiagnostic.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <vector>

using namespace clang;
using namespace ento;
using namespace wdklock;

//===----------------------------------------------------------------------===//
// State
//===----------------------------------------------------------------------===//

namespace {

/// What is known about one lock handle on the current path.
class HandleState {
public:
  enum Kind : uint8_t { Held, Released, Copy, Escaped };

  static HandleState held(const LockRoutine *By, const MemRegion *Lock,
                          std::optional<int64_t> LockKind) {
    return HandleState(Held, By, Lock, LockKind.value_or(0), LockKind.has_value());
  }
  static HandleState released(const LockRoutine *By) {
    return HandleState(Released, By, nullptr, 0, false);
  }
  static HandleState copyOf(const MemRegion *Origin, const LockRoutine *By) {
    return HandleState(Copy, By, Origin, 0, false);
  }
  static HandleState escaped() { return HandleState(Escaped, nullptr, nullptr, 0, false); }

  Kind kind() const { return K; }
  bool isHeld() const { return K == Held; }
  /// The routine that last acquired (Held, Copy) or released (Released) the handle.
  const LockRoutine *by() const { return By; }
  /// Held: the spin lock (queued) or the device extension (StorPort). Copy: the original.
  const MemRegion *region() const { return Region; }

  /// True when this held handle holds the lock that \p Lock / \p LockKind name.
  bool holdsSameLock(const MemRegion *Lock, std::optional<int64_t> LockKind) const {
    if (K != Held || !Region || Region != Lock)
      return false;
    if (By->LockKindArg < 0)
      return true;
    return HasKind && LockKind && *LockKind == KindValue;
  }

  bool operator==(const HandleState &O) const {
    return K == O.K && By == O.By && Region == O.Region && HasKind == O.HasKind &&
           KindValue == O.KindValue;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(K);
    ID.AddPointer(By);
    ID.AddPointer(Region);
    ID.AddBoolean(HasKind);
    ID.AddInteger(KindValue);
  }
  void print(raw_ostream &OS) const {
    static const char *const Names[] = {"Held", "Released", "Copy", "Escaped"};
    OS << Names[K];
    if (By)
      OS << " by " << displayName(*By);
    if (Region)
      OS << (K == Copy ? " of " : " lock ") << Region;
  }

private:
  HandleState(Kind K, const LockRoutine *By, const MemRegion *Region, int64_t KindValue,
              bool HasKind)
      : K(K), HasKind(HasKind), By(By), Region(Region), KindValue(KindValue) {}

  Kind K;
  bool HasKind;
  const LockRoutine *By;
  const MemRegion *Region;
  int64_t KindValue;
};

} // namespace

REGISTER_MAP_WITH_PROGRAMSTATE(HandleMap, const MemRegion *, HandleState)
/// Device extensions (base regions) whose StorPort MSI lock the path holds, for any message.
REGISTER_SET_WITH_PROGRAMSTATE(MsiHeld, const MemRegion *)
/// Set between checkPreCall and checkPostCall of a copy routine: the engine's model of memcpy
/// invalidates more than the bytes it copies, and does so without naming the call.
REGISTER_TRAIT_WITH_PROGRAMSTATE(InCopyRoutine, bool)
/// The held handle the path last read as a whole (see checkLocation).
REGISTER_TRAIT_WITH_PROGRAMSTATE(LastHeldLoad, const MemRegion *)

namespace {

/// The checker names this engine serves.
enum CheckKind { CK_QueuedSpinLockRelease, CK_QueuedSpinLock, CK_StorPortSpinLock, CK_NumKinds };

/// The kinds of finding.
enum BugKind {
  BK_ReleaseNotHeld,  ///< never acquired, already released, or a copy
  BK_ReleaseUnknown,  ///< (option) release of a handle with no acquire seen
  BK_AcquireHeld,     ///< acquire into a handle that is still held
  BK_LocalHeld,       ///< a local handle held when its function returns
  BK_EntryHeld,       ///< a handle held when an entry point returns
  BK_Variant,         ///< the release does not pair with the acquire
  BK_SameLock,        ///< the spin lock is already held through another handle
  BK_NumKinds
};

const char *const Category = "Windows driver locking";

const char *const BugNames[BK_NumKinds] = {
    "Release of a lock handle that is not held",
    "Release of a lock handle with no acquire seen",
    "Acquire into a lock handle that is still held",
    "Lock handle held when its function returns",
    "Lock held when a driver entry point returns",
    "Release variant does not match the acquire",
    "Spin lock acquired twice on one path",
};

/// Which checker name owns a finding about a routine of \p F.
CheckKind ownerOf(LockFamily F, BugKind B) {
  if (F != LockFamily::InStackQueued)
    return CK_StorPortSpinLock;
  return (B == BK_ReleaseNotHeld || B == BK_ReleaseUnknown) ? CK_QueuedSpinLockRelease
                                                            : CK_QueuedSpinLock;
}

class WdkLockChecker
    : public Checker<eval::Call, check::PreCall, check::PostCall, check::Location, check::Bind,
                     check::RegionChanges,
                     check::EndFunction, check::EndAnalysis, check::EndOfTranslationUnit> {
public:
  bool Enabled[CK_NumKinds] = {false};
  CheckerNameRef Names[CK_NumKinds];
  bool ReportUnknownHandles = false;
  RoleTypeSet Roles;
  SiteLedger::Options Coverage;
  std::string CoverageFile;

  WdkLockChecker();

  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkLocation(SVal Loc, bool IsLoad, const Stmt *S, CheckerContext &C) const;
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  /// LLVM 22's form of the callback (it adds AtDeclInit); both stay declared so that the
  /// engine of every version finds its own.
  void checkBind(SVal Loc, SVal Val, const Stmt *S, bool /*AtDeclInit*/,
                 CheckerContext &C) const {
    checkBind(Loc, Val, S, C);
  }
  ProgramStateRef checkRegionChanges(ProgramStateRef State, const InvalidatedSymbols *Invalidated,
                                     ArrayRef<const MemRegion *> Explicit,
                                     ArrayRef<const MemRegion *> Regions,
                                     const LocationContext *, const CallEvent *Call) const;
  void checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const;
  void checkEndAnalysis(ExplodedGraph &G, BugReporter &BR, ExprEngine &Eng) const;
  void checkEndOfTranslationUnit(const TranslationUnitDecl *TU, AnalysisManager &Mgr,
                                 BugReporter &BR) const;
  void printState(raw_ostream &Out, ProgramStateRef State, const char *NL,
                  const char *Sep) const override;

private:
  // Recognising calls.
  const LockRoutine *lookup(const CallEvent &Call, const ASTContext &Ctx) const;
  bool evalStorPortRoutine(const CallEvent &Call, CheckerContext &C) const;
  bool evalCallUnderStorPortLock(const CallEvent &Call, CheckerContext &C) const;
  bool evalCallOfEntryPoint(const CallEvent &Call, CheckerContext &C) const;
  const CopyRoutine *lookupCopy(const CallEvent &Call, const ASTContext &Ctx) const;
  bool hasRoleType(const FunctionDecl *FD) const;
  bool isEntryPoint(const Decl *D) const;

  // Transitions.
  void onAcquire(const CallEvent &Call, CheckerContext &C, const LockRoutine &R,
                 const MemRegion *H, ProgramStateRef State) const;
  void onRelease(const CallEvent &Call, CheckerContext &C, const LockRoutine &R,
                 const MemRegion *H, ProgramStateRef State) const;

  // Reports.
  const BugType *bugType(LockFamily F, BugKind B) const;
  ExplodedNode *reportAtCall(CheckerContext &C, ProgramStateRef State, ExplodedNode *Pred,
                             LockFamily F, BugKind B, std::string Msg,
                             ArrayRef<const MemRegion *> Interesting) const;
  void emit(CheckerContext &C, ExplodedNode *N, LockFamily F, BugKind B, std::string Msg,
            ArrayRef<const MemRegion *> Interesting, const MemRegion *UniqueAtAcquireOf,
            std::optional<PathDiagnosticLocation> At = std::nullopt) const;

  std::vector<std::pair<CallDescription, const LockRoutine *>> LockCalls;
  std::vector<std::pair<CallDescription, const CopyRoutine *>> CopyCalls;
  /// The identifiers of the table's routines and of the copy routines, in the translation
  /// unit's identifier table: every evaluated call is first tested against these by pointer,
  /// so calls of other functions cost one hash lookup, no string comparison.
  mutable const ASTContext *IdentifiersOf = nullptr;
  using IdentifierSet = llvm::SmallPtrSet<const IdentifierInfo *, 32>;
  mutable IdentifierSet LockIds, CopyIds;
  void cacheIdentifiers(const ASTContext &Ctx) const;
  /// The callee's identifier when it is in \p Ids (LockIds or CopyIds), else null.
  const IdentifierInfo *calleeAmong(const CallEvent &Call, const ASTContext &Ctx,
                                    IdentifierSet WdkLockChecker::*Ids) const;
  mutable std::unique_ptr<BugType> BugTypes[CK_NumKinds][BK_NumKinds];
  mutable llvm::DenseMap<const Decl *, bool> EntryPointCache;
  /// The functions the translation unit hands to the system, read on the first question.
  mutable std::optional<RegisteredCallbacks> Callbacks;
  /// Tags the node of a finding, so that it never coincides with (and is never merged into)
  /// the node another path reaches with the same state.
  const SimpleProgramPointTag FindingTag{"wdk.LockModeling", "finding"};
  /// Tells apart the value an acquire gives its handle's contents from the call's result.
  const SimpleProgramPointTag HandleContentsTag{"wdk.LockModeling", "handle contents"};
  /// Which lock call sites explored paths reached (issue: honest coverage).
  mutable SiteLedger Ledger;
};

//===----------------------------------------------------------------------===//
// Regions and names
//===----------------------------------------------------------------------===//

/// The region a pointer argument points to, without casts; null for NULL, integers, unknown.
const MemRegion *pointee(SVal V) {
  const MemRegion *R = V.getAsRegion();
  return R ? R->StripCasts() : nullptr;
}

/// The stack frame whose local (or by-value parameter) storage holds \p R, if any.
const StackFrameContext *owningFrame(const MemRegion *R, ProgramStateRef State) {
  if (const auto *SS = dyn_cast<StackSpaceRegion>(compat::memorySpace(R, State)))
    return SS->getStackFrame();
  return nullptr;
}

/// True when \p R is storage of a frame on this path whose whole history we have seen: a
/// local variable (or a part of one at constant offsets).
bool isPreciseLocal(const MemRegion *R, ProgramStateRef State) {
  if (!isa<StackLocalsSpaceRegion>(compat::memorySpace(R, State)))
    return false;
  for (const MemRegion *Cur = R; Cur; ) {
    if (const auto *ER = dyn_cast<ElementRegion>(Cur)) {
      if (!ER->getIndex().getAs<nonloc::ConcreteInt>())
        return false;
      Cur = ER->getSuperRegion();
    } else if (const auto *FR = dyn_cast<FieldRegion>(Cur)) {
      Cur = FR->getSuperRegion();
    } else {
      return isa<VarRegion, CXXTempObjectRegion>(Cur);
    }
  }
  return false;
}

/// The array \p R is an element of at a symbolic index (handles[i]), if any.
const MemRegion *symbolicallyIndexedArray(const MemRegion *R) {
  for (const MemRegion *Cur = R; const auto *Sub = dyn_cast<SubRegion>(Cur);
       Cur = Sub->getSuperRegion())
    if (const auto *ER = dyn_cast<ElementRegion>(Cur))
      if (!ER->getIndex().getAs<nonloc::ConcreteInt>())
        return ER->getSuperRegion();
  return nullptr;
}

/// handles[i] may be any element: the other tracked elements of that array become unknown.
ProgramStateRef forgetAliasedElements(ProgramStateRef State, const MemRegion *H) {
  const MemRegion *Array = symbolicallyIndexedArray(H);
  if (!Array)
    return State;
  for (const auto &[Other, S] : State->get<HandleMap>())
    if (Other != H && Other->isSubRegionOf(Array))
      State = State->set<HandleMap>(Other, HandleState::escaped());
  return State;
}

/// True when \p R or storage around it reached code we cannot see.
bool isEscaped(ProgramStateRef State, const MemRegion *R) {
  for (const MemRegion *Cur = R; Cur; ) {
    const HandleState *S = State->get<HandleMap>(Cur);
    if (S && S->kind() == HandleState::Escaped)
      return true;
    const auto *Sub = dyn_cast<SubRegion>(Cur);
    Cur = Sub ? Sub->getSuperRegion() : nullptr;
  }
  return false;
}

/// The symbolic object \p R is a view of (`*p`, `((T *)p)[0]`), if any.
const SymbolicRegion *pointeeOf(const MemRegion *R) {
  while (const auto *ER = dyn_cast<ElementRegion>(R)) {
    auto CI = ER->getIndex().getAs<nonloc::ConcreteInt>();
    if (!CI || compat::concreteValue(*CI) != 0)
      return nullptr;
    R = ER->getSuperRegion();
  }
  return dyn_cast<SymbolicRegion>(R);
}

/// Writes \p R as the C expression that names it ("h", "ext->Handle", "handles[1]",
/// "*Lock"); false when some part has no name (conjured values, heap symbols).
bool printRegion(const MemRegion *R, raw_ostream &OS);

/// Writes the pointer whose pointee is \p SR ("p" for *p); false when it has no name.
bool printPointer(const SymbolicRegion *SR, raw_ostream &OS) {
  const auto *RV = dyn_cast<SymbolRegionValue>(SR->getSymbol());
  return RV && printRegion(RV->getRegion(), OS);
}

bool printRegion(const MemRegion *R, raw_ostream &OS) {
  if (const SymbolicRegion *SR = pointeeOf(R)) {
    OS << "*";
    return printPointer(SR, OS);
  }
  if (const auto *VR = dyn_cast<VarRegion>(R)) {
    OS << VR->getDecl()->getName();
    return true;
  }
  if (const auto *FR = dyn_cast<FieldRegion>(R)) {
    const MemRegion *Super = FR->getSuperRegion();
    if (const SymbolicRegion *SR = pointeeOf(Super)) {
      if (!printPointer(SR, OS))
        return false;
      OS << "->" << FR->getDecl()->getName();
      return true;
    }
    if (!printRegion(Super, OS))
      return false;
    OS << "." << FR->getDecl()->getName();
    return true;
  }
  if (const auto *ER = dyn_cast<ElementRegion>(R)) {
    if (!printRegion(ER->getSuperRegion(), OS))
      return false;
    if (auto CI = ER->getIndex().getAs<nonloc::ConcreteInt>())
      OS << "[" << compat::concreteValue(*CI) << "]";
    else
      OS << "[...]";
    return true;
  }
  return false;
}

/// "'h'", "'ext->Handle'", "'handles[1]'", or a description when there is no name.
std::string nameOf(const MemRegion *R) {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  if (printRegion(R, OS)) {
    // Region keys drop a zero index (&a[0] is a); put it back for an array.
    if (const auto *TR = dyn_cast<TypedValueRegion>(R); TR && TR->getValueType()->isArrayType())
      OS << "[0]";
    return "'" + OS.str() + "'";
  }
  return "the lock handle";
}

std::string functionName(const Decl *D) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return "'" + ND->getNameAsString() + "'";
  return "the function";
}

//===----------------------------------------------------------------------===//
// KeReleaseInStackQueuedSpinLock by hand
//===----------------------------------------------------------------------===//

/// True when \p A and \p B spell the same object: the same variable, the same member of the
/// same object, the same constant element of the same array, or the same dereference.
bool sameObject(const Expr *A, const Expr *B) {
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (A->getStmtClass() != B->getStmtClass())
    return false;
  if (const auto *DA = dyn_cast<DeclRefExpr>(A))
    return DA->getDecl()->getCanonicalDecl() ==
           cast<DeclRefExpr>(B)->getDecl()->getCanonicalDecl();
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = cast<MemberExpr>(B);
    return MA->getMemberDecl() == MB->getMemberDecl() && MA->isArrow() == MB->isArrow() &&
           sameObject(MA->getBase(), MB->getBase());
  }
  if (const auto *SA = dyn_cast<ArraySubscriptExpr>(A)) {
    const auto *SB = cast<ArraySubscriptExpr>(B);
    const auto *IA = dyn_cast<IntegerLiteral>(SA->getIdx()->IgnoreParenImpCasts());
    const auto *IB = dyn_cast<IntegerLiteral>(SB->getIdx()->IgnoreParenImpCasts());
    return IA && IB && llvm::APInt::isSameValue(IA->getValue(), IB->getValue()) &&
           sameObject(SA->getBase(), SB->getBase());
  }
  if (const auto *UA = dyn_cast<UnaryOperator>(A))
    return UA->getOpcode() == UO_Deref && cast<UnaryOperator>(B)->getOpcode() == UO_Deref &&
           sameObject(UA->getSubExpr(), cast<UnaryOperator>(B)->getSubExpr());
  return false;
}

/// True when \p E reads the OldIrql of the handle \p HandleArg points to (h.OldIrql for &h,
/// p->OldIrql for p).
bool readsOldIrqlOf(const Expr *E, const Expr *HandleArg) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenCasts());
  if (!ME || ME->getMemberDecl()->getName() != "OldIrql")
    return false;
  const Expr *Handle = HandleArg->IgnoreParenImpCasts();
  if (!ME->isArrow()) { // h.OldIrql pairs with &h
    const auto *AddrOf = dyn_cast<UnaryOperator>(Handle);
    if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
      return false;
    Handle = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  }
  return sameObject(ME->getBase(), Handle);
}

/// True when \p S (or a statement in it) assigns the handle's OldIrql to \p Var.
bool savesOldIrqlTo(const Stmt *S, const VarDecl *Var, const Expr *HandleArg) {
  if (!S)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->getOpcode() == BO_Assign)
      if (const auto *LHS = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (LHS->getDecl() == Var && readsOldIrqlOf(BO->getRHS(), HandleArg))
          return true;
  for (const Stmt *Child : S->children())
    if (savesOldIrqlTo(Child, Var, HandleArg))
      return true;
  return false;
}

/// True when \p IrqlArg is the handle's saved IRQL: h.OldIrql itself, or a local variable of
/// \p Body initialized or assigned from it (`Old = h.OldIrql; ...; KeLowerIrql(Old)`).
bool isSavedIrqlOf(const Expr *IrqlArg, const Expr *HandleArg, const Stmt *Body) {
  if (readsOldIrqlOf(IrqlArg, HandleArg))
    return true;
  const auto *DRE = dyn_cast<DeclRefExpr>(IrqlArg->IgnoreParenCasts());
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage())
    return false;
  if (Var->getInit() && readsOldIrqlOf(Var->getInit(), HandleArg))
    return true;
  return savesOldIrqlTo(Body, Var, HandleArg);
}

/// True when \p S contains a call handed the OldIrql saved in the handle that \p HandleArg (the
/// release's handle argument: &h, &ext->h or a pointer) points to: KeLowerIrql(h.OldIrql),
/// __writecr8, or a routine that restores it on the way out (ReactOS's
/// KiExitDispatcher(h.OldIrql)). The saved IRQL has no other use.
bool lowersIrqlFrom(const Stmt *S, const Expr *HandleArg, const Stmt *Body) {
  if (!S)
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    for (const Expr *Arg : CE->arguments())
      if (isSavedIrqlOf(Arg, HandleArg, Body))
        return true;
  for (const Stmt *Child : S->children())
    if (lowersIrqlFrom(Child, HandleArg, Body))
      return true;
  return false;
}

/// The body of the function \p S is in.
const Stmt *functionBodyOf(const Stmt *S, ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(*S);
  for (int Depth = 0; Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return nullptr;
    if (const auto *FD = Parents[0].get<FunctionDecl>())
      return FD->getBody();
    Node = Parents[0];
  }
  return nullptr;
}

bool restoresIrqlAfter(const CallExpr *Release, const Expr *HandleArg, ASTContext &Ctx,
                       const StackFrameContext *Frame);

/// A release helper (ReactOS's KiReleaseApcLockFromSynchLevel(Handle), whose body is the
/// FromDpcLevel release) ends and its caller restores the IRQL:
/// `KiReleaseApcLockFromSynchLevel(&ApcLock); KiExitDispatcher(ApcLock.OldIrql);`. True when
/// \p HandleArg is a parameter of the function of \p Frame and the statements after the call
/// of that function restore the IRQL saved in the handle the caller passed.
bool restoredByCaller(const Expr *HandleArg, ASTContext &Ctx, const StackFrameContext *Frame) {
  const auto *Ref = dyn_cast<DeclRefExpr>(HandleArg->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param || !Frame || Frame->inTopFrame())
    return false;
  const auto *Call = dyn_cast_or_null<CallExpr>(Frame->getCallSite());
  unsigned Index = Param->getFunctionScopeIndex();
  if (!Call || Index >= Call->getNumArgs())
    return false;
  return restoresIrqlAfter(Call, Call->getArg(Index), Ctx, Frame->getParent()->getStackFrame());
}

/// The inlined shape of KeReleaseInStackQueuedSpinLock: \p Release (a FromDpcLevel release)
/// is followed, before any jump, by lowering IRQL to the same handle's OldIrql: in its block,
/// then in the enclosing blocks (control leaves an if branch to the statement after the if),
/// up to a loop or switch, and past the end of the function into its caller when the handle
/// is a parameter (restoredByCaller). Decided on the syntax, as the statements after the call
/// are not on the path yet.
bool restoresIrqlAfter(const CallExpr *Release, const Expr *HandleArg, ASTContext &Ctx,
                       const StackFrameContext *Frame) {
  const Stmt *Body = functionBodyOf(Release, Ctx);
  const Stmt *Child = Release;
  for (int Depth = 0; Child && Depth < 16; ++Depth) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return false;
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent || isa<WhileStmt, ForStmt, DoStmt, SwitchStmt>(Parent))
      return false;
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent)) {
      bool After = false;
      for (const Stmt *Sibling : Block->body()) {
        if (Sibling == Child) {
          After = true;
          continue;
        }
        if (!After)
          continue;
        if (isa<ReturnStmt, GotoStmt, BreakStmt, ContinueStmt>(Sibling))
          return false;
        if (lowersIrqlFrom(Sibling, HandleArg, Body))
          return true;
      }
      if (Block == Body)
        return restoredByCaller(HandleArg, Ctx, Frame);
    }
    Child = Parent;
  }
  return false;
}

} // namespace

WdkLockChecker::WdkLockChecker() {
  for (const LockRoutine &R : lockRoutines())
    LockCalls.emplace_back(compat::cLibraryCall(R.Name, R.NumArgs, R.declaredParams()), &R);
  for (const CopyRoutine &R : copyRoutines())
    CopyCalls.emplace_back(compat::cLibraryCall(R.Name, R.NumArgs, R.NumArgs), &R);
}

//===----------------------------------------------------------------------===//
// Recognising calls
//===----------------------------------------------------------------------===//

void WdkLockChecker::cacheIdentifiers(const ASTContext &Ctx) const {
  if (IdentifiersOf == &Ctx)
    return;
  IdentifiersOf = &Ctx;
  LockIds.clear();
  CopyIds.clear();
  for (const LockRoutine &R : lockRoutines())
    LockIds.insert(&Ctx.Idents.get(R.Name));
  for (const CopyRoutine &R : copyRoutines())
    CopyIds.insert(&Ctx.Idents.get(R.Name));
}

const IdentifierInfo *WdkLockChecker::calleeAmong(const CallEvent &Call, const ASTContext &Ctx,
                                                  IdentifierSet WdkLockChecker::*Ids) const {
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return nullptr;
  cacheIdentifiers(Ctx);
  return (this->*Ids).contains(II) ? II : nullptr;
}

const LockRoutine *WdkLockChecker::lookup(const CallEvent &Call, const ASTContext &Ctx) const {
  const IdentifierInfo *II = calleeAmong(Call, Ctx, &WdkLockChecker::LockIds);
  if (!II)
    return nullptr;
  // The exact argument and parameter counts, whatever the engine's matching tolerates (LLVM 16
  // accepts extra arguments for C library functions).
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  for (const auto &[Desc, Routine] : LockCalls) {
    if (!FD || II->getName() != Routine->Name || Call.getNumArgs() != Routine->NumArgs ||
        FD->getNumParams() != Routine->declaredParams() || !Desc.matches(Call))
      continue;
    if (!Routine->SelectorName)
      return Routine;
    // A multiplexed routine: argument 0 names the operation, by enumerator or by value.
    StringRef Selector;
    const Expr *Arg0 = Call.getArgExpr(0);
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Arg0 ? Arg0->IgnoreParenCasts() : nullptr))
      if (const auto *ECD = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
        Selector = ECD->getName();
    std::optional<int64_t> Value;
    if (auto CI = Call.getArgSVal(0).getAs<nonloc::ConcreteInt>())
      Value = compat::concreteValue(*CI).getExtValue();
    if (findLockRoutine(Routine->Name, Call.getNumArgs(), Selector, Value) == Routine)
      return Routine;
  }
  return nullptr;
}

const CopyRoutine *WdkLockChecker::lookupCopy(const CallEvent &Call,
                                              const ASTContext &Ctx) const {
  // Runs before and after every call the engine evaluates: one pointer lookup first.
  const IdentifierInfo *II = calleeAmong(Call, Ctx, &WdkLockChecker::CopyIds);
  if (!II)
    return nullptr;
  for (const auto &[Desc, Routine] : CopyCalls)
    if (II->getName() == Routine->Name && Desc.matches(Call))
      return Routine;
  return nullptr;
}

/// True when a declaration of \p FD names a role type: `DRIVER_DISPATCH MyDispatch;`.
bool WdkLockChecker::hasRoleType(const FunctionDecl *FD) const {
  for (const FunctionDecl *Redecl : FD->redecls()) {
    const TypeSourceInfo *TSI = Redecl->getTypeSourceInfo();
    QualType T = TSI ? TSI->getType() : Redecl->getType();
    // Walk the typedef chain: a role type may be a typedef of another.
    while (const auto *TT = T->getAs<TypedefType>()) {
      if (Roles.contains(TT->getDecl()->getName()))
        return true;
      T = TT->getDecl()->getUnderlyingType();
    }
  }
  return false;
}

/// An entry point is a function declared with a role type, or one the driver hands to the
/// system (Callbacks.h): the system calls it.
bool WdkLockChecker::isEntryPoint(const Decl *D) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
  if (!FD)
    return false;
  auto [It, Inserted] = EntryPointCache.try_emplace(FD->getCanonicalDecl(), false);
  if (!Inserted)
    return It->second;
  if (!Callbacks) {
    Callbacks.emplace();
    Callbacks->collect(FD->getASTContext());
  }
  return It->second = hasRoleType(FD) || Callbacks->contains(FD);
}

//===----------------------------------------------------------------------===//
// Transitions
//===----------------------------------------------------------------------===//

/// The argument a StorPort routine takes the miniport's device extension in: the parameter
/// named HwDeviceExtension (or DeviceExtension), as the WDK and mingw-w64 declare them; -1 for
/// other routines, for StorPort routines without one, and for those with a body (the inline
/// wrappers, which the engine inlines).
int deviceExtensionArg(const CallEvent &Call) {
  // Every evaluated call comes here: look at the name before the declaration.
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II || !II->getName().starts_with("StorPort"))
    return -1;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || FD->hasBody())
    return -1;
  for (unsigned I = 0; I < FD->getNumParams() && I < Call.getNumArgs(); ++I) {
    StringRef Name = FD->getParamDecl(I)->getName();
    if (Name == "HwDeviceExtension" || Name == "DeviceExtension")
      return I;
  }
  return -1;
}

/// Evaluates \p Call as the engine does a call it cannot see into (a fresh result; what its
/// pointer arguments point to, and the globals, invalidated), except that the memory of
/// \p Keep keeps its contents. False when the call has no expression to bind a result to.
bool evalKeeping(const CallEvent &Call, CheckerContext &C, ArrayRef<const MemRegion *> Keep) {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
  if (!CE)
    return false;
  SmallVector<SVal, 8> Pointers;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I)
    if (const Expr *Arg = Call.getArgExpr(I);
        Arg && (Arg->getType()->isAnyPointerType() || Arg->getType()->isReferenceType()))
      Pointers.push_back(Call.getArgSVal(I));
  RegionAndSymbolInvalidationTraits Traits;
  for (const MemRegion *R : Keep)
    Traits.setTrait(R->getBaseRegion(), RegionAndSymbolInvalidationTraits::TK_PreserveContents);
  ProgramStateRef State = compat::invalidateForCall(C.getState(), Pointers, Call, C, &Traits);
  if (!Call.getResultType()->isVoidType())
    State = State->BindExpr(CE, C.getLocationContext(),
                            compat::conjureFor(C, Call, Call.getResultType(), nullptr));
  C.addTransition(State);
  return true;
}

/// Any other StorPort routine, evaluated as the engine would (a fresh result; what its pointer
/// arguments point to, and the globals, invalidated) except that the device extension keeps
/// its contents: StorPort uses the extension to find the adapter and never writes the
/// miniport's fields. Otherwise a StorPortNotification(RequestComplete, ...) between a
/// mode-flag lock helper and its release helper made the flag unknown, and the release took
/// the other lock (storahci's shape).
bool WdkLockChecker::evalStorPortRoutine(const CallEvent &Call, CheckerContext &C) const {
  int ExtArg = deviceExtensionArg(Call);
  if (ExtArg < 0)
    return false;
  SmallVector<const MemRegion *, 1> Keep;
  if (const MemRegion *Ext = Call.getArgSVal(ExtArg).getAsRegion())
    Keep.push_back(Ext);
  return evalKeeping(Call, C, Keep);
}

/// Adds \p Ext and the objects its address was loaded from (`Channel->AdapterExtension`: the
/// channel extension), a few levels up, to \p Out.
void addWithContainers(const MemRegion *Ext, SmallVectorImpl<const MemRegion *> &Out) {
  for (int Depth = 0; Ext && Depth < 3; ++Depth) {
    Ext = Ext->getBaseRegion();
    if (llvm::is_contained(Out, Ext))
      return;
    Out.push_back(Ext);
    const auto *SR = dyn_cast<SymbolicRegion>(Ext);
    if (!SR)
      return;
    Ext = memoryRead(SR->getSymbol());
  }
}

/// The device extensions whose StorPort locks the path holds (a held STOR_LOCK_HANDLE's
/// extension, an MSI lock's), with the objects their addresses were loaded from.
SmallVector<const MemRegion *, 4> storPortLockedExtensions(ProgramStateRef State) {
  SmallVector<const MemRegion *, 4> Out;
  for (const auto &[Handle, S] : State->get<HandleMap>())
    if (S.isHeld() && S.by()->Family == LockFamily::StorPort && S.region())
      addWithContainers(S.region(), Out);
  for (const MemRegion *Ext : State->get<MsiHeld>())
    addWithContainers(Ext, Out);
  return Out;
}

/// A call of the miniport's own code that the analysis cannot see (a function defined in
/// another file), made while a StorPort lock of a device extension is held: evaluated as the
/// engine would, except that the locked extensions, and the objects their addresses were read
/// from, keep their contents. storahci chooses the interrupt lock or the MSI lock by a flag in
/// the adapter extension and re-reads the flag (through Channel->AdapterExtension) to release;
/// its lock holders call such functions with the channel extension, and the flag became
/// unknown, so the release took the other lock. The configuration that chose a lock is assumed
/// to stay as it was while the lock is held.
bool WdkLockChecker::evalCallUnderStorPortLock(const CallEvent &Call, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (State->get<MsiHeld>().isEmpty() && State->get<HandleMap>().isEmpty())
    return false;
  SmallVector<const MemRegion *, 4> Locked = storPortLockedExtensions(State);
  if (Locked.empty() || !isa<SimpleFunctionCall>(Call) || Call.isInSystemHeader())
    return false;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || FD->hasBody())
    return false;
  return evalKeeping(Call, C, Locked);
}

/// A direct call of an entry point (declared with a role type or registered with the system;
/// an ISR calling its DPC routine with a NULL DPC, as nvmewin does): evaluated as a call the
/// analysis cannot see into. Otherwise
/// the engine inlines the routine and, having analysed it once, never analyses it on its own,
/// so the rules for entry points (nothing held when it returns) were only checked in the
/// caller's context. An entry point holds nothing when it returns, so the caller loses no
/// lock state.
bool WdkLockChecker::evalCallOfEntryPoint(const CallEvent &Call, CheckerContext &C) const {
  if (!isa<SimpleFunctionCall>(Call))
    return false;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || !FD->hasBody() || !isEntryPoint(FD))
    return false;
  return evalKeeping(Call, C, {});
}

bool WdkLockChecker::evalCall(const CallEvent &Call, CheckerContext &C) const {
  const LockRoutine *R = lookup(Call, C.getASTContext());
  if (!R)
    return evalStorPortRoutine(Call, C) || evalCallUnderStorPortLock(Call, C) ||
           evalCallOfEntryPoint(Call, C);
  Ledger.noteReached(Call.getOriginExpr());
  ProgramStateRef State = C.getState();

  // The routine's result (StorPort routines return a status) is a fresh value.
  if (const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr()))
    if (!Call.getResultType()->isVoidType())
      State = State->BindExpr(CE, C.getLocationContext(),
                              compat::conjureFor(C, Call, Call.getResultType(), nullptr));

  if (R->HandleArg < 0) {
    // MSI locks: the acquire writes the old IRQL through its third argument; nothing else
    // changes. The path holds the extension's MSI lock from the acquire to the release.
    if (const MemRegion *Ext = R->LockArg >= 0 ? pointee(Call.getArgSVal(R->LockArg)) : nullptr)
      State = R->Op == LockOp::Acquire ? State->add<MsiHeld>(Ext->getBaseRegion())
                                       : State->remove<MsiHeld>(Ext->getBaseRegion());
    if (R->Op == LockOp::Acquire) {
      SVal OutPtr = Call.getArgSVal(2);
      if (const MemRegion *Out = pointee(OutPtr)) {
        if (const auto *TR = dyn_cast<TypedValueRegion>(Out))
          State = State->bindLoc(loc::MemRegionVal(Out),
                                 compat::conjureFor(C, Call, TR->getValueType(), &FindingTag),
                                 C.getLocationContext());
      }
    }
    C.addTransition(State);
    return true;
  }

  const MemRegion *H = pointee(Call.getArgSVal(R->HandleArg));
  if (!H) {
    // NULL, an integer, or nothing we can name: the call is modelled, the handle unknown.
    C.addTransition(State);
    return true;
  }
  if (R->Op == LockOp::Acquire)
    onAcquire(Call, C, *R, H, State);
  else
    onRelease(Call, C, *R, H, State);
  return true;
}

void WdkLockChecker::onAcquire(const CallEvent &Call, CheckerContext &C, const LockRoutine &R,
                               const MemRegion *H, ProgramStateRef State) const {
  const MemRegion *Lock = R.LockArg >= 0 ? pointee(Call.getArgSVal(R.LockArg)) : nullptr;
  std::optional<int64_t> Kind;
  if (R.LockKindArg >= 0)
    if (auto CI = Call.getArgSVal(R.LockKindArg).getAs<nonloc::ConcreteInt>())
      Kind = compat::concreteValue(*CI).getExtValue();
  if (R.Family == LockFamily::StorPort && Kind == StorPortDpcLock &&
      static_cast<unsigned>(R.LockKindArg + 1) < Call.getNumArgs())
    if (const MemRegion *Dpc = pointee(Call.getArgSVal(R.LockKindArg + 1)))
      Lock = Dpc;

  ExplodedNode *Pred = C.getPredecessor();
  const HandleState *Cur = State->get<HandleMap>(H);
  if (Cur && Cur->isHeld()) {
    Pred = reportAtCall(C, State, Pred, R.Family, BK_AcquireHeld,
                        nameOf(H) + " is acquired by " + displayName(R) +
                            " while it is still held; release it before acquiring it again",
                        {H});
  } else if (Lock && (R.LockKindArg < 0 || Kind)) {
    for (const auto &[Other, S] : State->get<HandleMap>()) {
      if (Other == H || !S.holdsSameLock(Lock, Kind))
        continue;
      std::string LockName = R.Family == LockFamily::InStackQueued
                                 ? "spin lock " + nameOf(Lock)
                                 : "the same StorPort lock of " + nameOf(Lock);
      Pred = reportAtCall(C, State, Pred, R.Family, BK_SameLock,
                          displayName(R) + " acquires " + LockName + " into " + nameOf(H) +
                              " while this path already holds it through " + nameOf(Other) +
                              "; this deadlocks",
                          {H, Other});
      break;
    }
  }

  // The acquire fills the handle (the saved IRQL, the queue links): fresh contents, so that
  // reading h.OldIrql afterwards is no read of an uninitialized value.
  SVal Contents = compat::conjureFor(C, Call, C.getASTContext().IntTy, &HandleContentsTag);
  State = State->bindDefaultInitial(loc::MemRegionVal(H), Contents, C.getLocationContext());
  State = forgetAliasedElements(State, H);
  C.addTransition(State->set<HandleMap>(H, HandleState::held(&R, Lock, Kind)), Pred);
}

void WdkLockChecker::onRelease(const CallEvent &Call, CheckerContext &C, const LockRoutine &R,
                               const MemRegion *H, ProgramStateRef State) const {
  ExplodedNode *Pred = C.getPredecessor();
  const HandleState *Cur = State->get<HandleMap>(H);
  // The message is only built when there is something to report.
  auto Released = [&] { return nameOf(H) + " is released by " + displayName(R); };

  auto Report = [&](BugKind B, std::string Msg, ArrayRef<const MemRegion *> Interesting) {
    Pred = reportAtCall(C, State, Pred, R.Family, B, std::move(Msg), Interesting);
  };

  // A FromDpcLevel release of a handle whose acquire saved the IRQL, with the IRQL restored
  // from that handle right after, is KeReleaseInStackQueuedSpinLock written out.
  auto ReleasedByHand = [&] {
    const auto *CE = dyn_cast_or_null<CallExpr>(Call.getOriginExpr());
    return Cur->by()->Pairing == IrqlPairing::SavesIrql && R.Pairing == IrqlPairing::DpcLevel &&
           CE && R.HandleArg >= 0 &&
           restoresIrqlAfter(CE, CE->getArg(R.HandleArg), C.getASTContext(), C.getStackFrame());
  };

  if (Cur && Cur->isHeld()) {
    if (!pairsWith(*Cur->by(), R) && !ReleasedByHand()) {
      const LockRoutine *Expected = matchingRelease(*Cur->by());
      Report(BK_Variant,
             nameOf(H) + " was acquired by " + displayName(*Cur->by()) + ", which pairs with " +
                 (Expected ? displayName(*Expected) : std::string("another release")) +
                 ", but is released by " + displayName(R),
             {H});
    }
  } else if (Cur && Cur->kind() == HandleState::Released) {
    Report(BK_ReleaseNotHeld, Released() + " but was already released", {H});
  } else if (Cur && Cur->kind() == HandleState::Copy) {
    Report(BK_ReleaseNotHeld,
           Released() + " but is a copy of " + nameOf(Cur->region()) +
               "; a queued lock is linked through the address of the handle it was acquired "
               "into, so only that handle can release it",
           {H, Cur->region()});
  } else if (Cur && Cur->kind() == HandleState::Escaped) {
    // Code we cannot see had the handle: its state is unknown.
  } else if (!isEscaped(State, H) && isPreciseLocal(H, State)) {
    Report(BK_ReleaseNotHeld, Released() + " but was never acquired on this path", {H});
  } else if (ReportUnknownHandles) {
    Report(BK_ReleaseUnknown, Released() + " but no acquire of it was seen on this path", {H});
  }

  State = forgetAliasedElements(State, H);
  C.addTransition(State->set<HandleMap>(H, HandleState::released(&R)), Pred);
}

void WdkLockChecker::checkPreCall(const CallEvent &Call, CheckerContext &C) const {
  if (lookupCopy(Call, C.getASTContext()))
    C.addTransition(C.getState()->set<InCopyRoutine>(true));
}

/// A copy of a held handle, by memcpy and the like.
void WdkLockChecker::checkPostCall(const CallEvent &Call, CheckerContext &C) const {
  const CopyRoutine *R = lookupCopy(Call, C.getASTContext());
  if (!R)
    return;
  ProgramStateRef State = C.getState()->remove<InCopyRoutine>();
  const MemRegion *Src = pointee(Call.getArgSVal(R->SourceArg));
  const MemRegion *Dst = pointee(Call.getArgSVal(R->DestArg));
  const HandleState *S = Src ? State->get<HandleMap>(Src) : nullptr;
  if (!Dst || Src == Dst || !S || !S->isHeld()) {
    C.addTransition(State);
    return;
  }
  C.addTransition(State->set<HandleMap>(Dst, HandleState::copyOf(Src, S->by())));
}

/// The last struct the path read, when it is a held handle: the source of the copy a bind of
/// that value makes. (The bound value alone cannot say: after `a = b;` the store binds a to a
/// lazy value of b, so `c = a;` would look like a copy of b.)
void WdkLockChecker::checkLocation(SVal Loc, bool IsLoad, const Stmt *, CheckerContext &C) const {
  const auto *TR = dyn_cast_or_null<TypedValueRegion>(Loc.getAsRegion());
  if (!IsLoad || !TR || !TR->getValueType()->isRecordType())
    return;
  const MemRegion *R = TR->StripCasts();
  ProgramStateRef State = C.getState();
  const HandleState *HS = State->get<HandleMap>(R);
  const MemRegion *Previous = State->get<LastHeldLoad>();
  if (HS && HS->isHeld()) {
    if (Previous != R)
      C.addTransition(State->set<LastHeldLoad>(R));
  } else if (Previous) {
    C.addTransition(State->remove<LastHeldLoad>());
  }
}

/// A copy of a held handle, by assignment or initialisation.
void WdkLockChecker::checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const MemRegion *Src = State->get<LastHeldLoad>();
  const MemRegion *Dst = Loc.getAsRegion();
  auto LCV = Val.getAs<nonloc::LazyCompoundVal>();
  if (!Src && LCV && isa_and_nonnull<CXXConstructExpr>(S))
    Src = LCV->getRegion()->StripCasts(); // C++ trivial copy construction reads no location
  if (!Src || !Dst || !LCV)
    return;
  State = State->remove<LastHeldLoad>();
  Dst = Dst->StripCasts();
  const HandleState *HS = State->get<HandleMap>(Src);
  if (HS && HS->isHeld() && Src != Dst)
    State = State->set<HandleMap>(Dst, HandleState::copyOf(Src, HS->by()));
  C.addTransition(State);
}

/// Code we cannot see received a handle (or storage around it): its state becomes unknown.
ProgramStateRef WdkLockChecker::checkRegionChanges(ProgramStateRef State,
                                                   const InvalidatedSymbols *Invalidated,
                                                   ArrayRef<const MemRegion *>,
                                                   ArrayRef<const MemRegion *> Regions,
                                                   const LocationContext *,
                                                   const CallEvent *Call) const {
  // A plain store (no invalidated-symbol set) is not an escape: checkBind saw it. Neither is
  // what the lock routines do (they are ours), nor what a copy routine does: the engine's
  // memcpy model invalidates more than the bytes copied, and checkPostCall models the copy.
  if (!Invalidated || State->get<InCopyRoutine>() ||
      (Call && lookup(*Call, State->getStateManager().getContext())))
    return State;
  for (const MemRegion *R : Regions) {
    // Loop widening invalidates a frame's whole stack space: its locals, and the pointers its
    // parameters held (so *Ext after the loop is a new region). Every handle of that frame and
    // every handle reached through a pointer becomes unknown, and so does any local of the
    // frame the path has not tracked yet (the entry for the space itself). Otherwise the flags
    // that tie an acquire to its release would be forgotten while handle states survive.
    // Other memory spaces (globals, on every opaque call) name no handle.
    if (isa<StackSpaceRegion>(R)) {
      for (const auto &[H, S] : State->get<HandleMap>()) {
        const MemSpaceRegion *Space = compat::memorySpace(H, State);
        if (S.kind() != HandleState::Escaped && (Space == R || !isa<StackSpaceRegion>(Space)))
          State = State->set<HandleMap>(H, HandleState::escaped());
      }
      State = State->set<HandleMap>(R, HandleState::escaped());
      continue;
    }
    if (isa<MemSpaceRegion>(R))
      continue;
    bool Tracked = false;
    for (const auto &[H, S] : State->get<HandleMap>()) {
      if (H != R && !H->isSubRegionOf(R))
        continue;
      Tracked |= H == R;
      if (S.kind() != HandleState::Escaped)
        State = State->set<HandleMap>(H, HandleState::escaped());
    }
    // Remember local aggregates that escaped, so a handle inside them is not later taken
    // for a never-acquired one.
    if (!Tracked && owningFrame(R, State))
      if (const auto *TR = dyn_cast<TypedValueRegion>(R))
        if (!TR->getValueType()->isScalarType())
          State = State->set<HandleMap>(R, HandleState::escaped());
  }
  return State;
}

/// A frame returns: its local handles die, and an entry point must hold nothing.
void WdkLockChecker::checkEndFunction(const ReturnStmt *RS, CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const StackFrameContext *SF = C.getStackFrame();
  const Decl *D = SF->getDecl();
  bool Entry = SF->inTopFrame() && isEntryPoint(D);
  if (SF->inTopFrame())
    Ledger.noteEndReached(D->getCanonicalDecl());

  SmallVector<std::pair<const MemRegion *, const LockRoutine *>, 2> LocalLeaks, EntryLeaks;
  for (const auto &[H, S] : State->get<HandleMap>()) {
    if (owningFrame(H, State) == SF) {
      if (S.isHeld())
        LocalLeaks.emplace_back(H, S.by());
      State = State->remove<HandleMap>(H);
    } else if (S.isHeld()) {
      if (Entry)
        EntryLeaks.emplace_back(H, S.by());
    }
  }

  if (LocalLeaks.empty() && EntryLeaks.empty()) {
    C.addTransition(State);
    return;
  }

  ExplodedNode *N = C.generateNonFatalErrorNode(State, &FindingTag);
  if (!N)
    return;
  PathDiagnosticLocation At =
      RS ? PathDiagnosticLocation::createBegin(RS, C.getSourceManager(), SF)
         : PathDiagnosticLocation::createDeclEnd(SF, C.getSourceManager());
  for (const auto &[H, By] : LocalLeaks)
    emit(C, N, By->Family, BK_LocalHeld,
         nameOf(H) + " is still held when " + functionName(D) +
             " returns; the handle lives on its stack, so the lock's queue is left pointing "
             "at a dead frame",
         {H}, H, At);
  for (const auto &[H, By] : EntryLeaks)
    emit(C, N, By->Family, BK_EntryHeld,
         nameOf(H) + " is still held when entry point " + functionName(D) + " returns",
         {H}, H, At);
}

/// One top-level function is done: did the engine explore all of it?
void WdkLockChecker::checkEndAnalysis(ExplodedGraph &G, BugReporter &, ExprEngine &Eng) const {
  const ExplodedNode *Root = llvm::GraphTraits<ExplodedGraph *>::getEntryNode(&G);
  if (!Root)
    return;
  // Paths dropped at the loop bound count as work remaining too: ask about each budget on its
  // own. The node budget ran out when work is left on the worklist (or, with no loop to blame,
  // when the engine aborted a block).
  bool Loop = Eng.wasBlocksExhausted();
  bool Nodes = !Eng.hasEmptyWorkList() || (!Loop && Eng.hasWorkRemaining());
  using Outcome = SiteLedger::Outcome;
  Outcome O = Loop && Nodes ? Outcome::LoopBoundAndNodeBudget
              : Loop        ? Outcome::LoopBound
              : Nodes       ? Outcome::NodeBudget
                            : Outcome::Complete;
  const Decl *D = Root->getLocationContext()->getDecl();
  Ledger.noteAnalysis(D->getCanonicalDecl(), O);
}

void WdkLockChecker::checkEndOfTranslationUnit(const TranslationUnitDecl *TU,
                                               AnalysisManager &Mgr, BugReporter &) const {
  Ledger.finish(TU, Mgr.getASTContext(), Coverage, Mgr.getAnalyzerOptions().AnalyzeAll);
}

//===----------------------------------------------------------------------===//
// Reports
//===----------------------------------------------------------------------===//

const BugType *WdkLockChecker::bugType(LockFamily F, BugKind B) const {
  CheckKind K = ownerOf(F, B);
  if (!Enabled[K])
    return nullptr;
  std::unique_ptr<BugType> &BT = BugTypes[K][B];
  if (!BT)
    BT = std::make_unique<BugType>(Names[K], BugNames[B], Category,
                                   /*SuppressOnSink=*/B == BK_LocalHeld || B == BK_EntryHeld);
  return BT.get();
}

namespace {
/// Explains a report's handles along its path: where each was acquired, released or copied,
/// and where a callee returned still holding its caller's handle. It reads the handle states
/// of consecutive nodes, so each change is told once, whatever nodes the engine repeats.
class HandleHistoryVisitor final : public BugReporterVisitor {
public:
  /// \p EndAt, when given, places the finding itself (a frame's return statement or closing
  /// brace; the engine would put an inlined callee's exit at its last statement).
  explicit HandleHistoryVisitor(std::optional<PathDiagnosticLocation> EndAt) : EndAt(EndAt) {}

  PathDiagnosticPieceRef getEndPath(BugReporterContext &BRC, const ExplodedNode *N,
                                    PathSensitiveBugReport &BR) override {
    if (!EndAt)
      return nullptr;
    return std::make_shared<PathDiagnosticEventPiece>(exitOnThisPath(BRC, N),
                                                      BR.getDescription());
  }

  void Profile(llvm::FoldingSetNodeID &ID) const override {
    static int Tag;
    ID.AddPointer(&Tag);
  }

  PathDiagnosticPieceRef VisitNode(const ExplodedNode *N, BugReporterContext &BRC,
                                   PathSensitiveBugReport &BR) override {
    const ExplodedNode *Pred = N->getFirstPred();
    if (!Pred)
      return nullptr;
    if (N->getLocation().getAs<CallExitBegin>())
      return returnNote(N, BRC, BR);
    ProgramStateRef Now = N->getState(), Before = Pred->getState();
    for (const auto &[H, S] : Now->get<HandleMap>()) {
      if (!BR.isInteresting(H))
        continue;
      const HandleState *Old = Before->get<HandleMap>(H);
      if (Old && *Old == S)
        continue;
      std::string Msg;
      switch (S.kind()) {
      case HandleState::Held:
        Msg = nameOf(H) + " acquired here by " + displayName(*S.by());
        break;
      case HandleState::Released:
        Msg = nameOf(H) + " released here by " + displayName(*S.by());
        break;
      case HandleState::Copy:
        Msg = nameOf(H) + " copied here from " + nameOf(S.region()) + " while it is held";
        break;
      case HandleState::Escaped:
        continue;
      }
      return piece(N, BRC, Msg);
    }
    return nullptr;
  }

private:
  /// Where the frame of \p ErrorNode returns on the path shown. Paths that leave the frame
  /// through different returns can end in one error node (once the frame's locals are gone
  /// their states are equal), and the path shown need not be the one that emitted the report:
  /// the last statement the frame evaluated tells which return it took.
  PathDiagnosticLocation exitOnThisPath(BugReporterContext &BRC,
                                        const ExplodedNode *ErrorNode) const {
    const StackFrameContext *SF = ErrorNode->getStackFrame();
    for (const ExplodedNode *P = ErrorNode->getFirstPred(); P && P->getStackFrame() == SF;
         P = P->getFirstPred()) {
      std::optional<StmtPoint> SP = P->getLocation().getAs<StmtPoint>();
      // The engine's clean-up at the frame's end is located at the body itself.
      if (!SP || SP->getStmt() == SF->getDecl()->getBody())
        continue;
      if (const auto *RS = dyn_cast<ReturnStmt>(SP->getStmt()))
        return PathDiagnosticLocation::createBegin(RS, BRC.getSourceManager(), SF);
      return PathDiagnosticLocation::createDeclEnd(SF, BRC.getSourceManager());
    }
    return *EndAt;
  }

  static PathDiagnosticPieceRef piece(const ExplodedNode *N, BugReporterContext &BRC,
                                      const std::string &Msg) {
    const Stmt *S = N->getStmtForDiagnostics();
    if (!S)
      return nullptr;
    PathDiagnosticLocation Loc(S, BRC.getSourceManager(), N->getLocationContext());
    return std::make_shared<PathDiagnosticEventPiece>(Loc, Msg, /*addPosRange=*/true);
  }

  /// A callee returns: name the caller's handles that it acquired and still holds.
  static PathDiagnosticPieceRef returnNote(const ExplodedNode *N, BugReporterContext &BRC,
                                           PathSensitiveBugReport &BR) {
    const StackFrameContext *Callee = N->getStackFrame();
    ProgramStateRef Now = N->getState();
    for (const auto &[H, S] : Now->get<HandleMap>()) {
      if (!S.isHeld() || !BR.isInteresting(H) || owningFrame(H, Now) == Callee)
        continue;
      // Was it already held when the callee was entered?
      const ExplodedNode *Entry = N;
      while (Entry && !(Entry->getLocation().getAs<CallEnter>() &&
                        Entry->getLocation().castAs<CallEnter>().getCalleeContext() == Callee))
        Entry = Entry->getFirstPred();
      const HandleState *AtEntry = Entry ? Entry->getState()->get<HandleMap>(H) : nullptr;
      if (AtEntry && AtEntry->isHeld())
        continue;
      std::string Msg = "Returning from " + functionName(Callee->getDecl()) + " with " +
                        nameOf(H) + " held";
      const SourceManager &SM = BRC.getSourceManager();
      const ReturnStmt *RS = N->getLocation().castAs<CallExitBegin>().getReturnStmt();
      PathDiagnosticLocation Loc =
          RS ? PathDiagnosticLocation::createBegin(RS, SM, Callee)
             : PathDiagnosticLocation::createDeclEnd(Callee, SM);
      return std::make_shared<PathDiagnosticEventPiece>(Loc, Msg);
    }
    return nullptr;
  }

  std::optional<PathDiagnosticLocation> EndAt;
};
} // namespace

/// A finding at the current call, on a node of its own; the path goes on from that node (the
/// new predecessor), or from \p Pred when the node already exists.
ExplodedNode *WdkLockChecker::reportAtCall(CheckerContext &C, ProgramStateRef State,
                                           ExplodedNode *Pred, LockFamily F, BugKind B,
                                           std::string Msg,
                                           ArrayRef<const MemRegion *> Interesting) const {
  ExplodedNode *N = C.generateNonFatalErrorNode(State, &FindingTag);
  if (!N)
    return Pred;
  emit(C, N, F, B, std::move(Msg), Interesting, nullptr);
  return N;
}

/// The node where \p H last became held on the path to \p N.
static const ExplodedNode *acquireSite(const ExplodedNode *N, const MemRegion *H) {
  // A frame's end drops its local handles in the finding's own node: start before it.
  if (N && !N->getState()->get<HandleMap>(H))
    N = N->getFirstPred();
  const ExplodedNode *Site = nullptr;
  for (; N; N = N->getFirstPred()) {
    const HandleState *S = N->getState()->get<HandleMap>(H);
    if (!S || !S->isHeld())
      break;
    Site = N;
  }
  return Site;
}

namespace {
/// A finding placed at a frame's return statement or closing brace. The path's last piece says
/// so through HandleHistoryVisitor::getEndPath; this says it for outputs without a path
/// (text-minimal), where LLVM 22 would otherwise use the frame's last statement.
class FrameExitReport final : public PathSensitiveBugReport {
public:
  FrameExitReport(const BugType &BT, StringRef Msg, const ExplodedNode *N,
                  PathDiagnosticLocation Unique, const Decl *UniqueDecl,
                  PathDiagnosticLocation At)
      : PathSensitiveBugReport(BT, Msg, N, Unique, UniqueDecl), At(At) {}
  PathDiagnosticLocation getLocation() const override { return At; }

private:
  PathDiagnosticLocation At;
};
} // namespace

void WdkLockChecker::emit(CheckerContext &C, ExplodedNode *N, LockFamily F, BugKind B,
                          std::string Msg, ArrayRef<const MemRegion *> Interesting,
                          const MemRegion *UniqueAtAcquireOf,
                          std::optional<PathDiagnosticLocation> At) const {
  const BugType *BT = bugType(F, B);
  if (!BT)
    return;
  std::unique_ptr<PathSensitiveBugReport> Report;
  const ExplodedNode *Site = UniqueAtAcquireOf ? acquireSite(N, UniqueAtAcquireOf) : nullptr;
  const Stmt *SiteStmt = Site ? Site->getStmtForDiagnostics() : nullptr;
  if (SiteStmt) {
    // Leaks found on many paths (and in many callers) are one finding per acquire.
    PathDiagnosticLocation Loc = PathDiagnosticLocation::createBegin(
        SiteStmt, C.getSourceManager(), Site->getLocationContext());
    const Decl *SiteDecl = Site->getLocationContext()->getDecl();
    if (At)
      Report = std::make_unique<FrameExitReport>(*BT, Msg, N, Loc, SiteDecl, *At);
    else
      Report = std::make_unique<PathSensitiveBugReport>(*BT, Msg, N, Loc, SiteDecl);
  } else {
    Report = std::make_unique<PathSensitiveBugReport>(*BT, Msg, N);
  }
  for (const MemRegion *R : Interesting)
    Report->markInteresting(R);
  Report->addVisitor<HandleHistoryVisitor>(At);
  Report->addVisitor<RetestFilter>();
  C.emitReport(std::move(Report));
}

void WdkLockChecker::printState(raw_ostream &Out, ProgramStateRef State, const char *NL,
                                const char *Sep) const {
  HandleMapTy Map = State->get<HandleMap>();
  if (Map.isEmpty())
    return;
  Out << Sep << "wdk lock handles:" << NL;
  for (const auto &[H, S] : Map) {
    Out << "  " << H << ": ";
    S.print(Out);
    Out << NL;
  }
}

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

namespace wdklock {

static bool alwaysRegister(const CheckerManager &) { return true; }

static void registerModeling(CheckerManager &Mgr) {
  auto *Checker = Mgr.registerChecker<WdkLockChecker>();
  const AnalyzerOptions &Opts = Mgr.getAnalyzerOptions();
  Checker->Coverage.Remarks =
      Opts.getCheckerBooleanOption(Mgr.getCurrentCheckerName(), "ReportUnexploredSites");
  Checker->CoverageFile =
      Opts.getCheckerStringOption(Mgr.getCurrentCheckerName(), "SiteCoverageFile").str();
  Checker->Coverage.JsonLinesPath = Checker->CoverageFile;
}

/// Turns on one checker name of the engine and reads its options.
static WdkLockChecker *enable(CheckerManager &Mgr, CheckKind K) {
  auto *Checker = Mgr.getChecker<WdkLockChecker>();
  Checker->Enabled[K] = true;
  Checker->Names[K] = Mgr.getCurrentCheckerName();
  return Checker;
}

static void readRoleTypes(CheckerManager &Mgr, WdkLockChecker *Checker) {
  StringRef Extra =
      Mgr.getAnalyzerOptions().getCheckerStringOption(Mgr.getCurrentCheckerName(), "RoleTypes");
  std::string Error;
  if (!Checker->Roles.addList(Extra, Error))
    Mgr.getDiagnostics().Report(diag::err_analyzer_checker_option_invalid_input)
        << (StringRef(Mgr.getCurrentCheckerName()) + ":RoleTypes").str()
        << ("a ';'-separated list of type names, each optionally ending in '*' (" + Error +
            ")");
}

static void registerQueuedSpinLockRelease(CheckerManager &Mgr) {
  WdkLockChecker *Checker = enable(Mgr, CK_QueuedSpinLockRelease);
  Checker->ReportUnknownHandles = Mgr.getAnalyzerOptions().getCheckerBooleanOption(
      Mgr.getCurrentCheckerName(), "ReportUnknownHandles");
}

static void registerQueuedSpinLock(CheckerManager &Mgr) {
  readRoleTypes(Mgr, enable(Mgr, CK_QueuedSpinLock));
}

static void registerStorPortSpinLock(CheckerManager &Mgr) {
  readRoleTypes(Mgr, enable(Mgr, CK_StorPortSpinLock));
}

const char *const CheckerDocsBase =
    "https://github.com/wdklock/wdklock/blob/main/docs/checkers/";

void registerWdkCheckers(CheckerRegistry &Registry) {
  // The registry keeps StringRefs: the texts it is given must outlive it.
  static const std::string Docs = CheckerDocsBase;
  // Which clang this build is for: a plugin loads only into exactly that version.
  static const std::string Built =
      " (wdklock " WDKLOCK_VERSION ", built for clang " CLANG_VERSION_STRING ")";
  static const std::string ReleaseDesc =
      "Release of an in-stack queued spin lock handle that is not held (never acquired, "
      "already released, or a copy)" + Built;
  static const std::string QueuedDesc =
      "In-stack queued spin lock handles: acquire while held, held at return or entry-point "
      "exit, variant mismatch, same spin lock twice" + Built;
  static const std::string StorPortDesc =
      "StorPort lock handles: release not held, acquire while held, held at return or "
      "miniport-routine exit, same lock twice" + Built;
  static const std::string ReleaseDocs = Docs + "QueuedSpinLockRelease.md";
  static const std::string QueuedDocs = Docs + "QueuedSpinLock.md";
  static const std::string StorPortDocs = Docs + "StorPortSpinLock.md";

  compat::addChecker(Registry, registerModeling, alwaysRegister, "wdk.LockModeling",
                     "Models the Windows kernel lock routines for the wdk checkers", "",
                     /*IsHidden=*/true);
  compat::addChecker(Registry, registerQueuedSpinLockRelease, alwaysRegister,
                     "wdk.QueuedSpinLockRelease", ReleaseDesc, ReleaseDocs, /*IsHidden=*/false);
  compat::addChecker(Registry, registerQueuedSpinLock, alwaysRegister, "wdk.QueuedSpinLock",
                     QueuedDesc, QueuedDocs, /*IsHidden=*/false);
  compat::addChecker(Registry, registerStorPortSpinLock, alwaysRegister, "wdk.StorPortSpinLock",
                     StorPortDesc, StorPortDocs, /*IsHidden=*/false);
  for (const char *Name :
       {"wdk.QueuedSpinLockRelease", "wdk.QueuedSpinLock", "wdk.StorPortSpinLock"})
    Registry.addDependency(Name, "wdk.LockModeling");

  Registry.addCheckerOption("bool", "wdk.LockModeling", "ReportUnexploredSites", "false",
                            "Emit a remark for every lock call site that no explored path "
                            "reached (budget exhausted, unreachable, or not analysed)",
                            "released");
  Registry.addCheckerOption("string", "wdk.LockModeling", "SiteCoverageFile", "",
                            "Append one JSON object per lock call site (explored, budget, "
                            "unreachable, not-analysed) to this file",
                            "released");
  Registry.addCheckerOption("bool", "wdk.QueuedSpinLockRelease", "ReportUnknownHandles", "false",
                            "Also report releases of handles whose history is unknown "
                            "(parameters, globals, heap, escaped)",
                            "released");
  for (const char *Name : {"wdk.QueuedSpinLock", "wdk.StorPortSpinLock"})
    Registry.addCheckerOption("string", Name, "RoleTypes", "",
                              "Extra entry-point role types (typedef names), separated by ';' "
                              "(-analyzer-config splits on ','); a trailing '*' makes a prefix",
                              "released");
}

} // namespace wdklock
