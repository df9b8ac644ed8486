//===- Callbacks.cpp - Functions the driver hands to the system ----------===//
#include "Callbacks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace wdklock {

namespace {

bool inSystemHeader(const SourceManager &SM, const Decl *D) {
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

class CallbackCollector : public RecursiveASTVisitor<CallbackCollector> {
public:
  CallbackCollector(const SourceManager &SM, llvm::DenseSet<const FunctionDecl *> &Out)
      : SM(SM), Out(Out) {}

  /// Registration: the address given to a system routine (KeInitializeDpc(&Dpc, Routine, C)).
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || !inSystemHeader(SM, Callee))
      return true;
    for (const Expr *Arg : CE->arguments())
      add(Arg);
    return true;
  }

  /// Registration: the address stored in a system structure
  /// (DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead; Init.HwStartIo = StartIo).
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const Expr *Target = BO->getLHS()->IgnoreParenImpCasts();
    while (const auto *Element = dyn_cast<ArraySubscriptExpr>(Target))
      Target = Element->getBase()->IgnoreParenImpCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(Target))
      if (inSystemHeader(SM, Member->getMemberDecl()))
        add(BO->getRHS());
    return true;
  }

  /// Registration: the address listed in an initializer of a system structure
  /// (HW_INITIALIZATION_DATA Init = {.HwStartIo = StartIo, ...}).
  bool VisitInitListExpr(InitListExpr *ILE) {
    const auto *Record = ILE->getType()->getAsRecordDecl();
    if (!Record || !inSystemHeader(SM, Record))
      return true;
    for (const Expr *Init : ILE->inits())
      add(Init);
    return true;
  }

private:
  /// Adds the function \p E names (F or &F), when it is defined in this translation unit.
  void add(const Expr *E) {
    E = E->IgnoreParenCasts();
    if (const auto *AddrOf = dyn_cast<UnaryOperator>(E); AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      E = AddrOf->getSubExpr()->IgnoreParenCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *FD = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
    if (FD && FD->isDefined())
      Out.insert(FD->getCanonicalDecl());
  }

  const SourceManager &SM;
  llvm::DenseSet<const FunctionDecl *> &Out;
};

} // namespace

void RegisteredCallbacks::collect(ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CallbackCollector Collector(SM, Functions);
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (!inSystemHeader(SM, D))
      Collector.TraverseDecl(D);
}

bool RegisteredCallbacks::contains(const FunctionDecl *FD) const {
  return Functions.contains(FD->getCanonicalDecl());
}

} // namespace wdklock
