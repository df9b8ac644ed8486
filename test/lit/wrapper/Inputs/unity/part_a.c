// One source file of the unity build: the handle is still held on the early return.
#include <ntddk.h>
#include "helpers.h"

VOID DrainQueue(PKSPIN_LOCK Lock, PLONG Pending) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  if (*Pending == 0)
    return;
  (*Pending)--;
  KeReleaseInStackQueuedSpinLock(&h);
}
