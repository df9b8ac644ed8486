//===- CompileDb.cpp - Plan the compile command of every file --------------===//

#include "CompileDb.h"
#include "Paths.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <map>
#include <set>
#include <tuple>
#include <memory>

#ifndef WDKLOCK_DDK_COMPAT_SOURCE_DIR
#define WDKLOCK_DDK_COMPAT_SOURCE_DIR ""
#endif
#ifndef WDKLOCK_MINGW_PREFIX
#define WDKLOCK_MINGW_PREFIX "/usr"
#endif

namespace wdklock {

using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;

static const char DatabaseName[] = "compile_commands.json";
static const char DefaultTarget[] = "x86_64-w64-mingw32";

bool isCFamilySource(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  for (const char *Known : {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".cp", ".CPP", ".i", ".ii"})
    if (Ext == Known)
      return true;
  return false;
}

std::vector<std::string> DefaultFlags::commandFor(llvm::StringRef File) const {
  llvm::SmallString<256> Ddk(Include);
  llvm::sys::path::append(Ddk, "ddk");
  std::vector<std::string> Command = {"clang", "--target=" + Target};
  if (!CompatInclude.empty())
    Command.insert(Command.end(), {"-isystem", CompatInclude});
  // MSVC accepts these with a warning (C4013, C4047, C4113); clang 16 made them errors in C.
  // The analysis only needs the file parsed, and wdklock shows no compiler warnings.
  Command.insert(Command.end(), {"-isystem", std::string(Ddk), "-isystem", Include,
                                "-Wno-#warnings", "-Wno-error=implicit-function-declaration",
                                "-Wno-error=int-conversion",
                                "-Wno-error=incompatible-function-pointer-types"});
  // In C++, mingw-w64's wdm.h defines InterlockedBitTestAndSet/Reset as static functions after
  // its intrin.h declared them, and clang's cpuid.h does the same to __cpuidex: three errors
  // in any C++ file that includes <ntddk.h>. These macros tell mingw-w64 that the intrinsics
  // are defined elsewhere, so only one declaration is seen. Its sal.h leaves the old __in and
  // __out annotations undefined in C++ (they clash with libstdc++, which drivers do not use).
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  if (Ext != ".c" && Ext != ".i")
    Command.insert(Command.end(), {"-D__INTRINSIC_DEFINED_InterlockedBitTestAndSet",
                                  "-D__INTRINSIC_DEFINED_InterlockedBitTestAndReset",
                                  "-D__INTRINSIC_DEFINED___cpuidex", "-D__in=", "-D__out="});
  Command.push_back(File.str());
  return Command;
}

std::string defaultMingwPrefix() { return WDKLOCK_MINGW_PREFIX; }

std::string ddkCompatDir() {
  std::string Exe =
      llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&ddkCompatDir));
  llvm::SmallString<256> Installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Installed, "share", "wdklock", "ddk");
  llvm::StringRef Source = WDKLOCK_DDK_COMPAT_SOURCE_DIR;
  for (llvm::StringRef Dir : {llvm::StringRef(Installed), Source}) {
    if (Dir.empty())
      continue;
    llvm::SmallString<256> Header(Dir);
    llvm::sys::path::append(Header, "storport.h");
    if (llvm::sys::fs::exists(Header))
      return Dir.str();
  }
  return "";
}

/// The Debian package with mingw-w64's headers for a target, or "" when there is none.
static llvm::StringRef mingwPackage(llvm::StringRef Target) {
  if (Target == "x86_64-w64-mingw32")
    return "mingw-w64-x86-64-dev";
  if (Target == "i686-w64-mingw32")
    return "mingw-w64-i686-dev";
  return "";
}

std::optional<DefaultFlags> defaultFlags(const Options &Opts, llvm::StringRef MingwPrefix,
                                         std::string &Error) {
  DefaultFlags F;
  F.Target = Opts.Target.empty() ? DefaultTarget : Opts.Target;
  if (!Opts.WdkInclude.empty()) {
    F.Include = absolutePath(Opts.WdkInclude, currentDirectory());
  } else {
    llvm::SmallString<256> Inc(MingwPrefix);
    llvm::sys::path::append(Inc, F.Target, "include");
    F.Include = std::string(Inc);
  }
  llvm::SmallString<256> Ddk(F.Include);
  llvm::sys::path::append(Ddk, "ddk");
  if (llvm::sys::fs::is_directory(Ddk)) {
    F.CompatInclude = ddkCompatDir();
    return F;
  }
  if (!Opts.WdkInclude.empty()) {
    Error = "--wdk-include=" + Opts.WdkInclude + ": no ddk/ directory in " + F.Include;
    return std::nullopt;
  }
  Error = "no DDK headers for --target=" + F.Target + " (looked for " + std::string(Ddk) + "); ";
  llvm::StringRef Package = mingwPackage(F.Target);
  if (!Package.empty())
    Error += "install the Debian package " + Package.str() + ", ";
  Error += "pass --wdk-include=<dir>, use -p <dir> with a compile_commands.json, or give "
           "compiler args after '--'";
  return std::nullopt;
}

namespace {

/// Loads compilation databases, each once, and finds the one for a directory.
class DatabaseCache {
public:
  explicit DatabaseCache(std::string Cwd) : Cwd(std::move(Cwd)) {}

  /// Loads -p: a directory holding compile_commands.json, or the file itself.
  CompilationDatabase *loadExplicit(llvm::StringRef PathOrDir, std::string &Error) {
    llvm::SmallString<256> File(absolutePath(PathOrDir, Cwd));
    if (llvm::sys::fs::is_directory(File)) {
      llvm::sys::path::append(File, DatabaseName);
      if (!llvm::sys::fs::exists(File)) {
        Error = "-p " + PathOrDir.str() + ": no " + DatabaseName + " in that directory";
        return nullptr;
      }
    } else if (!llvm::sys::fs::exists(File)) {
      Error = "-p " + PathOrDir.str() + ": no such file or directory";
      return nullptr;
    }
    return load(std::string(File), Error);
  }

  /// The nearest compile_commands.json in \p Dir or above; nullptr without an error when
  /// there is none.
  CompilationDatabase *findFor(llvm::StringRef Dir, std::string &Error) {
    for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
      llvm::SmallString<256> File(D);
      llvm::sys::path::append(File, DatabaseName);
      if (llvm::sys::fs::is_regular_file(File))
        return load(std::string(File), Error);
    }
    return nullptr;
  }

  /// The database's file as messages show it.
  std::string pathOf(const CompilationDatabase *DB) const {
    for (const auto &[Path, Loaded] : ByPath)
      if (Loaded.get() == DB)
        return displayPath(Path, Cwd);
    return "";
  }

private:
  CompilationDatabase *load(const std::string &File, std::string &Error) {
    auto It = ByPath.find(File);
    if (It != ByPath.end())
      return It->second.get();
    std::string Shown = displayPath(File, Cwd);
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    if (!Buffer) {
      Error = Shown + ": " + Buffer.getError().message();
      return nullptr;
    }
    // The database reader takes YAML too and says little about JSON mistakes; check first.
    if (auto Parsed = llvm::json::parse((*Buffer)->getBuffer()); !Parsed) {
      Error = Shown + ": not valid JSON: " + llvm::toString(Parsed.takeError());
      return nullptr;
    }
    std::string Why;
    auto Json = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
        (*Buffer)->getBuffer(), Why, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (!Json) {
      Error = Shown + ": not a valid compilation database: " + llvm::StringRef(Why).trim().str();
      return nullptr;
    }
    std::unique_ptr<CompilationDatabase> DB = clang::tooling::expandResponseFiles(
        clang::tooling::inferTargetAndDriverMode(std::move(Json)),
        llvm::vfs::getRealFileSystem());
    return (ByPath[File] = std::move(DB)).get();
  }

  std::string Cwd;
  std::map<std::string, std::unique_ptr<CompilationDatabase>> ByPath;
};

/// Builds the plan, one source at a time.
class Planner {
public:
  Planner(const Options &Opts) : Opts(Opts), Cwd(currentDirectory()), Dbs(Cwd) {}

  std::optional<JobPlan> run(std::string &Error) {
    // inferTargetAndDriverMode only honours a target prefix (x86_64-w64-mingw32-gcc) that
    // the target registry knows.
    llvm::InitializeAllTargetInfos();
    CompilationDatabase *Explicit = nullptr;
    if (!Opts.CompileDbPath.empty() && !Opts.CompilerArgs) {
      Explicit = Dbs.loadExplicit(Opts.CompileDbPath, Error);
      if (!Explicit)
        return std::nullopt;
    }
    if (Opts.Sources.empty()) {
      if (!addAllEntries(*Explicit, Error))
        return std::nullopt;
    } else {
      for (const std::string &Source : Opts.Sources)
        if (!addSource(Source, Explicit, Error))
          return std::nullopt;
    }
    llvm::stable_sort(Plan.Jobs, [](const AnalysisJob &A, const AnalysisJob &B) {
      return A.File < B.File;
    });
    // A source named twice (or listed twice with the same command) is analysed once.
    std::set<std::tuple<std::string, std::string, std::vector<std::string>>> Seen;
    llvm::erase_if(Plan.Jobs, [&](const AnalysisJob &J) {
      return !Seen.insert({J.File, J.Directory, J.CommandLine}).second;
    });
    return std::move(Plan);
  }

private:
  /// False for a file that cannot be analysed; it goes to the rejected list.
  bool checkExists(const std::string &File, llvm::StringRef Shown, llvm::StringRef Origin) {
    std::string Reason;
    if (llvm::sys::fs::is_directory(File))
      Reason = "is a directory, not a source file";
    else if (!llvm::sys::fs::exists(File))
      Reason = "no such file";
    else
      return true;
    if (!Origin.empty())
      Reason += " (listed in " + Origin.str() + ")";
    FileResult R;
    R.File = Shown.str();
    R.Status = FileStatus::Failed;
    R.Reason = Reason;
    Plan.Rejected.push_back(std::move(R));
    return false;
  }

  void addCommand(const CompileCommand &C, llvm::StringRef Origin) {
    AnalysisJob J;
    J.Directory = C.Directory;
    J.File = absolutePath(C.Filename, C.Directory);
    J.CommandLine = C.CommandLine;
    J.Origin = Origin.str();
    Plan.Jobs.push_back(std::move(J));
  }

  bool addAllEntries(CompilationDatabase &DB, std::string &Error) {
    std::string Origin(Dbs.pathOf(&DB));
    std::vector<CompileCommand> All = DB.getAllCompileCommands();
    if (All.empty()) {
      Error = Origin + ": the compilation database has no entries";
      return false;
    }
    unsigned Skipped = 0;
    for (const CompileCommand &C : All) {
      std::string File = absolutePath(C.Filename, C.Directory);
      if (!isCFamilySource(File)) {
        ++Skipped;
        continue;
      }
      if (checkExists(File, File, Origin))
        addCommand(C, Origin);
    }
    if (Skipped)
      Plan.Notes.push_back("skipped " + std::to_string(Skipped) +
                           " entries of " + Origin + " that are not C or C++ sources");
    return true;
  }

  bool addSource(const std::string &Source, CompilationDatabase *Explicit, std::string &Error) {
    std::string File = absolutePath(Source, Cwd);
    if (!checkExists(File, Source, ""))
      return true;
    if (Opts.CompilerArgs) {
      AnalysisJob J;
      J.File = File;
      J.Directory = Cwd;
      J.CommandLine.push_back("clang");
      J.CommandLine.insert(J.CommandLine.end(), Opts.CompilerArgs->begin(),
                           Opts.CompilerArgs->end());
      J.CommandLine.push_back(File);
      J.Origin = "the command line";
      Plan.Jobs.push_back(std::move(J));
      return true;
    }
    CompilationDatabase *DB =
        Explicit ? Explicit : Dbs.findFor(llvm::sys::path::parent_path(File), Error);
    if (!DB && !Error.empty())
      return false;
    if (DB) {
      std::string Origin = Dbs.pathOf(DB);
      std::vector<CompileCommand> Commands = DB->getCompileCommands(File);
      for (const CompileCommand &C : Commands)
        addCommand(C, Origin);
      if (!Commands.empty())
        return true;
      Plan.Notes.push_back(Source + " is not in " + Origin +
                           "; using the default flags");
    }
    if (!Defaults) {
      Defaults = defaultFlags(Opts, defaultMingwPrefix(), Error);
      if (!Defaults)
        return false;
    }
    AnalysisJob J;
    J.File = File;
    J.Directory = Cwd;
    J.CommandLine = Defaults->commandFor(File);
    J.Origin = "the default flags";
    Plan.Jobs.push_back(std::move(J));
    return true;
  }

  const Options &Opts;
  std::string Cwd;
  DatabaseCache Dbs;
  std::optional<DefaultFlags> Defaults;
  JobPlan Plan;
};

} // namespace

std::optional<JobPlan> planJobs(const Options &Opts, std::string &Error) {
  return Planner(Opts).run(Error);
}

} // namespace wdklock
