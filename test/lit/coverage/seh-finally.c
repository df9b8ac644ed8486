// clang builds no control-flow graph for a function with a __finally block, and the analyzer
// skips it without a word. The ledger says why, instead of blaming callers it does not have.
// A __try/__except function is analysed as usual. (nvmewin's ProcessIo: StartIoLock taken in
// __try and released in __finally.)
// RUN: %analyze %ddk -fms-extensions -Xclang -analyzer-config -Xclang wdk.LockModeling:ReportUnexploredSites=true %s

#include <ntddk.h>

ULONG GetEntry(PVOID Context);

BOOLEAN ReleasedInFinally(PKSPIN_LOCK Lock, PVOID Context) {
  KLOCK_QUEUE_HANDLE h;
  BOOLEAN Ok = TRUE;
  __try {
    KeAcquireInStackQueuedSpinLock(Lock, &h); // expected-remark {{lock site not explored ('ReleasedInFinally' cannot be analysed: clang builds no control-flow graph for it (a __finally block does that))}}
    if (GetEntry(Context) == 0)
      Ok = FALSE;
  } __finally {
    KeReleaseInStackQueuedSpinLock(&h); // expected-remark {{lock site not explored ('ReleasedInFinally' cannot be analysed: clang builds no control-flow graph for it (a __finally block does that))}}
  }
  return Ok;
}

BOOLEAN LeaksInExcept(PKSPIN_LOCK Lock, PVOID Context) {
  KLOCK_QUEUE_HANDLE h;
  __try {
    KeAcquireInStackQueuedSpinLock(Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
    if (GetEntry(Context)) // expected-note {{Assuming the condition is true}} expected-note {{Taking true branch}}
      return FALSE; // expected-warning {{'h' is still held when 'LeaksInExcept' returns}} expected-note {{'h' is still held when 'LeaksInExcept' returns}}
    KeReleaseInStackQueuedSpinLock(&h);
  } __except (EXCEPTION_EXECUTE_HANDLER) {
  }
  return TRUE;
}
