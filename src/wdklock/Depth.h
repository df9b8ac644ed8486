//===- Depth.h - The --depth presets: the analyzer's budgets ------*- C++ -*-===//
//
// The analyzer stops exploring a function when a budget runs out (nodes per top-level
// function, visits of a block per path, inlining limits), and the lock sites behind the
// limit go unexplored (docs/coverage.md). --depth picks the budgets:
//
//   quick    a fraction of the default cost: 20000 nodes, blocks visited twice per path,
//            inlining 3 frames deep and of functions up to 50 blocks
//   default  the analyzer's own settings (as under clang --analyze), or what the compile
//            command's -analyzer-config set
//   deep     for lock-heavy functions: 900000 nodes (4x), blocks visited 17 times per path
//            (a loop with a constant bound of 16 runs to its end), int-counted constant
//            loops unrolled, loops that still reach the bound widened (the path goes on
//            past the loop with the frame's values forgotten), inlining 8 frames deep and
//            of functions up to 200 blocks
//
// Widening forgets the locals that tie a conditional acquire to its release; the checker
// treats a widened frame's handles as unknown, so it costs findings on those paths only,
// never false ones (test/lit/checkers/loop-widening.c, docs/coverage.md).
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_DEPTH_H
#define WDKLOCK_WRAPPER_DEPTH_H

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
class AnalyzerOptions;
}

namespace wdklock {

enum class AnalysisDepth { Quick, Default, Deep };

/// "quick", "default" or "deep"; nothing for another word.
std::optional<AnalysisDepth> parseDepth(llvm::StringRef Name);
llvm::StringRef depthName(AnalysisDepth D);

/// Sets the budgets of \p D; Default leaves \p AO as the compile command made it.
void applyDepth(clang::AnalyzerOptions &AO, AnalysisDepth D);

} // namespace wdklock

#endif
