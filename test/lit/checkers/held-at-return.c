// wdk.QueuedSpinLock: a local handle still held when its function returns leaves the lock's
// queue pointing into a dead stack frame.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _CTX { KSPIN_LOCK Lock; LONG Count; } CTX, *PCTX;

void ForgetsRelease(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  Ctx->Count++;
} // expected-warning {{'h' is still held when 'ForgetsRelease' returns}} expected-note {{'h' is still held when 'ForgetsRelease' returns}}

NTSTATUS EarlyReturnKeepsLock(PCTX Ctx, int Bad) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (Bad) // expected-note {{Assuming 'Bad' is not equal to 0}} expected-note {{Taking true branch}}
    return STATUS_INVALID_PARAMETER; // expected-warning {{'h' is still held when 'EarlyReturnKeepsLock' returns}} expected-note {{'h' is still held when 'EarlyReturnKeepsLock' returns}}
  Ctx->Count++;
  KeReleaseInStackQueuedSpinLock(&h);
  return STATUS_SUCCESS;
}

// One finding per acquire, however many returns leak it (it is uniqued at the acquire).
void TwoReturnsOneAcquire(PCTX Ctx, int a) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (a) // expected-note {{Assuming 'a' is not equal to 0}} expected-note {{Taking true branch}}
    return; // expected-warning {{'h' is still held when 'TwoReturnsOneAcquire' returns}} expected-note {{'h' is still held when 'TwoReturnsOneAcquire' returns}}
  Ctx->Count = 3;
  return;
}

// One finding per acquire, however many paths leak it.
void ManyPathsOneAcquire(PCTX Ctx, int a, int b) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (a) // expected-note {{Assuming 'a' is 0}} expected-note {{Taking false branch}}
    Ctx->Count = 1;
  if (b) // expected-note {{Assuming 'b' is 0}} expected-note {{Taking false branch}}
    Ctx->Count = 2;
} // expected-warning {{'h' is still held when 'ManyPathsOneAcquire' returns}} expected-note {{'h' is still held when 'ManyPathsOneAcquire' returns}}

// A callee's own local handle dies with the callee.
static void HelperLeaksItsOwn(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE mine;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &mine); // expected-note {{'mine' acquired here by KeAcquireInStackQueuedSpinLock}}
} // expected-warning {{'mine' is still held when 'HelperLeaksItsOwn' returns}} expected-note {{'mine' is still held when 'HelperLeaksItsOwn' returns}}

void CallsLeakyHelper(PCTX Ctx) {
  HelperLeaksItsOwn(Ctx); // expected-note {{Calling 'HelperLeaksItsOwn'}}
}

// A handle in a block that ends is still the function's local: reported at the return.
void BlockScopedHandle(PCTX Ctx) {
  {
    KLOCK_QUEUE_HANDLE inner;
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &inner); // expected-note {{'inner' acquired here by KeAcquireInStackQueuedSpinLock}}
  }
  Ctx->Count = 0;
} // expected-warning {{'inner' is still held when 'BlockScopedHandle' returns}} expected-note {{'inner' is still held when 'BlockScopedHandle' returns}}

// Negatives.

// A helper that acquires into its caller's storage and returns is fine: the caller releases.
static void AcquireFor(PCTX Ctx, PKLOCK_QUEUE_HANDLE Handle) {
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, Handle);
}
static void ReleaseFor(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle);
}
void HelpersAcquireAndRelease(PCTX Ctx) {
  KLOCK_QUEUE_HANDLE h;
  AcquireFor(Ctx, &h);
  Ctx->Count++;
  ReleaseFor(&h);
}

// The classpnp shape: one acquire, releases on several exits, a lockHeld flag at the end.
NTSTATUS LockHeldFlag(PCTX Ctx, int a, int b) {
  KLOCK_QUEUE_HANDLE h;
  BOOLEAN lockHeld;
  NTSTATUS status = STATUS_SUCCESS;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &h);
  lockHeld = TRUE;
  if (a) {
    KeReleaseInStackQueuedSpinLock(&h);
    lockHeld = FALSE;
    status = STATUS_PENDING;
    goto done;
  }
  if (b) {
    Ctx->Count++;
    KeReleaseInStackQueuedSpinLock(&h);
    return STATUS_UNSUCCESSFUL;
  }
done:
  if (lockHeld)
    KeReleaseInStackQueuedSpinLock(&h);
  return status;
}

// The WinDivert shape: one handle reused across locks with many early-return releases.
NTSTATUS ReusedWithEarlyReturns(PCTX A, PCTX B, int x, int y) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&A->Lock, &h);
  if (x) {
    KeReleaseInStackQueuedSpinLock(&h);
    return STATUS_UNSUCCESSFUL;
  }
  KeReleaseInStackQueuedSpinLock(&h);
  KeAcquireInStackQueuedSpinLock(&B->Lock, &h);
  if (y) {
    KeReleaseInStackQueuedSpinLock(&h);
    return STATUS_PENDING;
  }
  B->Count++;
  KeReleaseInStackQueuedSpinLock(&h);
  return STATUS_SUCCESS;
}
