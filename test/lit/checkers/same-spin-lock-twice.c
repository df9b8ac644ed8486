// wdk.QueuedSpinLock: acquiring a spin lock the path already holds through another handle.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK ListLock; KSPIN_LOCK QueueLock; LIST_ENTRY List; } EXT, *PEXT;

void SameLockTwoHandles(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h1, h2;
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &h1); // expected-note {{'h1' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->ListLock, &h2); // expected-warning {{KeAcquireInStackQueuedSpinLockAtDpcLevel acquires spin lock 'Ext->ListLock' into 'h2' while this path already holds it through 'h1'; this deadlocks}} expected-note {{KeAcquireInStackQueuedSpinLockAtDpcLevel acquires spin lock 'Ext->ListLock' into 'h2' while this path already holds it through 'h1'; this deadlocks}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h2);
  KeReleaseInStackQueuedSpinLock(&h1);
}

static void TouchList(PEXT Ext) {
  KLOCK_QUEUE_HANDLE inner;
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &inner); // expected-warning {{KeAcquireInStackQueuedSpinLock acquires spin lock 'Ext->ListLock' into 'inner' while this path already holds it through 'outer'; this deadlocks}} expected-note {{KeAcquireInStackQueuedSpinLock acquires spin lock 'Ext->ListLock' into 'inner' while this path already holds it through 'outer'; this deadlocks}}
  KeReleaseInStackQueuedSpinLock(&inner);
}

void CalleeTakesHeldLock(PEXT Ext) {
  KLOCK_QUEUE_HANDLE outer;
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &outer); // expected-note {{'outer' acquired here by KeAcquireInStackQueuedSpinLock}}
  TouchList(Ext); // expected-note {{Calling 'TouchList'}}
  KeReleaseInStackQueuedSpinLock(&outer);
}

// Negatives: nesting on different resources (the WFP callout shape), and sequential reuse.

void NestedDifferentLocks(PEXT Ext) {
  KLOCK_QUEUE_HANDLE connLock, queueLock;
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &connLock);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->QueueLock, &queueLock);
  InitializeListHead(&Ext->List);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&queueLock);
  KeReleaseInStackQueuedSpinLock(&connLock);
}

void SameLockAfterRelease(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h1, h2;
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &h1);
  KeReleaseInStackQueuedSpinLock(&h1);
  KeAcquireInStackQueuedSpinLock(&Ext->ListLock, &h2);
  KeReleaseInStackQueuedSpinLock(&h2);
}

// Two different extensions may use the same field: different locks.
void TwoExtensions(PEXT A, PEXT B) {
  KLOCK_QUEUE_HANDLE ha, hb;
  if (A == B)
    return;
  KeAcquireInStackQueuedSpinLock(&A->ListLock, &ha);
  KeAcquireInStackQueuedSpinLock(&B->ListLock, &hb);
  KeReleaseInStackQueuedSpinLock(&hb);
  KeReleaseInStackQueuedSpinLock(&ha);
}
