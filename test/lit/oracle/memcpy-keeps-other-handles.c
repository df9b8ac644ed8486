// RUN: %clang --analyze --analyzer-output text -fplugin=%plugin -Xclang -analyzer-checker=wdk -Xclang -verify -Xclang -verify-ignore-unexpected=note -o /dev/null %s
// (Path notes are not asserted here; text output, not text-minimal, so that a finding at a
// function's end is placed at its closing brace on every LLVM version.)
// Regression test (fixed) for a checker bug found by the differential oracle (docs/oracle.md, "memcpy-escapes-handles").
//
// A memcpy of a held handle silences the checker for other handles that the copy does not
// touch. The string checker's model of memcpy invalidates more than the bytes copied, and
// checkRegionChanges marks every tracked handle in the invalidated regions Escaped:
//   - destination an element of a local handle array: the whole array is invalidated (the
//     string checker keeps the super-region only for a field destination), so the other
//     elements escape, including ha[0], whose key is the array region itself;
//   - source a field of a local struct that also stores a handle pointer: the source is
//     invalidated for pointer escape, and so the handle the stored pointer points to escapes.
// The copy itself is tracked (checkPostCall makes the destination a copy); the other handles
// are lost: a leak, a variant mismatch or a second acquire of the same spin lock through
// them is not reported.
// Suggested fix: in checkRegionChanges, ignore the invalidation that a modelled copy routine
// (memcpy & co., whose effect checkPostCall models) causes.
//
// The expected warnings below are what the checker says since the fix:
//   clang --analyze --analyzer-output text -fplugin=WdkLockCheckers.so \
//         -Xclang -analyzer-checker=wdk -Xclang -verify -o /dev/null memcpy-escapes-handles.c
// Found by: scripts/fuzz --seed 424242 (F849), and test/oracle/oracle.py --seed 7
// --known-bug memcpy-escapes-handles.

typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE { void *Next; void *Lock; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle);
void *memcpy(void *Destination, const void *Source, unsigned long Length);
typedef struct _CTX { KSPIN_LOCK Lock0, Lock1; } CTX, *PCTX;
typedef struct _LOCAL_CTX { KLOCK_QUEUE_HANDLE Handle; PKLOCK_QUEUE_HANDLE Current; } LOCAL_CTX;

void LeakGoesUnseen(PCTX ctx) {
  KLOCK_QUEUE_HANDLE ha[2], h;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &ha[0]);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &h);
  memcpy(&ha[1], &h, sizeof h);
  KeReleaseInStackQueuedSpinLock(&h);
} // expected-warning {{'ha[0]' is still held when 'LeakGoesUnseen' returns}}

void MismatchGoesUnseen(PCTX ctx) {
  KLOCK_QUEUE_HANDLE ha[2], h;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &ha[1]);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &h);
  memcpy(&ha[0], &h, sizeof h);
  KeReleaseInStackQueuedSpinLock(&h);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&ha[1]); // expected-warning {{'ha[1]' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
}

void SameLockGoesUnseen(PCTX ctx) {
  KLOCK_QUEUE_HANDLE ha[2], h, h2;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &ha[0]);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, &h);
  memcpy(&ha[1], &h, sizeof h);
  KeReleaseInStackQueuedSpinLock(&h);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &h2); // expected-warning {{KeAcquireInStackQueuedSpinLock acquires spin lock 'ctx->Lock0' into 'h2' while this path already holds it through 'ha[0]'; this deadlocks}}
  KeReleaseInStackQueuedSpinLock(&h2);
  KeReleaseInStackQueuedSpinLock(&ha[0]);
}

// The source's struct holds a pointer to h1: h1 escapes.
void PointeeOfSourceGoesUnseen(PCTX ctx) {
  KLOCK_QUEUE_HANDLE h0, h1;
  LOCAL_CTX lc;
  lc.Current = &h1;
  KeAcquireInStackQueuedSpinLock(&ctx->Lock1, lc.Current);
  KeAcquireInStackQueuedSpinLock(&ctx->Lock0, &lc.Handle);
  memcpy(&h0, &lc.Handle, sizeof lc.Handle);
  KeReleaseInStackQueuedSpinLock(&lc.Handle);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(lc.Current); // expected-warning {{'h1' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
}
