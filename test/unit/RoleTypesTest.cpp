#include "wdklock/RoleTypes.h"
#include <gtest/gtest.h>

using namespace wdklock;

TEST(RoleTypes, BuiltinsAndPrefixes) {
  RoleTypeSet Roles;
  EXPECT_TRUE(Roles.contains("DRIVER_DISPATCH"));
  EXPECT_TRUE(Roles.contains("KDEFERRED_ROUTINE"));
  EXPECT_TRUE(Roles.contains("HW_STARTIO"));
  EXPECT_TRUE(Roles.contains("EVT_WDF_IO_QUEUE_IO_READ"));
  EXPECT_TRUE(Roles.contains("MINIPORT_SEND_NET_BUFFER_LISTS"));
  EXPECT_FALSE(Roles.contains("PDRIVER_DISPATCH"));
  EXPECT_FALSE(Roles.contains("MY_CALLBACK"));
  EXPECT_TRUE(RoleTypeSet::isMiniportRoutineType("HW_DPC_ROUTINE"));
  EXPECT_FALSE(RoleTypeSet::isMiniportRoutineType("DRIVER_DISPATCH"));
}

TEST(RoleTypes, OptionListAddsNamesAndPrefixes) {
  RoleTypeSet Roles;
  std::string Error;
  EXPECT_TRUE(Roles.addList(" MY_CALLBACK, EVT_MYDRV_*;OTHER_ROUTINE ,", Error));
  EXPECT_TRUE(Error.empty());
  EXPECT_TRUE(Roles.contains("MY_CALLBACK"));
  EXPECT_TRUE(Roles.contains("EVT_MYDRV_READ"));
  EXPECT_TRUE(Roles.contains("OTHER_ROUTINE"));
  EXPECT_FALSE(Roles.contains("MY_CALLBACK2"));
}

TEST(RoleTypes, EmptyListIsFine) {
  RoleTypeSet Roles;
  std::string Error;
  EXPECT_TRUE(Roles.addList("", Error));
  EXPECT_TRUE(Roles.addList(" , ; ", Error));
}

TEST(RoleTypes, MalformedEntriesAreRejectedButValidOnesKept) {
  RoleTypeSet Roles;
  std::string Error;
  EXPECT_FALSE(Roles.addList("GOOD_ONE, 9bad, also-bad, *", Error));
  EXPECT_NE(Error.find("9bad"), std::string::npos);
  EXPECT_TRUE(Roles.contains("GOOD_ONE"));
}
