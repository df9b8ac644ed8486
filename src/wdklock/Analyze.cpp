//===- Analyze.cpp - Run the analyzer on one compile command --------------===//

#include "Analyze.h"
#include "Catalog.h"
#include "CompileDb.h"
#include "Coverage.h"
#include "Depth.h"
#include "Paths.h"

#include "wdklock/Checkers.h"
#include "wdklock/Compat.h"

#include "clang/Analysis/PathDiagnostic.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/Config/llvm-config.h"
#ifdef LLVM_ON_UNIX
#include <csignal>
#include <unistd.h>
#endif

using namespace clang;

namespace wdklock {

namespace {

/// Compiler errors kept per file; the rest are only counted.
constexpr unsigned MaxErrors = 10;

/// Clang's checkers that run for their modelling only (noreturn and builtin functions,
/// sinks on undefined behaviour), as under `clang --analyze`. Their reports are silenced.
const char *const ModelingPackages[] = {"core", "apiModeling"};

Location toLocation(const SourceManager &SM, clang::SourceLocation L,
                   llvm::StringRef Directory) {
  Location Out;
  if (L.isInvalid())
    return Out;
  L = SM.getFileLoc(L);
  auto [FID, Offset] = SM.getDecomposedLoc(L);
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(FID);
  if (!Entry)
    return Out;
  Out.File = absolutePath(Entry->getName(), Directory);
  Out.Line = SM.getLineNumber(FID, Offset);
  Out.Column = SM.getColumnNumber(FID, Offset);
  return Out;
}

Location toLocation(const FullSourceLoc &L, llvm::StringRef Directory) {
  return L.hasManager() ? toLocation(L.getManager(), L, Directory) : Location();
}

/// Keeps the compiler's errors; warnings are off in the analysis (-w).
class ErrorCollector : public DiagnosticConsumer {
public:
  ErrorCollector(std::vector<Message> &Errors, std::string Directory)
      : Errors(Errors), Directory(std::move(Directory)) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || Errors.size() >= MaxErrors)
      return;
    Message M;
    llvm::SmallString<256> Text;
    if (Info.getID() == diag::err_fe_expected_compiler_job)
      // Clang's text quotes every cc1 job, several kilobytes on one line.
      Text = "the compile command must compile exactly one source file";
    else
      Info.FormatDiagnostic(Text);
    M.Text = std::string(Text);
    if (Info.hasSourceManager())
      M.Loc = toLocation(Info.getSourceManager(), Info.getLocation(), Directory);
    Errors.push_back(std::move(M));
  }

private:
  std::vector<Message> &Errors;
  std::string Directory;
};

/// Turns the analyzer's reports into Findings: the report, then its notes, then the
/// path notes in order — what `clang --analyze --analyzer-output text` prints.
class FindingCollector : public ento::PathDiagnosticConsumer {
public:
  FindingCollector(std::vector<Finding> &Out, std::string Directory)
      : Out(Out), Directory(std::move(Directory)) {}

  llvm::StringRef getName() const override { return "wdklock"; }
  PathGenerationScheme getGenerationScheme() const override { return Minimal; }
  bool supportsLogicalOpControlFlow() const override { return true; }
  bool supportsCrossFileDiagnostics() const override { return true; }

  void FlushDiagnosticsImpl(std::vector<const ento::PathDiagnostic *> &Diags,
                            FilesMade *) override {
    for (const ento::PathDiagnostic *PD : Diags) {
      Finding F;
      F.Checker = PD->getCheckerName().str();
      F.Text = PD->getShortDescription().str();
      F.Loc = toLocation(PD->getLocation().asLocation(), Directory);
      for (const auto &Piece : PD->path)
        if (isa<ento::PathDiagnosticNotePiece>(Piece.get()))
          addNote(F, *Piece);
      for (const auto &Piece : PD->path.flatten(/*ShouldFlattenMacros=*/true))
        if (!isa<ento::PathDiagnosticNotePiece>(Piece.get()))
          addNote(F, *Piece);
      Out.push_back(std::move(F));
    }
  }

private:
  void addNote(Finding &F, const ento::PathDiagnosticPiece &Piece) {
    if (Piece.getString().empty())
      return;
    F.Notes.push_back({toLocation(Piece.getLocation().asLocation(), Directory),
                       Piece.getString().str()});
  }

  std::vector<Finding> &Out;
  std::string Directory;
};

/// Unity builds: a source that #includes other source files (`#include "queue.c"`) has its
/// functions there, but the analyzer only takes functions of the main file as top-level
/// entries. When the preprocessor enters a user (non-system) file with a source extension,
/// the analysis is widened to every file (analyze-headers), so those functions are analysed
/// and their lock sites counted. It also analyses the system headers' inline functions, which
/// costs a fraction of a second, and only such files pay it.
class UnityIncludes : public PPCallbacks {
public:
  UnityIncludes(CompilerInstance &CI) : CI(CI) {}

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind FileType, FileID) override {
    if (Reason != EnterFile || FileType != SrcMgr::C_User)
      return;
    const SourceManager &SM = CI.getSourceManager();
    FileID Entered = SM.getFileID(Loc);
    if (Entered == SM.getMainFileID())
      return;
    if (isCFamilySource(SM.getFilename(Loc)))
      compat::analyzerOptions(CI.getInvocation()).AnalyzeAll = true;
  }

private:
  CompilerInstance &CI;
};

class WdkAnalysisAction : public ASTFrontendAction {
public:
  WdkAnalysisAction(const AnalysisJob &Job, std::vector<Finding> &Out) : Job(Job), Out(Out) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(std::make_unique<UnityIncludes>(CI));
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    std::unique_ptr<ento::AnalysisASTConsumer> C = ento::CreateAnalysisConsumer(CI);
    if (Job.Settings.Plugin.empty())
      C->AddCheckerRegistrationFn(registerWdkCheckers);
    compat::addPathDiagnosticConsumer(*C,
                                      std::make_unique<FindingCollector>(Out, Job.Directory));
    return C;
  }

private:
  const AnalysisJob &Job;
  std::vector<Finding> &Out;
};

/// Sets the analyzer up on each invocation libTooling builds from the compile command.
class WdkAnalysisFactory : public tooling::FrontendActionFactory {
public:
  /// \p SitesPath: where the checkers write the lock-site ledger; empty: no ledger.
  WdkAnalysisFactory(const AnalysisJob &Job, std::vector<Finding> &Out, std::string SitesPath)
      : Job(Job), Out(Out), SitesPath(std::move(SitesPath)) {}

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation, FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *Diags) override {
    configure(*Invocation);
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files, std::move(PCH),
                                                Diags);
  }

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<WdkAnalysisAction>(Job, Out);
  }

private:
  void configure(CompilerInvocation &CI) const {
    const AnalysisSettings &S = Job.Settings;
    AnalyzerOptions &AO = compat::analyzerOptions(CI);
    AO.CheckersAndPackages.clear();
    AO.SilencedCheckersAndPackages.clear();
    for (const char *Package : ModelingPackages) {
      AO.CheckersAndPackages.emplace_back(Package, true);
      AO.SilencedCheckersAndPackages.push_back(Package);
    }
    for (const std::string &Checker : S.Checkers)
      AO.CheckersAndPackages.emplace_back(Checker, true);
    for (const auto &[Key, Value] : S.CheckerOptions)
      AO.Config[Key] = Value;
    if (!SitesPath.empty())
      AO.Config[CheckerCatalog::SiteLedgerOption] = SitesPath;
    applyDepth(AO, parseDepth(S.Depth).value_or(AnalysisDepth::Default));
    AO.ShouldEmitErrorsOnInvalidConfigValue = true;
    FrontendOptions &FO = CI.getFrontendOpts();
    switch (S.Output) {
    case NativeOutput::None:
      AO.AnalysisDiagOpt = PD_NONE;
      FO.OutputFile.clear();
      break;
    case NativeOutput::Html:
      AO.AnalysisDiagOpt = PD_HTML;
      FO.OutputFile = S.OutputPath;
      break;
    case NativeOutput::Plist:
      AO.AnalysisDiagOpt = PD_PLIST_MULTI_FILE;
      FO.OutputFile = S.OutputPath;
      break;
    }
    FO.Plugins.clear();
    if (!S.Plugin.empty())
      FO.Plugins.push_back(S.Plugin);
    CI.getPreprocessorOpts().SetUpStaticAnalyzer = true; // defines __clang_analyzer__
    CI.getDiagnosticOpts().IgnoreWarnings = true;
  }

  const AnalysisJob &Job;
  std::vector<Finding> &Out;
  std::string SitesPath;
};

/// Hands libTooling exactly the job's command.
class OneCommandDatabase : public tooling::CompilationDatabase {
public:
  explicit OneCommandDatabase(tooling::CompileCommand Command) : Command(std::move(Command)) {}
  std::vector<tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override {
    return {Command};
  }
  std::vector<std::string> getAllFiles() const override { return {Command.Filename}; }

private:
  tooling::CompileCommand Command;
};

bool hasResourceDir(const tooling::CommandLineArguments &Args) {
  for (const std::string &A : Args)
    if (llvm::StringRef(A).starts_with("-resource-dir"))
      return true;
  return false;
}

} // namespace

FileResult analyzeJob(const AnalysisJob &Job) {
  FileResult R;
  R.File = Job.File;
  R.OutputPath = Job.Settings.OutputPath;
  if (!llvm::sys::fs::is_directory(Job.Directory)) {
    R.Reason = "the compile command's directory " + Job.Directory + " does not exist";
    return R;
  }
  if (Job.CommandLine.empty()) {
    R.Reason = "the compile command is empty";
    return R;
  }

  OneCommandDatabase DB(tooling::CompileCommand(Job.Directory, Job.File, Job.CommandLine, ""));
  tooling::ClangTool Tool(DB, {Job.File});
  ErrorCollector Errors(R.Errors, Job.Directory);
  Tool.setDiagnosticConsumer(&Errors);
  Tool.setPrintErrorMessage(false);
  const std::string &ResourceDir = Job.Settings.ResourceDir;
  if (!ResourceDir.empty() && llvm::sys::fs::is_directory(ResourceDir))
    Tool.appendArgumentsAdjuster(
        [ResourceDir](const tooling::CommandLineArguments &Args, llvm::StringRef) {
          if (hasResourceDir(Args))
            return Args;
          return tooling::getInsertArgumentAdjuster(
              {"-resource-dir", ResourceDir},
              tooling::ArgumentInsertPosition::BEGIN)(Args, "");
        });
  // The checkers append the ledger to a file of this job's own.
  llvm::SmallString<128> SitesPath;
  if (Job.Settings.CountSites) {
    if (std::error_code EC =
            llvm::sys::fs::createTemporaryFile("wdklock-sites", "jsonl", SitesPath)) {
      R.Reason = "cannot create a temporary file for the lock-site data: " + EC.message();
      return R;
    }
  }
  auto RemoveSites = llvm::make_scope_exit([&] {
    if (!SitesPath.empty())
      llvm::sys::fs::remove(SitesPath);
  });
  WdkAnalysisFactory Factory(Job, R.Findings, std::string(SitesPath));
  int Rc = Tool.run(&Factory);

  unsigned NumErrors = Errors.getNumErrors();
  if (NumErrors == 0 && Rc == 0) {
    R.Status = FileStatus::Analysed;
    if (!SitesPath.empty()) {
      auto Buffer = llvm::MemoryBuffer::getFile(SitesPath, /*IsText=*/true);
      std::string Error;
      if (!Buffer) {
        Error = Buffer.getError().message();
      } else if (parseSiteLines((*Buffer)->getBuffer(), Job.Directory, R.Sites, Error)) {
        R.SitesCounted = true;
        return R;
      }
      // The findings stand; only the counts are missing, and the summary says so.
      R.Sites.clear();
    }
    return R;
  }
  R.Status = FileStatus::Failed;
  R.Findings.clear();
  if (NumErrors)
    R.Reason = std::to_string(NumErrors) + (NumErrors == 1 ? " error" : " errors");
  else
    R.Reason = "the compiler gave up without an error message";
  return R;
}

#ifdef LLVM_ON_UNIX
static void onTimeout(int) {
  static const char Message[] = "wdklock: the analysis ran out of time\n";
  (void)!::write(2, Message, sizeof(Message) - 1);
  ::_exit(TimedOutExitCode);
}
#endif

/// Ends this process with TimedOutExitCode after \p Seconds (0: cancels). The analysis is
/// the only thing the child does, on one thread, so a process-wide alarm is enough.
static void armTimeout(unsigned Seconds) {
#ifdef LLVM_ON_UNIX
  if (!Seconds) {
    ::alarm(0);
    return;
  }
  struct sigaction Action = {};
  Action.sa_handler = onTimeout;
  sigemptyset(&Action.sa_mask);
  ::sigaction(SIGALRM, &Action, nullptr);
  ::alarm(Seconds);
#else
  (void)Seconds;
#endif
}

int runAnalysisChild(llvm::StringRef JobFile, llvm::StringRef ResultFile) {
  AnalysisJob Job;
  std::string Error;
  if (!readJSONFile(JobFile, Job, Error)) {
    llvm::errs() << "wdklock: error: " << Error << "\n";
    return 3;
  }
  armTimeout(Job.TimeoutSeconds);
  FileResult R = analyzeJob(Job);
  armTimeout(0);
  if (!writeJSONFile(ResultFile, toJSON(R), Error)) {
    llvm::errs() << "wdklock: error: " << Error << "\n";
    return 3;
  }
  return 0;
}

} // namespace wdklock
