//===- Main.cpp - wdklock: command line -> jobs -> children -> report ------===//
//
//   wdklock [options] [<source>...] [-- <compiler args>]
//
// Parses the command line, chooses the checkers, plans one job per compile command, runs
// every job in a child process, merges the results and writes them in the chosen format.
// See docs/usage.md.
//
//===----------------------------------------------------------------------===//

#include "Analyze.h"
#include "Catalog.h"
#include "CompileDb.h"
#include "Config.h"
#include "Coverage.h"
#include "HtmlIndex.h"
#include "Lsp.h"
#include "Options.h"
#include "Paths.h"
#include "Plugin.h"
#include "Report.h"
#include "Runner.h"
#include "Sarif.h"
#include "Settings.h"
#include "TextWriter.h"

#include "wdklock/Version.h"

#include "clang/Basic/Version.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace wdklock;

namespace {

constexpr int ExitUsage = 2;

int fail(const std::string &Error) {
  llvm::errs() << "wdklock: error: " << Error << "\n";
  return ExitUsage;
}

void listChecks(const CheckerCatalog &Catalog, const CheckerSource &Source) {
  llvm::outs() << "Checkers ("
               << (Source.Plugin.empty() ? "built into wdklock" : "plugin " + Source.Plugin)
               << "):\n";
  for (const CheckerDescription &D : Catalog.checkers()) {
    llvm::outs() << "  " << D.Name << "\n      " << D.Description << "\n";
    for (const CheckerOptionInfo &O : D.Options)
      llvm::outs() << "      option " << D.Name << ":" << O.Name << " (" << O.Type
                   << ", default '" << O.Default << "'): " << O.Description << "\n";
  }
}

/// Removes what an earlier run left where this run's analyzer reports go.
bool prepareOutputDir(const Options &Opts, const std::vector<AnalysisJob> &Jobs,
                      std::string &Error) {
  if (Opts.Format != OutputFormat::Html && Opts.Format != OutputFormat::Plist)
    return true;
  if (std::error_code EC = llvm::sys::fs::create_directories(Opts.Output)) {
    Error = "-o " + Opts.Output + ": " + EC.message();
    return false;
  }
  for (const AnalysisJob &J : Jobs)
    removeStaleReports(J);
  return true;
}

/// Writes text or SARIF to -o (or stdout), or the HTML index. With --show-unexplored, the
/// lock sites that were not explored go with the text (as notes after the findings) or into
/// the SARIF log; for html and plist, they are notes on stdout, and html lists them in the
/// index too.
bool writeOutput(const Options &Opts, const RunReport &Report, const CheckerCatalog &Catalog,
                 llvm::StringRef Cwd, std::string &Error) {
  if (Opts.Format == OutputFormat::Plist || Opts.Format == OutputFormat::Html) {
    if (Opts.ShowUnexplored) {
      writeSiteNotes(llvm::outs(), Report.Sites, Cwd);
      llvm::outs().flush();
    }
    return Opts.Format == OutputFormat::Plist ||
           writeHtmlIndex(Opts.Output, Report, Cwd, Opts.ShowUnexplored, Error);
  }
  std::unique_ptr<llvm::raw_fd_ostream> File;
  llvm::raw_ostream *OS = &llvm::outs();
  if (!Opts.Output.empty() && Opts.Output != "-") {
    std::error_code EC;
    File = std::make_unique<llvm::raw_fd_ostream>(Opts.Output, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      Error = "-o " + Opts.Output + ": " + EC.message();
      return false;
    }
    OS = File.get();
  }
  if (Opts.Format == OutputFormat::Sarif) {
    *OS << llvm::formatv("{0:2}", buildSarif(Report, Catalog, Cwd, Opts.ShowUnexplored)) << "\n";
  } else {
    writeText(*OS, Report.Findings, Cwd);
    if (Opts.ShowUnexplored)
      writeSiteNotes(*OS, Report.Sites, Cwd);
  }
  OS->flush();
  if (File && File->has_error()) {
    Error = "-o " + Opts.Output + ": " + File->error().message();
    File->clear_error();
    return false;
  }
  return true;
}

void printCommands(const std::vector<AnalysisJob> &Jobs) {
  for (const AnalysisJob &J : Jobs) {
    llvm::errs() << "wdklock: " << J.File << " (from " << J.Origin << ", in " << J.Directory
                 << "):";
    for (const std::string &A : J.CommandLine)
      llvm::errs() << " " << A;
    llvm::errs() << "\n";
  }
}

int runWdklock(const Options &Opts, llvm::StringRef Executable) {
  auto Start = std::chrono::steady_clock::now();
  std::string Error;
  std::optional<CheckerSource> Source =
      chooseCheckers(Opts.StaticCheckers, Opts.Plugin, Executable, Error);
  if (!Source)
    return fail(Error);
  std::optional<CheckerCatalog> Catalog = CheckerCatalog::load(*Source, Error);
  if (!Catalog)
    return fail(Error);
  if (Opts.ListChecks) {
    listChecks(*Catalog, *Source);
    return 0;
  }
  std::vector<std::string> Scratch;
  if (!Opts.Checks.empty() && !Catalog->applyChecks(Opts.Checks, Scratch, Error))
    return fail("--checks: " + Error);

  std::optional<JobPlan> Plan = planJobs(Opts, Error);
  if (!Plan)
    return fail(Error);
  if (!Opts.Quiet)
    for (const std::string &Note : Plan->Notes)
      llvm::errs() << "wdklock: note: " << Note << "\n";
  ConfigLoader Configs(*Catalog, Opts.ConfigFile);
  if (!assignSettings(Plan->Jobs, Opts, *Catalog, *Source, Configs, Error))
    return fail(Error);
  assignNativeOutputs(Plan->Jobs, Opts.Format, Opts.Output);
  for (AnalysisJob &J : Plan->Jobs)
    J.TimeoutSeconds = Opts.TimeoutSeconds;
  if (!prepareOutputDir(Opts, Plan->Jobs, Error))
    return fail(Error);
  if (Opts.Verbose)
    printCommands(Plan->Jobs);

  RunnerConfig Config;
  Config.Executable = Executable.str();
  Config.Parallel = Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();
  Config.Progress = !Opts.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  Config.Cwd = currentDirectory();
  std::optional<std::vector<FileResult>> Results = runJobs(Plan->Jobs, Config, Error);
  if (!Results)
    return fail(Error);

  RunReport Report = mergeResults(std::move(*Results), std::move(Plan->Rejected));
  Report.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  bool Written = writeOutput(Opts, Report, *Catalog, Config.Cwd, Error);
  printFailures(llvm::errs(), Report, Config.Cwd, Opts.Verbose);
  if (!Written)
    llvm::errs() << "wdklock: error: " << Error << "\n";
  if (!Opts.Quiet) {
    if (Opts.Format == OutputFormat::Html && Written)
      llvm::errs() << "wdklock: HTML report: " << Opts.Output << "/index.html\n";
    else if (Opts.Format == OutputFormat::Plist)
      llvm::errs() << "wdklock: plist reports in " << Opts.Output << "\n";
    llvm::errs() << summaryLine(Report) << "\n";
    std::string Sites = siteSummaryLine(Report.SiteTotals);
    if (!Sites.empty())
      llvm::errs() << Sites << "\n";
  }
  return Written ? Report.exitCode() : ExitUsage;
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  llvm::StringRef First = argc > 1 ? argv[1] : "";
  if (First == "--lsp") {
#ifdef WDKLOCK_NO_LSP
    llvm::errs() << "wdklock: this build has no language server\n";
    return ExitUsage;
#else
    return runLanguageServer(argc, argv);
#endif
  }
  if (First == InternalAnalyzeFlag) {
    if (argc != 4)
      return fail(std::string(InternalAnalyzeFlag) + " takes a job file and a result file");
    return runAnalysisChild(argv[2], argv[3]);
  }

  std::string Error;
  std::optional<Options> Opts =
      parseOptions(llvm::ArrayRef<const char *>(argv + 1, argv + argc), Error);
  if (!Opts)
    return fail(Error);
  if (Opts->ShowHelp) {
    llvm::outs() << helpText();
    return 0;
  }
  if (Opts->ShowVersion) {
    llvm::outs() << "wdklock " << WDKLOCK_VERSION << " (built for clang " << CLANG_VERSION_STRING
                 << ")\n";
    return 0;
  }
  std::string Executable =
      llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&main));
  return runWdklock(*Opts, Executable);
}
