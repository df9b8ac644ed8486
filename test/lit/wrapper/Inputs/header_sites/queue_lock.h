/* A driver's own lock wrappers, in a header several sources include. */
#include <ntddk.h>

typedef struct _QUEUE {
  KSPIN_LOCK Lock;
  LONG Depth;
} QUEUE;

static __inline void LockQueue(QUEUE *Queue, PKLOCK_QUEUE_HANDLE Handle) {
  KeAcquireInStackQueuedSpinLock(&Queue->Lock, Handle);
}

static __inline void UnlockQueue(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle);
}

/* No source uses it: its site is not counted. */
static __inline void LockQueueAtDpcLevel(QUEUE *Queue, PKLOCK_QUEUE_HANDLE Handle) {
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Queue->Lock, Handle);
}
