//===- Depth.cpp - The --depth presets -------------------------------------===//

#include "Depth.h"

#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"

namespace wdklock {

static const std::pair<const char *, AnalysisDepth> DepthNames[] = {
    {"quick", AnalysisDepth::Quick},
    {"default", AnalysisDepth::Default},
    {"deep", AnalysisDepth::Deep}};

std::optional<AnalysisDepth> parseDepth(llvm::StringRef Name) {
  for (const auto &[N, D] : DepthNames)
    if (Name == N)
      return D;
  return std::nullopt;
}

llvm::StringRef depthName(AnalysisDepth D) {
  for (const auto &[N, V] : DepthNames)
    if (V == D)
      return N;
  return "default";
}

void applyDepth(clang::AnalyzerOptions &AO, AnalysisDepth D) {
  // The defaults these scale (clang 16 to 22, "deep" user mode): max-nodes 225000,
  // -analyzer-max-loop 4, -analyzer-inline-max-stack-depth 5, max-inlinable-size 100,
  // ipa-always-inline-size 3, max-times-inline-large 32, unroll-loops false,
  // widen-loops false.
  switch (D) {
  case AnalysisDepth::Default:
    return;
  case AnalysisDepth::Quick:
    AO.MaxNodesPerTopLevelFunction = 20000;
    AO.maxBlockVisitOnPath = 2;
    AO.InlineMaxStackDepth = 3;
    AO.MaxInlinableSize = 50;
    AO.MaxTimesInlineLarge = 8;
    return;
  case AnalysisDepth::Deep:
    AO.MaxNodesPerTopLevelFunction = 900000;
    AO.maxBlockVisitOnPath = 17;
    AO.ShouldUnrollLoops = true;
    AO.ShouldWidenLoops = true;
    AO.InlineMaxStackDepth = 8;
    AO.MaxInlinableSize = 200;
    AO.AlwaysInlineSize = 6;
    AO.MaxTimesInlineLarge = 64;
    return;
  }
}

} // namespace wdklock
