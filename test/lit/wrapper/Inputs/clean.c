/* Correct locking: every path that acquires releases once, with the matching variant. */
#include <ntddk.h>

typedef struct _COUNTERS {
  KSPIN_LOCK Lock;
  ULONG Reads;
  ULONG Writes;
  BOOLEAN Enabled;
} COUNTERS, *PCOUNTERS;

KDEFERRED_ROUTINE CountersDpc;

VOID CountRead(PCOUNTERS Counters) {
  KLOCK_QUEUE_HANDLE LockHandle;

  KeAcquireInStackQueuedSpinLock(&Counters->Lock, &LockHandle);
  if (!Counters->Enabled) {
    KeReleaseInStackQueuedSpinLock(&LockHandle);
    return;
  }
  Counters->Reads++;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}

VOID CountersDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PCOUNTERS Counters = (PCOUNTERS)Context;
  KLOCK_QUEUE_HANDLE LockHandle;

  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Counters->Lock, &LockHandle);
  Counters->Writes = 0;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
}
