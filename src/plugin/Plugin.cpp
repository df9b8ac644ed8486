//===- Plugin.cpp - WdkLockCheckers.so: the two symbols clang looks for ----===//
//
// clang --analyze -fplugin=WdkLockCheckers.so -Xclang -analyzer-checker=wdk ...
//
// The registry refuses a plugin whose version string differs from the running clang's, so
// this plugin loads only into the clang it was built against.
//
//===----------------------------------------------------------------------===//
#include "wdklock/Checkers.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

extern "C" const char clang_analyzerAPIVersionString[] = CLANG_ANALYZER_API_VERSION_STRING;

extern "C" void clang_registerCheckers(clang::ento::CheckerRegistry &Registry) {
  wdklock::registerWdkCheckers(Registry);
}
