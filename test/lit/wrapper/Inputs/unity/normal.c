// An ordinary source that includes the project header and defines its own (correct) code.
#include <ntddk.h>
#include "helpers.h"

VOID Correct(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
}
