// The bug is compiled only with -DWDKLOCK_SEEDED, which only the compilation database gives.
#include <ntddk.h>

VOID Configured(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
#ifndef WDKLOCK_SEEDED
  KeAcquireInStackQueuedSpinLock(Lock, &h);
#endif
  KeReleaseInStackQueuedSpinLock(&h);
}
