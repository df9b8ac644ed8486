//===- Runner.h - One child process per job, N at a time ----------*- C++ -*-===//
//
// Each job runs in `wdklock --internal-analyze <job.json> <result.json>`, a fresh process,
// so an analyzer crash loses that file only. The parent keeps -j children busy, shows a
// progress line when asked, and turns a child that died into a Crashed or Failed result.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_RUNNER_H
#define WDKLOCK_WRAPPER_RUNNER_H

#include "Model.h"
#include <optional>

namespace wdklock {

struct RunnerConfig {
  std::string Executable; ///< this program, re-executed as the child
  unsigned Parallel = 1;
  bool Progress = false;  ///< "[3/40] driver.c" on stderr
  std::string Cwd;        ///< for showing paths
};

/// Runs every job; the results come in job order. nullopt and \p Error only when the
/// run cannot start (no temporary directory).
std::optional<std::vector<FileResult>> runJobs(const std::vector<AnalysisJob> &Jobs,
                                               const RunnerConfig &Config, std::string &Error);

} // namespace wdklock

#endif
