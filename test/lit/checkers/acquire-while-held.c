// wdk.QueuedSpinLock: acquiring into a handle that is still held.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _CTX { KSPIN_LOCK Lock; KSPIN_LOCK Other; LONG Count; } CTX, *PCTX;

void AcquireTwice(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeAcquireInStackQueuedSpinLock(&Ctx->Other, &h); // expected-warning {{'h' is acquired by KeAcquireInStackQueuedSpinLock while it is still held}} expected-note {{'h' is acquired by KeAcquireInStackQueuedSpinLock while it is still held}}
  KeReleaseInStackQueuedSpinLock(&h);
}

void ReacquireInLoopWithoutRelease(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  for (int i = 0; i < 2; i++) { // expected-note {{Loop condition is true.  Entering loop body}} expected-note {{Loop condition is true.  Entering loop body}}
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLockAtDpcLevel}} expected-warning {{'h' is acquired by KeAcquireInStackQueuedSpinLockAtDpcLevel while it is still held}} expected-note {{'h' is acquired by KeAcquireInStackQueuedSpinLockAtDpcLevel while it is still held}}
    Ctx->Count++;
  }
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
}

static void LockCtx(PCTX Ctx, PKLOCK_QUEUE_HANDLE Handle) {
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, Handle); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
} // expected-note {{Returning from 'LockCtx' with 'h' held}}

void HelperAlreadyAcquired(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  LockCtx(Ctx, &h); // expected-note {{Calling 'LockCtx'}} expected-note {{Returning from 'LockCtx'}}
  KeAcquireInStackQueuedSpinLockForDpc(&Ctx->Other, &h); // expected-warning {{'h' is acquired by KeAcquireInStackQueuedSpinLockForDpc while it is still held}} expected-note {{'h' is acquired by KeAcquireInStackQueuedSpinLockForDpc while it is still held}}
  KeReleaseInStackQueuedSpinLockForDpc(&h);
}

// Negatives.

void ReleasedBetween(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
  KeAcquireInStackQueuedSpinLock(&Ctx->Other, &h);
  KeReleaseInStackQueuedSpinLock(&h);
}

void NestedDifferentHandles(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE outer, inner;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &outer);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ctx->Other, &inner);
  Ctx->Count++;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&inner);
  KeReleaseInStackQueuedSpinLock(&outer);
}

// An unknown handle (a parameter) may be acquired: nothing is known about it.
void AcquireIntoCallerHandle(PCTX Ctx, PKLOCK_QUEUE_HANDLE Handle) {
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, Handle);
}
