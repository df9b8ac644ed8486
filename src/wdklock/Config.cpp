//===- Config.cpp - Read .wdklock.yaml with llvm/Support/YAMLTraits -------===//

#include "Config.h"
#include "Catalog.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

namespace {
/// The file as written, before validation.
struct RawConfig {
  std::optional<std::string> Checks;
  std::map<std::string, std::string> CheckOptions;
};
} // namespace

namespace llvm::yaml {
template <> struct MappingTraits<RawConfig> {
  static void mapping(IO &IO, RawConfig &C) {
    IO.mapOptional("Checks", C.Checks);
    IO.mapOptional("CheckOptions", C.CheckOptions);
  }
};
/// CheckOptions: any keys, scalar values.
template <> struct CustomMappingTraits<std::map<std::string, std::string>> {
  static void inputOne(IO &IO, StringRef Key, std::map<std::string, std::string> &M) {
    IO.mapRequired(Key.str().c_str(), M[Key.str()]);
  }
  static void output(IO &IO, std::map<std::string, std::string> &M) {
    for (auto &[Key, Value] : M)
      IO.mapRequired(Key.c_str(), Value);
  }
};
} // namespace llvm::yaml

namespace wdklock {

namespace {
/// Collects the first YAML diagnostic as "<path>:<line>:<col>: <message>".
struct FirstYamlError {
  std::string Path;
  std::string Text;
  static void handle(const llvm::SMDiagnostic &D, void *Context) {
    auto *Self = static_cast<FirstYamlError *>(Context);
    if (!Self->Text.empty())
      return;
    Self->Text = Self->Path + ":" + std::to_string(D.getLineNo()) + ":" +
                 std::to_string(D.getColumnNo() + 1) + ": " + D.getMessage().str();
  }
};
} // namespace

std::optional<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path,
                                  const CheckerCatalog &Catalog, std::string &Error) {
  FirstYamlError Diag{Path.str(), ""};
  RawConfig Raw;
  if (!Text.trim().empty()) {
    llvm::yaml::Input In(Text, nullptr, FirstYamlError::handle, &Diag);
    In >> Raw;
    if (In.error()) {
      Error = Diag.Text.empty() ? Path.str() + ": not a valid configuration" : Diag.Text;
      return std::nullopt;
    }
  }
  Config C;
  C.Path = Path.str();
  if (Raw.Checks) {
    std::vector<std::string> Scratch;
    if (!Catalog.applyChecks(*Raw.Checks, Scratch, Error)) {
      Error = Path.str() + ": Checks: " + Error;
      return std::nullopt;
    }
  }
  for (const auto &[Key, Value] : Raw.CheckOptions)
    if (!Catalog.validateOption(Key, Value, Error)) {
      Error = Path.str() + ": CheckOptions: " + Error;
      return std::nullopt;
    }
  C.Checks = std::move(Raw.Checks);
  C.CheckOptions = std::move(Raw.CheckOptions);
  return C;
}

ConfigLoader::ConfigLoader(const CheckerCatalog &Catalog, std::string Explicit)
    : Catalog(Catalog), Explicit(std::move(Explicit)) {}

const Config *ConfigLoader::load(const std::string &Path, std::string &Error) {
  auto It = ByPath.find(Path);
  if (It != ByPath.end()) {
    if (!It->second)
      Error = Path + ": see the error above";
    return It->second.get();
  }
  std::unique_ptr<Config> Loaded;
  if (llvm::sys::fs::is_directory(Path)) {
    Error = Path + ": is a directory, not a configuration file";
  } else if (auto Buffer = llvm::MemoryBuffer::getFile(Path)) {
    if (auto C = parseConfig((*Buffer)->getBuffer(), Path, Catalog, Error))
      Loaded = std::make_unique<Config>(std::move(*C));
  } else {
    Error = Path + ": " + Buffer.getError().message();
  }
  return (ByPath[Path] = std::move(Loaded)).get();
}

const Config *ConfigLoader::forDirectory(llvm::StringRef Directory, std::string &Error) {
  if (!Explicit.empty())
    return load(Explicit, Error);
  auto Cached = FileForDirectory.find(Directory);
  std::string File;
  if (Cached != FileForDirectory.end()) {
    File = Cached->second;
  } else {
    for (llvm::StringRef Dir = Directory; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, ConfigFileName);
      if (llvm::sys::fs::exists(Candidate)) {
        File = std::string(Candidate);
        break;
      }
    }
    FileForDirectory[Directory] = File;
  }
  return File.empty() ? &Empty : load(File, Error);
}

} // namespace wdklock
