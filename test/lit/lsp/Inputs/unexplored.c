// Correct, but the last locked region lies behind a loop of 16 iterations: past the
// analyzer's default loop bound, so no analysed path reaches its two lock calls.
#include <ntddk.h>

typedef struct _QUEUES { KSPIN_LOCK Lock; KSPIN_LOCK QueueLock[16]; LONG Pending[16]; LONG State; } QUEUES, *PQUEUES;

VOID DrainQueues(PQUEUES Q) {
  KLOCK_QUEUE_HANDLE h;
  for (ULONG i = 0; i < 16; i++) {
    KeAcquireInStackQueuedSpinLock(&Q->QueueLock[i], &h);
    Q->Pending[i] = 0;
    KeReleaseInStackQueuedSpinLock(&h);
  }
  KeAcquireInStackQueuedSpinLock(&Q->Lock, &h);
  Q->State = 0;
  KeReleaseInStackQueuedSpinLock(&h);
}
