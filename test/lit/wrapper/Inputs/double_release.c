/* A request queue whose pop releases the lock on the non-empty path, then again. */
#include <ntddk.h>

typedef struct _REQUEST_QUEUE {
  KSPIN_LOCK Lock;
  LIST_ENTRY Head;
  ULONG Depth;
} REQUEST_QUEUE, *PREQUEST_QUEUE;

PLIST_ENTRY RequestQueuePop(PREQUEST_QUEUE Queue) {
  KLOCK_QUEUE_HANDLE LockHandle;
  PLIST_ENTRY Entry = NULL;

  KeAcquireInStackQueuedSpinLock(&Queue->Lock, &LockHandle);
  if (Queue->Depth != 0) {
    Entry = RemoveHeadList(&Queue->Head);
    Queue->Depth--;
    KeReleaseInStackQueuedSpinLock(&LockHandle);
  }
  KeReleaseInStackQueuedSpinLock(&LockHandle); /* SEEDED BUG: second release */
  return Entry;
}

VOID RequestQueuePush(PREQUEST_QUEUE Queue, PLIST_ENTRY Entry) {
  KLOCK_QUEUE_HANDLE LockHandle;

  KeAcquireInStackQueuedSpinLock(&Queue->Lock, &LockHandle);
  InsertTailList(&Queue->Head, Entry);
  Queue->Depth++;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}
