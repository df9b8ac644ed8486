//===- Paths.h - Absolute paths, shown paths and file URIs --------*- C++ -*-===//
#ifndef WDKLOCK_WRAPPER_PATHS_H
#define WDKLOCK_WRAPPER_PATHS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace wdklock {

/// \p Path made absolute against \p Base (when relative), without "." and ".." parts.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base);

/// The current directory.
std::string currentDirectory();

/// How messages show an absolute path: relative to \p Cwd when it lies below it, else as is.
std::string displayPath(llvm::StringRef AbsolutePath, llvm::StringRef Cwd);

/// A file:// URI for an absolute path, percent-encoding what RFC 3986 does not allow.
std::string fileUri(llvm::StringRef AbsolutePath);

} // namespace wdklock

#endif
