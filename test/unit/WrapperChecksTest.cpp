//===- WrapperChecksTest.cpp - --checks globs, options and configuration --===//

#include "Catalog.h"
#include "Config.h"
#include "wdklock/Checkers.h"

#include "gtest/gtest.h"

using namespace wdklock;

namespace {

CheckerCatalog testCatalog() {
  return CheckerCatalog({
      {"wdk.StorPortSpinLock", "StorPort", {{"RoleTypes", "string", "", "roles"}}},
      {"wdk.QueuedSpinLock", "queued", {{"RoleTypes", "string", "", "roles"}}},
      {"wdk.QueuedSpinLockRelease", "release",
       {{"ReportUnknownHandles", "bool", "false", "unknown"}, {"Depth", "int", "3", "d"}}},
  });
}

std::vector<std::string> apply(const CheckerCatalog &C, std::vector<const char *> Lists) {
  std::vector<std::string> Enabled;
  std::string Error;
  for (const char *L : Lists)
    EXPECT_TRUE(C.applyChecks(L, Enabled, Error)) << L << ": " << Error;
  return Enabled;
}

TEST(WrapperChecks, GlobsApplyInOrder) {
  CheckerCatalog C = testCatalog();
  using V = std::vector<std::string>;
  EXPECT_EQ(apply(C, {DefaultChecks}),
            (V{"wdk.QueuedSpinLock", "wdk.QueuedSpinLockRelease", "wdk.StorPortSpinLock"}));
  EXPECT_EQ(apply(C, {DefaultChecks, "-wdk.StorPortSpinLock"}),
            (V{"wdk.QueuedSpinLock", "wdk.QueuedSpinLockRelease"}));
  EXPECT_EQ(apply(C, {DefaultChecks, "-*, wdk.*Release"}), (V{"wdk.QueuedSpinLockRelease"}));
  EXPECT_EQ(apply(C, {DefaultChecks, "-wdk.Queued*", "wdk.QueuedSpinLock"}),
            (V{"wdk.QueuedSpinLock", "wdk.StorPortSpinLock"}));
  EXPECT_EQ(apply(C, {"", ",,"}), V{});
}

TEST(WrapperChecks, UnmatchedGlobIsAnError) {
  CheckerCatalog C = testCatalog();
  std::vector<std::string> Enabled;
  std::string Error;
  EXPECT_FALSE(C.applyChecks("wdk.QueuedSpinLok", Enabled, Error));
  EXPECT_EQ(Error, "'wdk.QueuedSpinLok' matches no checker (there are wdk.QueuedSpinLock, "
                   "wdk.QueuedSpinLockRelease, wdk.StorPortSpinLock)");
  EXPECT_FALSE(C.applyChecks("-core.*", Enabled, Error));
}

TEST(WrapperChecks, OptionsAreCheckedByType) {
  CheckerCatalog C = testCatalog();
  std::string Error;
  EXPECT_TRUE(C.validateOption("wdk.QueuedSpinLockRelease:ReportUnknownHandles", "true", Error));
  EXPECT_TRUE(C.validateOption("wdk.QueuedSpinLock:RoleTypes", "A;B*", Error));
  EXPECT_TRUE(C.validateOption("wdk.QueuedSpinLockRelease:Depth", "7", Error));
  EXPECT_FALSE(C.validateOption("wdk.QueuedSpinLockRelease:Depth", "seven", Error));
  EXPECT_EQ(Error, "'wdk.QueuedSpinLockRelease:Depth' takes an integer, not 'seven'");
  EXPECT_FALSE(C.validateOption("wdk.QueuedSpinLockRelease:ReportUnknownHandles", "1", Error));
  EXPECT_FALSE(C.validateOption("wdk.QueuedSpinLock:Nope", "1", Error));
  EXPECT_EQ(Error, "wdk.QueuedSpinLock has no option 'Nope' (it takes RoleTypes)");
  EXPECT_FALSE(C.validateOption("wdk.Other:RoleTypes", "x", Error));
  EXPECT_FALSE(C.validateOption("RoleTypes", "x", Error));
}

TEST(WrapperChecks, HelpUriIsDocsBasePlusShortName) {
  CheckerCatalog C = testCatalog();
  const CheckerDescription *D = C.find("wdk.QueuedSpinLockRelease");
  ASSERT_TRUE(D);
  EXPECT_EQ(D->helpUri(), std::string(CheckerDocsBase) + "QueuedSpinLockRelease.md");
}

TEST(WrapperChecks, BuiltInCatalogHasTheVisibleWdkCheckers) {
  std::string Error;
  auto C = CheckerCatalog::load(CheckerSource{}, Error);
  ASSERT_TRUE(C) << Error;
  std::vector<std::string> Names;
  for (const CheckerDescription &D : C->checkers()) {
    Names.push_back(D.Name);
    // The description says what is checked, without the build note clang's list shows.
    EXPECT_FALSE(D.Description.empty());
    EXPECT_EQ(D.Description.find("(wdklock "), std::string::npos) << D.Description;
  }
  EXPECT_EQ(Names, (std::vector<std::string>{"wdk.QueuedSpinLock", "wdk.QueuedSpinLockRelease",
                                             "wdk.StorPortSpinLock"}));
  EXPECT_FALSE(C->find("wdk.LockModeling"));
  EXPECT_FALSE(C->find("core.NullDereference"));
}

TEST(WrapperConfig, ParsesChecksAndOptions) {
  CheckerCatalog C = testCatalog();
  std::string Error;
  auto Cfg = parseConfig("Checks: '-wdk.StorPortSpinLock'\n"
                         "CheckOptions:\n"
                         "  wdk.QueuedSpinLock:RoleTypes: 'A;B*'\n"
                         "  wdk.QueuedSpinLockRelease:ReportUnknownHandles: true\n",
                         "/p/.wdklock.yaml", C, Error);
  ASSERT_TRUE(Cfg) << Error;
  EXPECT_EQ(Cfg->Checks.value_or(""), "-wdk.StorPortSpinLock");
  EXPECT_EQ(Cfg->CheckOptions.at("wdk.QueuedSpinLock:RoleTypes"), "A;B*");
  EXPECT_EQ(Cfg->CheckOptions.at("wdk.QueuedSpinLockRelease:ReportUnknownHandles"), "true");
  auto Empty = parseConfig("  \n", "/p/.wdklock.yaml", C, Error);
  ASSERT_TRUE(Empty);
  EXPECT_FALSE(Empty->Checks);
}

TEST(WrapperConfig, ErrorsNameTheFileAndPlace) {
  CheckerCatalog C = testCatalog();
  std::string Error;
  EXPECT_FALSE(parseConfig("Checks: x\nChekcs: y\n", "c.yaml", C, Error));
  EXPECT_EQ(Error, "c.yaml:2:1: unknown key 'Chekcs'");
  EXPECT_FALSE(parseConfig("Checks: 'wdk.Nope'\n", "c.yaml", C, Error));
  EXPECT_EQ(Error.rfind("c.yaml: Checks: 'wdk.Nope' matches no checker", 0), 0u) << Error;
  EXPECT_FALSE(parseConfig("CheckOptions:\n  wdk.QueuedSpinLock:X: 1\n", "c.yaml", C, Error));
  EXPECT_EQ(Error, "c.yaml: CheckOptions: wdk.QueuedSpinLock has no option 'X' (it takes "
                   "RoleTypes)");
  EXPECT_FALSE(parseConfig("CheckOptions: [\n", "c.yaml", C, Error));
  EXPECT_EQ(Error.rfind("c.yaml:", 0), 0u) << Error;
  EXPECT_FALSE(parseConfig("- a\n- b\n", "c.yaml", C, Error));
}

} // namespace
