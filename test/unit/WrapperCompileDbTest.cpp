//===- WrapperCompileDbTest.cpp - planning the compile commands -----------===//

#include "CompileDb.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace wdklock;

namespace {

/// A temporary directory, removed at the end of the test.
class TempDir {
public:
  TempDir() { EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("wdklock-test", Path)); }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string path(llvm::StringRef Sub = "") const {
    llvm::SmallString<256> P(Path);
    if (!Sub.empty())
      llvm::sys::path::append(P, Sub);
    return std::string(P);
  }
  std::string write(llvm::StringRef Sub, llvm::StringRef Text) const {
    std::string P = path(Sub);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return P;
  }

private:
  llvm::SmallString<256> Path;
};

TEST(WrapperCompileDb, DefaultFlagsNameThePackageWhenHeadersAreMissing) {
  TempDir T;
  Options O;
  std::string Error;
  EXPECT_FALSE(defaultFlags(O, T.path(), Error));
  EXPECT_EQ(Error, "no DDK headers for --target=x86_64-w64-mingw32 (looked for " +
                       T.path("x86_64-w64-mingw32/include/ddk") +
                       "); install the Debian package mingw-w64-x86-64-dev, pass "
                       "--wdk-include=<dir>, use -p <dir> with a compile_commands.json, or "
                       "give compiler args after '--'");

  llvm::sys::fs::create_directories(T.path("x86_64-w64-mingw32/include/ddk"));
  auto F = defaultFlags(O, T.path(), Error);
  ASSERT_TRUE(F) << Error;
  // The compatibility headers (the source tree's, for this test binary) come first.
  EXPECT_EQ(F->CompatInclude, ddkCompatDir());
  EXPECT_FALSE(F->CompatInclude.empty());
  EXPECT_EQ(F->commandFor("/s/a.c"),
            (std::vector<std::string>{"clang", "--target=x86_64-w64-mingw32", "-isystem",
                                      F->CompatInclude, "-isystem",
                                      T.path("x86_64-w64-mingw32/include/ddk"), "-isystem",
                                      T.path("x86_64-w64-mingw32/include"), "-Wno-#warnings",
                                      "-Wno-error=implicit-function-declaration",
                                      "-Wno-error=int-conversion",
                                      "-Wno-error=incompatible-function-pointer-types",
                                      "/s/a.c"}));
  F->CompatInclude.clear(); // not installed: mingw-w64's headers only
  EXPECT_EQ(F->commandFor("/s/a.c"),
            (std::vector<std::string>{"clang", "--target=x86_64-w64-mingw32", "-isystem",
                                      T.path("x86_64-w64-mingw32/include/ddk"), "-isystem",
                                      T.path("x86_64-w64-mingw32/include"), "-Wno-#warnings",
                                      "-Wno-error=implicit-function-declaration",
                                      "-Wno-error=int-conversion",
                                      "-Wno-error=incompatible-function-pointer-types",
                                      "/s/a.c"}));
  // C++ also gets the macros that keep mingw-w64's intrinsics declared once.
  EXPECT_EQ(F->commandFor("/s/a.cpp"),
            (std::vector<std::string>{"clang", "--target=x86_64-w64-mingw32", "-isystem",
                                      T.path("x86_64-w64-mingw32/include/ddk"), "-isystem",
                                      T.path("x86_64-w64-mingw32/include"), "-Wno-#warnings",
                                      "-Wno-error=implicit-function-declaration",
                                      "-Wno-error=int-conversion",
                                      "-Wno-error=incompatible-function-pointer-types",
                                      "-D__INTRINSIC_DEFINED_InterlockedBitTestAndSet",
                                      "-D__INTRINSIC_DEFINED_InterlockedBitTestAndReset",
                                      "-D__INTRINSIC_DEFINED___cpuidex", "-D__in=", "-D__out=",
                                      "/s/a.cpp"}));

  O.WdkInclude = T.path("nowhere");
  EXPECT_FALSE(defaultFlags(O, T.path(), Error));
  EXPECT_EQ(Error, "--wdk-include=" + T.path("nowhere") + ": no ddk/ directory in " +
                       T.path("nowhere"));
}

TEST(WrapperCompileDb, SourcesUseTheirDatabaseEntries) {
  TempDir T;
  std::string A = T.write("src/a.c", "int a;\n");
  std::string B = T.write("src/b.c", "int b;\n");
  T.write("build/compile_commands.json",
          "[{\"directory\": \"" + T.path("src") + "\", \"file\": \"a.c\", "
          "\"arguments\": [\"x86_64-w64-mingw32-gcc\", \"-DA\", \"-c\", \"a.c\"]},"
          " {\"directory\": \"" + T.path("src") + "\", \"file\": \"notes.asm\", "
          "\"command\": \"ml64 notes.asm\"},"
          " {\"directory\": \"" + T.path("src") + "\", \"file\": \"b.c\", "
          "\"command\": \"cc -DB -c b.c\"}]");
  Options O;
  O.CompileDbPath = T.path("build");
  std::string Error;
  auto Plan = planJobs(O, Error);
  ASSERT_TRUE(Plan) << Error;
  ASSERT_EQ(Plan->Jobs.size(), 2u);
  EXPECT_EQ(Plan->Jobs[0].File, A);
  EXPECT_EQ(Plan->Jobs[1].File, B);
  EXPECT_EQ(Plan->Jobs[0].Directory, T.path("src"));
  // The compiler's name implies the target, as in clang-tidy.
  const std::vector<std::string> &Cmd = Plan->Jobs[0].CommandLine;
  EXPECT_NE(std::find(Cmd.begin(), Cmd.end(), "--target=x86_64-w64-mingw32"), Cmd.end());
  ASSERT_EQ(Plan->Notes.size(), 1u);
  EXPECT_NE(Plan->Notes[0].find("skipped 1 entries"), std::string::npos);

  O.Sources = {B};
  Plan = planJobs(O, Error);
  ASSERT_TRUE(Plan) << Error;
  ASSERT_EQ(Plan->Jobs.size(), 1u);
  EXPECT_EQ(Plan->Jobs[0].CommandLine[1], "-DB");
}

TEST(WrapperCompileDb, MissingFilesAndDirectoriesAreRejectedNotFatal) {
  TempDir T;
  std::string A = T.write("a.c", "int a;\n");
  Options O;
  O.Sources = {T.path("gone.c"), T.path(), A};
  O.CompilerArgs = std::vector<std::string>{"-DX"};
  std::string Error;
  auto Plan = planJobs(O, Error);
  ASSERT_TRUE(Plan) << Error;
  ASSERT_EQ(Plan->Jobs.size(), 1u);
  EXPECT_EQ(Plan->Jobs[0].CommandLine, (std::vector<std::string>{"clang", "-DX", A}));
  ASSERT_EQ(Plan->Rejected.size(), 2u);
  EXPECT_EQ(Plan->Rejected[0].Reason, "no such file");
  EXPECT_EQ(Plan->Rejected[1].Reason, "is a directory, not a source file");
  EXPECT_EQ(Plan->Rejected[1].Status, FileStatus::Failed);
}

TEST(WrapperCompileDb, BrokenDatabasesStopTheRun) {
  TempDir T;
  Options O;
  std::string Error;
  O.CompileDbPath = T.write("json/compile_commands.json", "[{\"directory\": \"/\",");
  EXPECT_FALSE(planJobs(O, Error));
  EXPECT_NE(Error.find("compile_commands.json: not valid JSON: "), std::string::npos) << Error;
  O.CompileDbPath = T.write("nofile/compile_commands.json",
                            "[{\"directory\": \"/\", \"command\": \"cc -c a.c\"}]");
  EXPECT_FALSE(planJobs(O, Error));
  EXPECT_NE(Error.find("not a valid compilation database: Missing key: \"file\""),
            std::string::npos)
      << Error;
  O.CompileDbPath = T.write("empty/compile_commands.json", "[]");
  EXPECT_FALSE(planJobs(O, Error));
  EXPECT_NE(Error.find("the compilation database has no entries"), std::string::npos);
  O.CompileDbPath = T.path("json");
  llvm::sys::fs::remove(T.path("json/compile_commands.json"));
  EXPECT_FALSE(planJobs(O, Error));
  EXPECT_EQ(Error, "-p " + T.path("json") + ": no compile_commands.json in that directory");
}

} // namespace
