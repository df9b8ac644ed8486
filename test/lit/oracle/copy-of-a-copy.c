// RUN: %clang --analyze --analyzer-output text -fplugin=%plugin -Xclang -analyzer-checker=wdk -Xclang -verify -Xclang -verify-ignore-unexpected=note -o /dev/null %s
// (Path notes are not asserted here; text output, not text-minimal, so that a finding at a
// function's end is placed at its closing brace on every LLVM version.)
// Regression test (fixed) for a checker bug found by the differential oracle (docs/oracle.md, "copy-from-copy-destination").
//
// checkBind takes the source of a struct copy from the LazyCompoundVal being bound. After
// `a = b;` the store binds a to a lazy value whose region is b, so a later `c = a;` binds c to
// that same lazy value, and the checker takes it for a copy from b, not from a:
//   - if b is held (and a is not), c wrongly becomes a copy (a false "is a copy of 'b'"
//     report when c, held itself, is released);
//   - if a is held, and the lazy value names c itself (c = a after a = c), the checker sees a
//     self-copy and c stays held (a missed release of a copy, and possibly a false
//     acquire-held / held-at-return).
// Suggested fix: take the source region from the assignment's right-hand side expression
// (the lvalue being copied), not from the LazyCompoundVal.
//
// The expected warnings below are what the checker says since the fix:
//   clang --analyze --analyzer-output text -fplugin=WdkLockCheckers.so \
//         -Xclang -analyzer-checker=wdk -Xclang -verify -o /dev/null copy-from-copy-destination.c
// Found by: test/oracle/oracle.py --seed 12 --mutation-rate 0.5 --known-bug
// copy-from-copy-destination (F8226).

typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE { void *Next; void *Lock; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
typedef struct _CTX { KSPIN_LOCK Lock0, Lock1; } CTX, *PCTX;

// h2 is overwritten by a copy of held h1, so h2 is a copy and must not be released.
void CopyBack(PCTX ctx) {
  KLOCK_QUEUE_HANDLE h1, h2;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h2);
  h1 = h2;                                          // h1: a copy of h2
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &h1); // h1: held (Lock1)
  h2 = h1;                                          // h2: a copy of h1
  KeReleaseInStackQueuedSpinLock(&h1);
  KeReleaseInStackQueuedSpinLock(&h2); // expected-warning {{'h2' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h1'}}
}

// h1 is a copy of h0 and is not held itself: copying it over held h2 leaves h2 as it was.
void CopyOfCopy(PCTX ctx) {
  KLOCK_QUEUE_HANDLE h0, h1, h2;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h0);
  h1 = h0;                                          // h1: a copy of h0
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &h2); // h2: held
  h2 = h1;                                          // h1 is not held: nothing to track
  KeReleaseInStackQueuedSpinLock(&h2);              // no warning expected here
  KeReleaseInStackQueuedSpinLock(&h0);
}
