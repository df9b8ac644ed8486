// wdk.QueuedSpinLockRelease: releasing a handle a second time on one path.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _CTX { KSPIN_LOCK Lock; LONG Count; } CTX, *PCTX;

void DoubleRelease(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  Ctx->Count++;
  KeReleaseInStackQueuedSpinLock(&h); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
}

void ReleaseInLoop(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  for (int i = 0; i < 2; i++) { // expected-note {{Loop condition is true.  Entering loop body}} expected-note {{Loop condition is true.  Entering loop body}}
    Ctx->Count++;
    KeReleaseInStackQueuedSpinLock(&h); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}} expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
  }
}

void Fallthrough(PCTX Ctx, int Op) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  switch (Op) { // expected-note {{Control jumps to 'case 1:'}}
  case 1:
    Ctx->Count = 0;
    KeReleaseInStackQueuedSpinLock(&h); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}}
    // missing break: the fall-through path reaches the case-2 release in the state the
    // case-2 path leaves behind; the finding must not be lost when the two paths merge.
  case 2:
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
    break;
  default:
    KeReleaseInStackQueuedSpinLock(&h);
  }
}

static void UnlockCtx(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}}
}

void HelperAlreadyReleased(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  UnlockCtx(&h); // expected-note {{Calling 'UnlockCtx'}} expected-note {{Returning from 'UnlockCtx'}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
}

// A released handle that was never reacquired stays released for unknown handles too.
void ParamDoubleRelease(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle); // expected-note {{'*Handle' released here by KeReleaseInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(Handle); // expected-warning {{'*Handle' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'*Handle' is released by KeReleaseInStackQueuedSpinLock but was already released}}
}

// Negatives.

void ReusedSequentially(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  Ctx->Count++;
  KeReleaseInStackQueuedSpinLock(&h);
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  Ctx->Count--;
  KeReleaseInStackQueuedSpinLock(&h);
}

void AcquireReleasePerIteration(PCTX Ctx, int n) {
  for (int i = 0; i < n; i++) {
    KLOCK_QUEUE_HANDLE h;
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
    Ctx->Count++;
    KeReleaseInStackQueuedSpinLock(&h);
  }
}

void EarlyExitsEachRelease(PCTX Ctx, int a, int b) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  if (a) {
    KeReleaseInStackQueuedSpinLock(&h);
    return;
  }
  if (b) {
    Ctx->Count = 1;
    KeReleaseInStackQueuedSpinLock(&h);
    return;
  }
  KeReleaseInStackQueuedSpinLock(&h);
}
