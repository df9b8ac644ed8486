#include "wdklock/LockApi.h"
#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace wdklock;

TEST(LockApi, FindsEachQueuedRoutineWithItsArgumentCount) {
  const LockRoutine *Acq = findLockRoutine("KeAcquireInStackQueuedSpinLock", 2);
  ASSERT_NE(Acq, nullptr);
  EXPECT_EQ(Acq->Op, LockOp::Acquire);
  EXPECT_EQ(Acq->HandleArg, 1);
  EXPECT_EQ(Acq->LockArg, 0);
  const LockRoutine *Rel = findLockRoutine("KeReleaseInStackQueuedSpinLock", 1);
  ASSERT_NE(Rel, nullptr);
  EXPECT_EQ(Rel->Op, LockOp::Release);
  EXPECT_EQ(Rel->HandleArg, 0);
}

TEST(LockApi, WrongArgumentCountIsNotTheKernelRoutine) {
  EXPECT_EQ(findLockRoutine("KeAcquireInStackQueuedSpinLock", 1), nullptr);
  EXPECT_EQ(findLockRoutine("KeAcquireInStackQueuedSpinLock", 3), nullptr);
  EXPECT_EQ(findLockRoutine("KeReleaseInStackQueuedSpinLock", 0), nullptr);
  EXPECT_EQ(findLockRoutine("NotALockRoutine", 1), nullptr);
}

TEST(LockApi, PairingRules) {
  auto Get = [](const char *Name, unsigned N) -> const LockRoutine & {
    return *findLockRoutine(Name, N);
  };
  const LockRoutine &Plain = Get("KeAcquireInStackQueuedSpinLock", 2);
  const LockRoutine &AtDpc = Get("KeAcquireInStackQueuedSpinLockAtDpcLevel", 2);
  const LockRoutine &ForDpc = Get("KeAcquireInStackQueuedSpinLockForDpc", 2);
  const LockRoutine &Synch = Get("KeAcquireInStackQueuedSpinLockRaiseToSynch", 2);
  const LockRoutine &RelPlain = Get("KeReleaseInStackQueuedSpinLock", 1);
  const LockRoutine &RelDpc = Get("KeReleaseInStackQueuedSpinLockFromDpcLevel", 1);
  const LockRoutine &RelForDpc = Get("KeReleaseInStackQueuedSpinLockForDpc", 1);
  EXPECT_TRUE(pairsWith(Plain, RelPlain));
  EXPECT_TRUE(pairsWith(Synch, RelPlain));
  EXPECT_TRUE(pairsWith(AtDpc, RelDpc));
  EXPECT_TRUE(pairsWith(ForDpc, RelForDpc));
  EXPECT_FALSE(pairsWith(Plain, RelDpc));
  EXPECT_FALSE(pairsWith(AtDpc, RelPlain));
  EXPECT_FALSE(pairsWith(ForDpc, RelPlain));
  EXPECT_FALSE(pairsWith(Plain, RelForDpc));
  EXPECT_FALSE(pairsWith(RelPlain, Plain)) << "a release does not pair as an acquire";
  EXPECT_EQ(matchingRelease(AtDpc), &RelDpc);
}

TEST(LockApi, StorPortNotificationIsSelectedByEnumeratorNameOrValue) {
  const LockRoutine *ByName = findLockRoutine("StorPortNotification", 5, "AcquireSpinLock");
  ASSERT_NE(ByName, nullptr);
  EXPECT_EQ(ByName->Op, LockOp::Acquire);
  EXPECT_EQ(ByName->HandleArg, 4);
  EXPECT_EQ(findLockRoutine("StorPortNotification", 5, "", 0x1003), ByName);
  const LockRoutine *Rel = findLockRoutine("StorPortNotification", 3, "ReleaseSpinLock");
  ASSERT_NE(Rel, nullptr);
  EXPECT_EQ(Rel->Op, LockOp::Release);
  EXPECT_EQ(findLockRoutine("StorPortNotification", 3, "", 0x1004), Rel);
  // Other notifications are not lock operations.
  EXPECT_EQ(findLockRoutine("StorPortNotification", 5, "RequestComplete", 0), nullptr);
  EXPECT_EQ(findLockRoutine("StorPortNotification", 3), nullptr);
  EXPECT_EQ(displayName(*ByName), "StorPortNotification(AcquireSpinLock)");
}

TEST(LockApi, TableIsWellFormed) {
  std::set<std::string> Seen;
  for (const LockRoutine &R : lockRoutines()) {
    EXPECT_LT(R.HandleArg, static_cast<int>(R.NumArgs)) << R.Name;
    EXPECT_LT(R.LockArg, static_cast<int>(R.NumArgs)) << R.Name;
    EXPECT_LT(R.LockKindArg, static_cast<int>(R.NumArgs)) << R.Name;
    EXPECT_TRUE(isLockRoutineName(R.Name));
    // Each (name, argument count, selector) is one row.
    std::string Key = std::string(R.Name) + "/" + std::to_string(R.NumArgs) + "/" +
                      (R.SelectorName ? R.SelectorName : "");
    EXPECT_TRUE(Seen.insert(Key).second) << Key;
    if (R.Op == LockOp::Acquire && R.HandleArg >= 0)
      EXPECT_NE(matchingRelease(R), nullptr) << R.Name << " has no release";
  }
}
