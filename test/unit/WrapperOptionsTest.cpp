//===- WrapperOptionsTest.cpp - wdklock's command line --------------------===//

#include "Options.h"

#include "gtest/gtest.h"

using namespace wdklock;

namespace {

std::optional<Options> parse(std::vector<const char *> Args, std::string &Error) {
  return parseOptions(Args, Error);
}

TEST(WrapperOptions, SourcesOptionsAndCompilerArgs) {
  std::string Error;
  auto O = parse({"-p", "build", "--checks=-wdk.StorPortSpinLock", "-j3", "a.c", "--format",
                  "sarif", "-o", "-", "b.c", "--", "-DX", "-Iinc"},
                 Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->CompileDbPath, "build");
  EXPECT_EQ(O->Checks, "-wdk.StorPortSpinLock");
  EXPECT_EQ(O->Jobs, 3u);
  EXPECT_EQ(O->Format, OutputFormat::Sarif);
  EXPECT_EQ(O->Output, "-");
  EXPECT_EQ(O->Sources, (std::vector<std::string>{"a.c", "b.c"}));
  ASSERT_TRUE(O->CompilerArgs);
  EXPECT_EQ(*O->CompilerArgs, (std::vector<std::string>{"-DX", "-Iinc"}));
}

TEST(WrapperOptions, ValueSpellings) {
  std::string Error;
  auto O = parse({"-pbuild", "-j", "2", "--plugin", "x.so", "--config=c.yaml", "-oout", "a.c"},
                 Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->CompileDbPath, "build");
  EXPECT_EQ(O->Jobs, 2u);
  EXPECT_EQ(O->Plugin, "x.so");
  EXPECT_EQ(O->ConfigFile, "c.yaml");
  EXPECT_EQ(O->Output, "out");
  EXPECT_FALSE(O->CompilerArgs);
}

TEST(WrapperOptions, DepthAndShowUnexplored) {
  std::string Error;
  auto O = parse({"a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->Depth, AnalysisDepth::Default);
  EXPECT_FALSE(O->ShowUnexplored);
  O = parse({"--depth", "deep", "--show-unexplored", "a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->Depth, AnalysisDepth::Deep);
  EXPECT_TRUE(O->ShowUnexplored);
  O = parse({"--depth=quick", "a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->Depth, AnalysisDepth::Quick);
}

TEST(WrapperOptions, Timeout) {
  std::string Error;
  auto O = parse({"a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->TimeoutSeconds, 0u);
  O = parse({"--timeout", "90", "a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->TimeoutSeconds, 90u);
  O = parse({"--timeout=86400", "a.c"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_EQ(O->TimeoutSeconds, 86400u);
}

TEST(WrapperOptions, DbWithoutSourcesIsEnough) {
  std::string Error;
  auto O = parse({"-p", "build"}, Error);
  ASSERT_TRUE(O) << Error;
  EXPECT_TRUE(O->Sources.empty());
}

TEST(WrapperOptions, HelpAndVersionNeedNoSources) {
  std::string Error;
  EXPECT_TRUE(parse({"--help"}, Error));
  EXPECT_TRUE(parse({"--version"}, Error));
  EXPECT_TRUE(parse({"--list-checks"}, Error));
}

struct BadCase {
  std::vector<const char *> Args;
  const char *Error;
};

TEST(WrapperOptions, UsageErrorsAreOneLine) {
  const BadCase Cases[] = {
      {{"--frobnicate", "a.c"}, "unknown option '--frobnicate' (see 'wdklock --help')"},
      {{"a.c", "-o"}, "option '-o' needs a value"},
      {{"--checks=", "a.c"}, "option '--checks' needs a value"},
      {{"-j", "0", "a.c"}, "-j needs a number of jobs from 1 to 1024, not '0'"},
      {{"-jlots", "a.c"}, "-j needs a number of jobs from 1 to 1024, not 'lots'"},
      {{"--format=json", "a.c"}, "unknown format 'json' (text, sarif, html or plist)"},
      {{"--format=html", "a.c"}, "--format=html writes a directory; give -o <dir>"},
      {{"--format=plist", "-o", "-", "a.c"}, "--format=plist writes a directory; give -o <dir>"},
      {{"--static-checkers", "--plugin=x.so", "a.c"},
       "--plugin and --static-checkers exclude each other"},
      {{"--", "-DX"}, "compiler args after '--' need source files before '--'"},
      {{"--wdk-include=/x", "a.c", "--", "-DX"},
       "--target and --wdk-include shape the default flags; after '--' give the compiler "
       "args themselves"},
      {{}, "no input files (give sources, or -p <dir> to analyse a compile_commands.json)"},
      {{"a.c", "--lsp"}, "--lsp must be the first argument"},
      {{"--depth=deeper", "a.c"}, "unknown depth 'deeper' (quick, default or deep)"},
      {{"--timeout=0", "a.c"}, "--timeout needs a number of seconds from 1 to 86400, not '0'"},
      {{"--timeout=86401", "a.c"},
       "--timeout needs a number of seconds from 1 to 86400, not '86401'"},
      {{"--timeout=-5", "a.c"}, "--timeout needs a number of seconds from 1 to 86400, not '-5'"},
  };
  for (const BadCase &C : Cases) {
    std::string Error;
    EXPECT_FALSE(parse(C.Args, Error)) << C.Error;
    EXPECT_EQ(Error, C.Error);
    EXPECT_EQ(Error.find('\n'), std::string::npos);
  }
}

TEST(WrapperOptions, HelpNamesEveryOption) {
  std::string Help = helpText();
  for (const char *Option :
       {"-p <dir>", "--checks=", "--config=", "--list-checks", "-j <n>", "--format=", "-o <path>",
        "--plugin=", "--static-checkers", "--target=", "--wdk-include=", "--quiet", "--verbose",
        "--version", "--help", "--lsp", "--depth=", "--show-unexplored", "--timeout="})
    EXPECT_NE(Help.find(Option), std::string::npos) << Option;
}

} // namespace
