//===- Runner.cpp - Run the analysis children ------------------------------===//

#include "Runner.h"
#include "Analyze.h"
#include "Paths.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace wdklock {

namespace {

/// The files one child reads and writes.
struct ChildFiles {
  std::string Job, Result, Log;
};

class Runner {
public:
  Runner(const std::vector<AnalysisJob> &Jobs, const RunnerConfig &Config,
         std::string TempDir)
      : Jobs(Jobs), Config(Config), TempDir(std::move(TempDir)), Results(Jobs.size()) {}

  std::vector<FileResult> run() {
    unsigned Threads = std::max(1u, std::min<unsigned>(Config.Parallel, Jobs.size()));
    std::vector<std::thread> Workers;
    for (unsigned I = 0; I < Threads; ++I)
      Workers.emplace_back([this] { work(); });
    for (std::thread &T : Workers)
      T.join();
    if (Config.Progress)
      llvm::errs() << "\r\033[K";
    return std::move(Results);
  }

private:
  void work() {
    for (size_t I = Next++; I < Jobs.size(); I = Next++) {
      Results[I] = runOne(I);
      reportProgress(Jobs[I]);
    }
  }

  ChildFiles filesFor(size_t I) const {
    auto In = [&](const char *Kind, const char *Ext) {
      llvm::SmallString<256> P(TempDir);
      llvm::sys::path::append(P, Kind + std::to_string(I) + Ext);
      return std::string(P);
    };
    return {In("job-", ".json"), In("result-", ".json"), In("log-", ".txt")};
  }

  FileResult runOne(size_t I) {
    const AnalysisJob &Job = Jobs[I];
    ChildFiles Files = filesFor(I);
    FileResult Failed;
    Failed.File = Job.File;
    Failed.Status = FileStatus::Failed;
    std::string Error;
    if (!writeJSONFile(Files.Job, toJSON(Job), Error)) {
      Failed.Reason = "cannot write the job file: " + Error;
      return Failed;
    }
    llvm::StringRef Args[] = {Config.Executable, InternalAnalyzeFlag, Files.Job, Files.Result};
    std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                  llvm::StringRef(Files.Log)};
    std::string ExecError;
    bool ExecFailed = false;
    int Rc = llvm::sys::ExecuteAndWait(Config.Executable, Args, std::nullopt, Redirects,
                                       /*SecondsToWait=*/0, /*MemoryLimit=*/0, &ExecError,
                                       &ExecFailed);
    if (ExecFailed) {
      Failed.Reason = "cannot start the analysis process: " + ExecError;
      return Failed;
    }
    FileResult R;
    if (Rc == 0 && readJSONFile(Files.Result, R, Error))
      return R;
    Failed.ChildLog = readLog(Files.Log);
    if (Rc == TimedOutExitCode && Job.TimeoutSeconds) {
      Failed.Reason = "the analysis did not finish within " + std::to_string(Job.TimeoutSeconds) +
                      " s (--timeout); no findings from this file";
    } else if (Rc == -2) {
      Failed.Status = FileStatus::Crashed;
      Failed.Reason = "the analysis process crashed (" + ExecError + ")";
    } else {
      llvm::StringRef FirstLine = llvm::StringRef(Failed.ChildLog).split('\n').first.trim();
      Failed.Reason = Rc == 0 ? "the analysis wrote no usable result: " + Error
                              : "the analysis process exited with code " + std::to_string(Rc);
      if (!FirstLine.empty() && Rc != 0)
        Failed.Reason += ": " + FirstLine.str();
    }
    return Failed;
  }

  static std::string readLog(const std::string &Path) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    return Buffer ? (*Buffer)->getBuffer().str() : "";
  }

  void reportProgress(const AnalysisJob &Job) {
    std::lock_guard<std::mutex> Lock(ProgressMutex);
    ++Done;
    if (Config.Progress)
      llvm::errs() << "\r\033[K[" << Done << "/" << Jobs.size() << "] "
                   << displayPath(Job.File, Config.Cwd);
  }

  const std::vector<AnalysisJob> &Jobs;
  const RunnerConfig &Config;
  std::string TempDir;
  std::vector<FileResult> Results;
  std::atomic<size_t> Next{0};
  std::mutex ProgressMutex;
  size_t Done = 0;
};

} // namespace

std::optional<std::vector<FileResult>> runJobs(const std::vector<AnalysisJob> &Jobs,
                                               const RunnerConfig &Config, std::string &Error) {
  llvm::SmallString<256> TempDir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("wdklock", TempDir)) {
    Error = "cannot create a temporary directory: " + EC.message();
    return std::nullopt;
  }
  std::vector<FileResult> Results = Runner(Jobs, Config, std::string(TempDir)).run();
  llvm::sys::fs::remove_directories(TempDir);
  return Results;
}

} // namespace wdklock
