//===- SiteCoverage.cpp - Which lock call sites the analysis explored ------===//
#include "SiteCoverage.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace clang;
using namespace llvm;

namespace wdklock {

const LockRoutine *routineForCallExpr(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier() || !isLockRoutineName(FD->getName()))
    return nullptr;
  if (!FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return nullptr;
  StringRef Selector;
  std::optional<int64_t> Value;
  if (CE->getNumArgs() > 0) {
    const Expr *Arg0 = CE->getArg(0)->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg0))
      if (const auto *ECD = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
        Selector = ECD->getName();
    Expr::EvalResult Result;
    if (!CE->getArg(0)->isValueDependent() &&
        CE->getArg(0)->EvaluateAsInt(Result, FD->getASTContext()))
      Value = Result.Val.getInt().getExtValue();
  }
  const LockRoutine *R = findLockRoutine(FD->getName(), CE->getNumArgs(), Selector, Value);
  if (!R || FD->getNumParams() != R->declaredParams())
    return nullptr;
  return R;
}

namespace {
struct Site {
  const CallExpr *Call;
  const FunctionDecl *Function;
  const LockRoutine *Routine;
};

/// Every lock call outside system headers, in the main file or in a function the translation
/// unit uses, with the function around it. Calls inside the lock routines' own bodies
/// (StorPort's inline wrappers) are the routine, not a site.
class SiteCollector : public RecursiveASTVisitor<SiteCollector> {
public:
  SiteCollector(const SourceManager &SM, bool AllFiles) : SM(SM), AllFiles(AllFiles) {}

  /// Keeps track of the function (or method, constructor, ...) around the calls.
  bool TraverseDecl(Decl *D) {
    const FunctionDecl *Saved = Current;
    if (auto *FD = dyn_cast_or_null<FunctionDecl>(D))
      Current = FD;
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Current = Saved;
    return Result;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (!Current || !Current->hasBody() || isLockRoutineName(Current->getName()))
      return true;
    SourceLocation Loc = SM.getExpansionLoc(CE->getBeginLoc());
    if (SM.isInSystemHeader(Loc))
      return true;
    // A function of the driver's own headers (a lock wrapper) counts where it is used.
    if (!AllFiles && !SM.isInMainFile(Loc) && !Current->isUsed())
      return true;
    if (const LockRoutine *R = routineForCallExpr(CE))
      Sites.push_back({CE, Current, R});
    return true;
  }

  std::vector<Site> Sites;

private:
  const SourceManager &SM;
  bool AllFiles;
  const FunctionDecl *Current = nullptr;
};
} // namespace

/// Whether clang can build \p FD's control-flow graph, without which the analyzer skips the
/// function: it cannot for a __finally block.
static bool hasControlFlowGraph(const FunctionDecl *FD, ASTContext &Ctx) {
  return CFG::buildCFG(FD, FD->getBody(), &Ctx, CFG::BuildOptions()) != nullptr;
}

void SiteLedger::finish(const TranslationUnitDecl *TU, ASTContext &Ctx, const Options &Opts,
                        bool AllFiles) {
  if (!Opts.Remarks && Opts.JsonLinesPath.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SiteCollector Collector(SM, AllFiles);
  Collector.TraverseDecl(const_cast<TranslationUnitDecl *>(TU));

  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  unsigned RemarkID = DE.getCustomDiagID(DiagnosticsEngine::Remark, "%0");
  std::string Json;
  raw_string_ostream JsonOS(Json);

  DenseMap<const FunctionDecl *, bool> HasCfg;
  for (const Site &S : Collector.Sites) {
    StringRef Status, Reason;
    std::string Fn = S.Function->getNameAsString();
    auto It = Outcomes.find(S.Function->getCanonicalDecl());
    if (It == Outcomes.end())
      It = Outcomes.find(S.Function);
    // The function's own analysis stopped early and no path reached its end: what happens
    // at its returns (a lock still held) was never checked, even where every site was reached.
    bool EndUnreached = It != Outcomes.end() && It->second != Outcome::Complete &&
                        !EndReached.contains(It->first);
    if (Reached.contains(S.Call)) {
      Status = "explored";
    } else {
      if (It == Outcomes.end()) {
        Status = "not-analysed";
        auto [Known, New] = HasCfg.try_emplace(S.Function, true);
        if (New)
          Known->second = hasControlFlowGraph(S.Function, Ctx);
        Reason = Known->second
                     ? "was only analysed through its callers, and no caller's path reached it"
                     : "cannot be analysed: clang builds no control-flow graph for it (a "
                       "__finally block does that)";
      } else if (It->second == Outcome::Complete) {
        Status = "unreachable";
      } else {
        Status = "budget";
        switch (It->second) {
        case Outcome::NodeBudget:
          Reason = "analysis budget exhausted";
          break;
        case Outcome::LoopBound:
          Reason = "loop bound reached";
          break;
        default:
          Reason = "loop bound reached and analysis budget exhausted";
          break;
        }
      }
    }

    SourceLocation Loc = SM.getExpansionLoc(S.Call->getBeginLoc());
    if (Opts.Remarks && Status != "explored") {
      std::string Msg;
      if (Status == "unreachable")
        Msg = "lock site unreachable (no feasible path reaches it in '" + Fn + "')";
      else if (Status == "budget")
        Msg = "lock site not explored (" + Reason.str() + " in '" + Fn + "')";
      else
        Msg = "lock site not explored ('" + Fn + "' " + Reason.str() + ")";
      DE.Report(Loc, RemarkID) << Msg;
    }
    if (!Opts.JsonLinesPath.empty()) {
      PresumedLoc P = SM.getPresumedLoc(Loc);
      json::Object O{{"file", P.isValid() ? P.getFilename() : ""},
                     {"line", P.isValid() ? P.getLine() : 0},
                     {"column", P.isValid() ? P.getColumn() : 0},
                     {"function", Fn},
                     {"routine", displayName(*S.Routine)},
                     {"status", Status}};
      if (!Reason.empty())
        O["reason"] = Reason;
      if (Status == "explored" && EndUnreached)
        O["function_end_unreached"] = true;
      JsonOS << json::Value(std::move(O)) << "\n";
    }
  }

  if (!Opts.JsonLinesPath.empty() && !Json.empty()) {
    std::error_code EC;
    raw_fd_ostream Out(Opts.JsonLinesPath, EC, sys::fs::OF_Append | sys::fs::OF_Text);
    if (EC) {
      unsigned ErrID =
          DE.getCustomDiagID(DiagnosticsEngine::Error, "cannot write lock-site data to '%0': %1");
      DE.Report(ErrID) << Opts.JsonLinesPath << EC.message();
      return;
    }
    Out << Json; // one write: concurrent analyses appending to one file keep whole lines
  }
}

} // namespace wdklock
