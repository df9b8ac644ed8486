//===- Analyze.h - The analysis of one compile command (in a child) -*- C++ -*-===//
//
// Runs clang's static analyzer on one job through libTooling: the compile command becomes
// a CompilerInvocation, the analyzer options are set on it (the wdk checkers, clang's
// core and apiModeling checkers for their modelling, silenced), and a path diagnostic
// consumer of ours turns every report into a Finding with its path notes. The analyzer's
// own HTML or plist reports are written too when the job asks for them.
//
// The parent runs each job in a separate process (wdklock --internal-analyze <job>
// <result>), so a crash costs one file, never the run.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_ANALYZE_H
#define WDKLOCK_WRAPPER_ANALYZE_H

#include "Model.h"

namespace wdklock {

/// The hidden flag that makes wdklock an analysis child.
inline constexpr const char *InternalAnalyzeFlag = "--internal-analyze";

/// The child's exit status when the job's timeout ran out (as timeout(1) has it).
inline constexpr int TimedOutExitCode = 124;

/// Analyses \p Job in this process.
FileResult analyzeJob(const AnalysisJob &Job);

/// The child's main: reads the job from \p JobFile, writes the FileResult to \p ResultFile.
/// Returns 0 when the result was written (whatever it says), 3 otherwise; exits with
/// TimedOutExitCode when the job has a timeout and the analysis outlives it.
int runAnalysisChild(llvm::StringRef JobFile, llvm::StringRef ResultFile);

} // namespace wdklock

#endif
