//===- LockApi.cpp - The table of Windows kernel lock routines ------------===//
//
// Declarations as in the WDK, mingw-w64's ddk/wdm.h and ReactOS's NDK; see docs/api-table.md.
//
//===----------------------------------------------------------------------===//
#include "wdklock/LockApi.h"

using namespace llvm;

namespace wdklock {
namespace {
constexpr auto Acq = LockOp::Acquire;
constexpr auto Rel = LockOp::Release;
constexpr auto Queued = LockFamily::InStackQueued;
constexpr auto Stor = LockFamily::StorPort;
constexpr auto MSI = LockFamily::StorPortMSI;

// StorPortNotification's notification types, after EnablePassiveInitialization = 0x1000,
// InitializeDpc, IssueDpc.
constexpr int64_t AcquireSpinLockValue = 0x1003;
constexpr int64_t ReleaseSpinLockValue = 0x1004;

// clang-format off
const LockRoutine Table[] = {
  // Name                                         Op   Family  Pairing                 Args Handle Lock Kind Selector (Params)
  {"KeAcquireInStackQueuedSpinLock",              Acq, Queued, IrqlPairing::SavesIrql, 2,   1,     0,   -1,  nullptr, 0},
  {"KeReleaseInStackQueuedSpinLock",              Rel, Queued, IrqlPairing::SavesIrql, 1,   0,     -1,  -1,  nullptr, 0},
  {"KeAcquireInStackQueuedSpinLockAtDpcLevel",    Acq, Queued, IrqlPairing::DpcLevel,  2,   1,     0,   -1,  nullptr, 0},
  {"KeReleaseInStackQueuedSpinLockFromDpcLevel",  Rel, Queued, IrqlPairing::DpcLevel,  1,   0,     -1,  -1,  nullptr, 0},
  {"KeAcquireInStackQueuedSpinLockForDpc",        Acq, Queued, IrqlPairing::ForDpc,    2,   1,     0,   -1,  nullptr, 0},
  {"KeReleaseInStackQueuedSpinLockForDpc",        Rel, Queued, IrqlPairing::ForDpc,    1,   0,     -1,  -1,  nullptr, 0},
  // ReactOS/NDK only; saves OldIrql like the plain acquire.
  {"KeAcquireInStackQueuedSpinLockRaiseToSynch",  Acq, Queued, IrqlPairing::SavesIrql, 2,   1,     0,   -1,  nullptr, 0},

  // StorPort (WDK storport.h): the FORCEINLINE wrappers and the notification they expand to.
  {"StorPortAcquireSpinLock",                     Acq, Stor,   IrqlPairing::StorPort,  4,   3,     0,   1,   nullptr, 0},
  {"StorPortReleaseSpinLock",                     Rel, Stor,   IrqlPairing::StorPort,  2,   1,     0,   -1,  nullptr, 0},
  {"StorPortNotification",                        Acq, Stor,   IrqlPairing::StorPort,  5,   4,     1,   2,   "AcquireSpinLock", AcquireSpinLockValue, 2},
  {"StorPortNotification",                        Rel, Stor,   IrqlPairing::StorPort,  3,   2,     1,   -1,  "ReleaseSpinLock", ReleaseSpinLockValue, 2},
  // MSI locks: no handle; keyed by (extension, MessageId). Modelled so that a call keeps
  // the extension's fields.
  {"StorPortAcquireMSISpinLock",                  Acq, MSI,    IrqlPairing::StorPort,  3,   -1,    0,   1,   nullptr, 0},
  {"StorPortReleaseMSISpinLock",                  Rel, MSI,    IrqlPairing::StorPort,  3,   -1,    0,   1,   nullptr, 0},
};

const CopyRoutine Copies[] = {
  {"memcpy", 3, 0, 1}, {"memmove", 3, 0, 1}, {"RtlCopyMemory", 3, 0, 1}, {"RtlMoveMemory", 3, 0, 1},
};

// clang-format on
} // namespace

ArrayRef<CopyRoutine> copyRoutines() { return Copies; }

std::string displayName(const LockRoutine &R) {
  std::string Name = R.Name;
  if (R.SelectorName)
    Name += std::string("(") + R.SelectorName + ")";
  return Name;
}

const LockRoutine *matchingRelease(const LockRoutine &Acquire) {
  for (const LockRoutine &R : Table)
    if (pairsWith(Acquire, R))
      return &R;
  return nullptr;
}

ArrayRef<LockRoutine> lockRoutines() { return Table; }

bool isLockRoutineName(StringRef Name) {
  for (const LockRoutine &R : Table)
    if (Name == R.Name)
      return true;
  return false;
}

const LockRoutine *findLockRoutine(StringRef Name, unsigned NumArgs, StringRef Selector,
                                   std::optional<int64_t> SelectorValue) {
  for (const LockRoutine &R : Table) {
    if (Name != R.Name || NumArgs != R.NumArgs)
      continue;
    if (!R.SelectorName)
      return &R;
    if (Selector == R.SelectorName || (SelectorValue && *SelectorValue == R.SelectorValue))
      return &R;
  }
  return nullptr;
}

bool pairsWith(const LockRoutine &Acquire, const LockRoutine &Release) {
  return Acquire.Op == LockOp::Acquire && Release.Op == LockOp::Release &&
         Acquire.Family == Release.Family && Acquire.Pairing == Release.Pairing;
}

} // namespace wdklock
