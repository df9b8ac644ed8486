// wdk.QueuedSpinLockRelease: releasing a copy of the handle that was acquired.
// The queue is linked through the acquired handle's address, so a copy cannot release it.
// RUN: %analyze %ddk %s

#include <ntddk.h>
#include <string.h>

typedef struct _CTX { KSPIN_LOCK Lock; KLOCK_QUEUE_HANDLE Saved; } CTX, *PCTX;

void ReleaseAssignedCopy(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h, copy;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  copy = h; // expected-note {{'copy' copied here from 'h' while it is held}}
  KeReleaseInStackQueuedSpinLock(&copy); // expected-warning {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
  KeReleaseInStackQueuedSpinLock(&h);
}

void ReleaseInitializedCopy(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KLOCK_QUEUE_HANDLE copy = h; // expected-note {{'copy' copied here from 'h' while it is held}}
  KeReleaseInStackQueuedSpinLock(&copy); // expected-warning {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
  KeReleaseInStackQueuedSpinLock(&h);
}

void ReleaseMemcpyCopy(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h, copy;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  memcpy(&copy, &h, sizeof h); // expected-note {{'copy' copied here from 'h' while it is held}}
  KeReleaseInStackQueuedSpinLock(&copy); // expected-warning {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
  KeReleaseInStackQueuedSpinLock(&h);
}

void ReleaseRtlCopyMemoryCopy(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  RtlCopyMemory(&Ctx->Saved, &h, sizeof h); // expected-note {{'Ctx->Saved' copied here from 'h' while it is held}}
  KeReleaseInStackQueuedSpinLock(&Ctx->Saved); // expected-warning {{'Ctx->Saved' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'Ctx->Saved' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
  KeReleaseInStackQueuedSpinLock(&h);
}

// Negatives: a copy that is never released, and releasing the original, are fine.

void CopyForInspectionOnly(PCTX Ctx, KIRQL *Out) {
  KLOCK_QUEUE_HANDLE h, snapshot;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  snapshot = h;
  *Out = snapshot.OldIrql;
  KeReleaseInStackQueuedSpinLock(&h);
}

void PassByPointerIsNotACopy(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  PKLOCK_QUEUE_HANDLE p = &h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, p);
  KeReleaseInStackQueuedSpinLock(p);
}

// A "save the handle" helper copies through pointers whose bindings are dead by the time of
// the store: the copy's source is the handle the path read, not what the pointer's (purged)
// binding would say. (Found by the differential oracle, seed 7.)
static void SaveHandle(PKLOCK_QUEUE_HANDLE Destination, PKLOCK_QUEUE_HANDLE Source) {
  *Destination = *Source; // expected-note {{'saved' copied here from 'h' while it is held}}
}

void ReleaseCopyMadeByHelper(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h, saved;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  SaveHandle(&saved, &h); // expected-note {{Calling 'SaveHandle'}} expected-note {{Returning from 'SaveHandle'}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(&saved); // expected-warning {{'saved' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'saved' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
}
