// Regression test for a checker bug the differential oracle found (docs/oracle.md):
// a report was lost when its error node was the very node that another path's plain
// transition had already created (same program point and tag, and the same state once the
// inputs the paths differ in were dead): generateNonFatalErrorNode() returned null. It hit
// held-at-return (the frame's handles were removed before the leak node was made, so "leaked"
// and "released" end states coincided), "already released" (the bad release's pre-state was
// the other path's post-state) and acquire-held. Fixed by tagging finding nodes (3688fd0).
// RUN: %clang --analyze --analyzer-output text -fplugin=%plugin \
// RUN:   -Xclang -analyzer-checker=wdk -Xclang -verify -Xclang -verify-ignore-unexpected=note -o /dev/null %s
// (Path notes are not asserted here; text output, not text-minimal, so that a finding at a
// function's end is placed at its closing brace on every LLVM version.)

typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE { void *Next; void *Lock; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
typedef struct _CTX { KSPIN_LOCK Lock0, Lock1; int Count; } CTX, *PCTX;

// Path Take != 0 leaks h; path Take == 0 released it (never acquired). Once Take is dead,
// both reach the end of the function in the same state after h is dropped.
void HeldAtReturn(PCTX ctx, int Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h);
  if (!Take)
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
  ctx->Count++;
} // expected-warning {{'h' is still held when 'HeldAtReturn' returns}}

static int TryLock(PCTX ctx, PKLOCK_QUEUE_HANDLE Handle, int Take) {
  if (!Take)
    return 0;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, Handle);
  return 1;
}

// Take == 0: hB is released twice. Take != 0: released once. After the last release both
// paths hold {hA: released, hB: released}; the bad release's pre-state is that same state.
void AlreadyReleased(PCTX ctx, int Take) {
  KLOCK_QUEUE_HANDLE hA, hB;
  if (TryLock(ctx, &hA, Take))
    KeReleaseInStackQueuedSpinLock(&hA);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &hB);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &hA);
  KeReleaseInStackQueuedSpinLock(&hA);
  if (!Take)
    KeReleaseInStackQueuedSpinLock(&hB);
  KeReleaseInStackQueuedSpinLock(&hB); // expected-warning {{'hB' is released by KeReleaseInStackQueuedSpinLock but was already released}}
}

// Take != 0 acquires h twice; the second acquire's pre-state equals the state the other path
// has right after its only acquire.
void AcquireHeld(PCTX ctx, int Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h); // expected-warning {{'h' is acquired by KeAcquireInStackQueuedSpinLock while it is still held}}
  KeReleaseInStackQueuedSpinLock(&h);
}
