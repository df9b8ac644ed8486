// Silencing one finding: clang's [[clang::suppress]] (clang 18 and later) on the statement the
// finding points at (the release; for "still held", the return or the acquire), or on the
// whole function. The macro keeps the code building with compilers (MSVC, older clang) that
// do not know the attribute, and outside the analyzer. docs/checkers/*.md, "Suppressing a
// finding".
// UNSUPPORTED: llvm-16
// RUN: %analyze %ddk %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/suppression.c
// RUN: not wdklock %t/suppression.c 2>&1 | FileCheck %s --check-prefix=WRAPPER
// WRAPPER: suppression.c:{{[0-9]+}}:3: warning: 'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path [wdk.QueuedSpinLockRelease]
// WRAPPER: wdklock: analysed 1 of 1 file in {{.*}}: 1 finding (wdk.QueuedSpinLockRelease: 1)

#include <ntddk.h>

#if defined(__clang_analyzer__) && defined(__has_c_attribute)
#if __has_c_attribute(clang::suppress)
#define WDK_SUPPRESS [[clang::suppress]]
#endif
#endif
#ifndef WDK_SUPPRESS
#define WDK_SUPPRESS
#endif

// The release the analyzer cannot prove safe (the caller guarantees Take here).
VOID ReleaseSuppressed(PKSPIN_LOCK Lock, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(Lock, &h);
  WDK_SUPPRESS KeReleaseInStackQueuedSpinLock(&h);
}

// A "still held" finding is reported at the return: the attribute goes there.
VOID LeakSuppressedAtReturn(PKSPIN_LOCK Lock, PLONG Count) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  if (*Count == 0) {
    WDK_SUPPRESS return;
  }
  KeReleaseInStackQueuedSpinLock(&h);
}

// The whole function.
WDK_SUPPRESS VOID WholeFunctionSuppressed(PKSPIN_LOCK Lock, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
  KeReleaseInStackQueuedSpinLock(&h);
}

// A "still held" finding is uniqued at its acquire, and clang also matches suppressions against
// the uniqueing location: the attribute on the acquire silences the leak, whichever return it
// is reported at.
VOID LeakSuppressedAtAcquire(PKSPIN_LOCK Lock, PLONG Count) {
  KLOCK_QUEUE_HANDLE h;
  WDK_SUPPRESS KeAcquireInStackQueuedSpinLock(Lock, &h);
  if (*Count == 0)
    return;
  if (*Count == 1)
    return;
  KeReleaseInStackQueuedSpinLock(&h);
}

// Suppression is local: the same bug without the attribute is still reported.
VOID NotSuppressed(PKSPIN_LOCK Lock, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take) // expected-note {{Assuming 'Take' is 0}} expected-note {{Taking false branch}}
    KeAcquireInStackQueuedSpinLock(Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}
