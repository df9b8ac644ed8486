//===- LspDiagnostics.h - From the wrapper's SARIF to LSP diagnostics -*- C++ -*-===//
//
// The language server learns about findings the way any other consumer does: from the SARIF
// 2.1.0 log that `wdklock --format=sarif` writes. This file turns one such log into the
// `diagnostics` array of a textDocument/publishDiagnostics notification:
//
//   result.ruleId                         -> code, with the rule's helpUri as codeDescription
//   result.message.text                   -> message
//   result.locations[0] region            -> range (SARIF: 1-based lines, columns in code
//                                            points; LSP: 0-based lines, UTF-16 columns)
//   codeFlows[0].threadFlows[0].locations -> relatedInformation, one entry per path note, in
//                                            path order
//
// It also builds the diagnostic that stands in for results when the file could not be
// analysed, and converts between file:// URIs and paths.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_LSPDIAGNOSTICS_H
#define WDKLOCK_LSPDIAGNOSTICS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace wdklock::lsp {

/// The local path a file:// URI names; nothing for other schemes or a malformed URI.
std::optional<std::string> uriToPath(llvm::StringRef Uri);

/// A file:// URI for a local path (made absolute first).
std::string pathToUri(llvm::StringRef Path);

/// Whether two paths name the same file: equal once normalised, or the same file on disk.
bool samePath(llvm::StringRef A, llvm::StringRef B);

/// The document the diagnostics are for: its path, and the URI the client used for it
/// (diagnostics and related locations in it are published under exactly that URI).
struct Document {
  std::string Path;
  std::string Uri;
};

/// The diagnostics a SARIF log holds for Doc. A result whose location lies in another file
/// (a header) is shown at the last step of its path inside Doc, or at line 0. With
/// PathInMessage the path notes are also appended to the message, one line each, for editors
/// that do not show relatedInformation.
llvm::Expected<llvm::json::Array> diagnosticsFromSarif(llvm::StringRef Sarif, const Document &Doc,
                                                       bool PathInMessage = false);

/// The one Error diagnostic at line 0 of Doc that says the file could not be analysed.
llvm::json::Value failureDiagnostic(const Document &Doc, llvm::StringRef Reason);

/// The line of a failed analysis's stderr worth showing: the first one that says `error:`,
/// else the first non-empty one. Empty if stderr was empty.
std::string firstErrorLine(llvm::StringRef Stderr);

} // namespace wdklock::lsp

#endif
