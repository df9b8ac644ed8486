// wdk.QueuedSpinLockRelease: releasing a local handle that no acquire reached on this path.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _CTX { KSPIN_LOCK Lock; BOOLEAN Busy; } CTX, *PCTX;

void ConditionalAcquire(PCTX Ctx, int Take) {
  KLOCK_QUEUE_HANDLE LockHandle;
  if (Take) // expected-note {{Assuming 'Take' is 0}} expected-note {{Taking false branch}}
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &LockHandle);
  Ctx->Busy = FALSE;
  KeReleaseInStackQueuedSpinLock(&LockHandle); // expected-warning {{'LockHandle' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'LockHandle' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}

void GotoSkipsAcquire(PCTX Ctx, int Fail) {
  KLOCK_QUEUE_HANDLE h;
  if (Fail) // expected-note {{Assuming 'Fail' is not equal to 0}} expected-note {{Taking true branch}}
    goto out; // expected-note {{Control jumps to line 23}}
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  Ctx->Busy = TRUE;
out:
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}

void WrongHandleVariable(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h1, h2;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h1);
  KeReleaseInStackQueuedSpinLock(&h2); // expected-warning {{'h2' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h2' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
  KeReleaseInStackQueuedSpinLock(&h1);
}

void WrongArrayElement(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE handles[2];
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &handles[0]); // expected-note {{'handles[0]' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(&handles[1]); // expected-warning {{'handles[1]' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'handles[1]' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
  KeReleaseInStackQueuedSpinLock(&handles[0]);
}

// The flag is inverted: the path that locked skips the release (a leak), and the path that
// did not lock releases.
void InvertedLockedFlag(PCTX Ctx, BOOLEAN NeedLock) {
  KLOCK_QUEUE_HANDLE h;
  BOOLEAN Locked = FALSE;
  if (NeedLock) { // expected-note {{Assuming 'NeedLock' is 0}} expected-note {{Taking false branch}} expected-note {{Assuming 'NeedLock' is not equal to 0}} expected-note {{Taking true branch}}
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
    Locked = TRUE;
  }
  if (!Locked) // expected-note {{Taking true branch}} expected-note {{'Locked' is 0}} expected-note {{'Locked' is 1}} expected-note {{Taking false branch}}
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
} // expected-warning {{'h' is still held when 'InvertedLockedFlag' returns}} expected-note {{'h' is still held when 'InvertedLockedFlag' returns}}

void DpcVariantsToo(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLockFromDpcLevel but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLockFromDpcLevel but was never acquired on this path}}
}

void ForDpcToo(void) {
  KLOCK_QUEUE_HANDLE h;
  KeReleaseInStackQueuedSpinLockForDpc(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLockForDpc but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLockForDpc but was never acquired on this path}}
}

// Negatives: every path acquires before it releases.

void BothBranchesAcquire(PCTX Ctx, int Mode) {
  KLOCK_QUEUE_HANDLE h;
  if (Mode)
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  else
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ctx->Lock, &h);
  if (Mode)
    KeReleaseInStackQueuedSpinLock(&h);
  else
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
}

void LockedFlagGuardsRelease(PCTX Ctx, BOOLEAN NeedLock) {
  KLOCK_QUEUE_HANDLE h;
  BOOLEAN Locked = FALSE;
  if (NeedLock) {
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
    Locked = TRUE;
  }
  Ctx->Busy = TRUE;
  if (Locked)
    KeReleaseInStackQueuedSpinLock(&h);
}

void SameConditionTwice(PCTX Ctx, int Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  Ctx->Busy = TRUE;
  if (Take)
    KeReleaseInStackQueuedSpinLock(&h);
}
