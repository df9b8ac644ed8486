//===- TextWriter.h - Findings in clang's diagnostic format --------*- C++ -*-===//
//
//   drv.c:42:5: warning: 'h' is released by ... [wdk.QueuedSpinLockRelease]
//   drv.c:37:7: note: Assuming 'Take' is 0
//   ...
//
// Paths below the current directory are shown relative to it, others absolute.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_TEXTWRITER_H
#define WDKLOCK_WRAPPER_TEXTWRITER_H

#include "Model.h"
#include "llvm/Support/raw_ostream.h"

namespace wdklock {

void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               llvm::StringRef Cwd);

} // namespace wdklock

#endif
