/* A driver file with a typo: it cannot be analysed. */
#include <ntddk.h>

VOID Broken(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDL LockHandle; /* typo in the type name */
  KeAcquireInStackQueuedSpinLock(Lock, &LockHandle);
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}
