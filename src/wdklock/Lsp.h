//===- Lsp.h - wdklock --lsp: the language server entry -----------*- C++ -*-===//
//
// `wdklock --lsp` hands the whole command line to the language server. The server analyses
// a file by running this same binary as a child:
//
//   wdklock --format=sarif -o <file> [-p <dir>] <source> [-- <compiler args>]
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_WRAPPER_LSP_H
#define WDKLOCK_WRAPPER_LSP_H

namespace wdklock {

/// Runs the language server on stdin/stdout; returns the process exit code.
int runLanguageServer(int argc, const char **argv);

} // namespace wdklock

#endif
