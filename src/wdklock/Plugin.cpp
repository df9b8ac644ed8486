//===- Plugin.cpp - Find and vet the checker plugin -----------------------===//

#include "Plugin.h"

#include "clang/Basic/Version.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace wdklock {

static const char PluginFileName[] = "WdkLockCheckers.so";

std::string findBundledPlugin(llvm::StringRef ExecutablePath) {
  llvm::StringRef BinDir = llvm::sys::path::parent_path(ExecutablePath);
  llvm::StringRef Prefix = llvm::sys::path::parent_path(BinDir);
  for (const char *Sub : {"lib", "lib/wdklock"}) {
    llvm::SmallString<256> Candidate(Prefix);
    llvm::sys::path::append(Candidate, Sub, PluginFileName);
    if (llvm::sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
  }
  return "";
}

std::string runtimeClangVersion() {
  // getClangFullVersion() comes from the loaded libclang-cpp, not from our headers:
  // "[vendor ]clang version 19.1.7 (...)".
  std::string Full = clang::getClangFullVersion();
  llvm::StringRef Rest(Full);
  size_t At = Rest.find("clang version ");
  if (At == llvm::StringRef::npos)
    return CLANG_VERSION_STRING;
  Rest = Rest.substr(At + strlen("clang version "));
  return Rest.take_until([](char C) { return C == ' '; }).str();
}

bool verifyPlugin(llvm::StringRef Path, std::string &Error) {
  std::string Where = "plugin " + Path.str();
  if (llvm::sys::fs::is_directory(Path)) {
    Error = Where + " is a directory, not a checker plugin";
    return false;
  }
  if (!llvm::sys::fs::exists(Path)) {
    Error = Where + ": no such file";
    return false;
  }
  std::string LoadError;
  auto Lib = llvm::sys::DynamicLibrary::getPermanentLibrary(Path.str().c_str(), &LoadError);
  if (!Lib.isValid()) {
    Error = Where + " cannot be loaded: " + LoadError;
    return false;
  }
  const auto *Version =
      static_cast<const char *>(Lib.getAddressOfSymbol("clang_analyzerAPIVersionString"));
  if (!Version || !Lib.getAddressOfSymbol("clang_registerCheckers")) {
    Error = Where + " is not a clang checker plugin (it lacks " +
            (Version ? "clang_registerCheckers" : "clang_analyzerAPIVersionString") + ")";
    return false;
  }
  std::string Running = runtimeClangVersion();
  if (Running != Version) {
    Error = Where + " was built for clang " + Version + ", but wdklock runs clang " + Running +
            "; rebuild the plugin against clang " + Running + " or use --static-checkers";
    return false;
  }
  return true;
}

std::optional<CheckerSource> chooseCheckers(bool StaticCheckers, llvm::StringRef PluginOption,
                                            llvm::StringRef ExecutablePath,
                                            std::string &Error) {
  if (StaticCheckers)
    return CheckerSource{};
  std::string Path =
      PluginOption.empty() ? findBundledPlugin(ExecutablePath) : PluginOption.str();
  if (Path.empty())
    return CheckerSource{};
  llvm::SmallString<256> Absolute(Path);
  llvm::sys::fs::make_absolute(Absolute);
  if (!verifyPlugin(Absolute, Error))
    return std::nullopt;
  return CheckerSource{std::string(Absolute)};
}

} // namespace wdklock
