// A second file with another seeded bug: the handle is still held when the routine returns.
#include <ntddk.h>

VOID Drain(PKSPIN_LOCK Lock, PLONG Count) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  if (*Count == 0)
    return;
  (*Count)--;
  KeReleaseInStackQueuedSpinLock(&h);
}
