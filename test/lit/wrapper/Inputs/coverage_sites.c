// Correct code whose lock sites the analysis reaches to different degrees: the wrapper's
// lock-site summary, --show-unexplored and the --depth presets are tested on it.
#include <ntddk.h>

typedef struct _EXT {
  KSPIN_LOCK Lock;
  KSPIN_LOCK QueueLock[16];
  LONG Pending[16];
  LONG Count;
  LONG Stats[64];
} EXT, *PEXT;

// CASE(n): one dispatcher case that takes the in-stack queued lock on Ext->Lock into 'h' and
// branches twice under it. It is shared with the checker-level coverage tests in
// test/lit/coverage/. The wrapper tests copy the header next to this file, where the
// default flags find it as they would a driver's own header.
// (These comment lines keep the line numbers the tests check.)
#include "dispatcher_cases.h"


// An IOCTL-style dispatcher: more cases than a small node budget can follow.
void Dispatcher(PEXT Ext, int code) {
  KLOCK_QUEUE_HANDLE h;
  switch (code) {
    CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9)
    CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16) CASE(17) CASE(18) CASE(19)
  }
}

// Three iterations: within the default loop bound (4 visits of a block per path), past
// quick's (2).
void AfterShortLoop(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  for (ULONG i = 0; i < 3; i++)
    Ext->Pending[i] = 0;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Count = 0;
  KeReleaseInStackQueuedSpinLock(&h);
}

// Sixteen iterations, each under the queue's lock: past the default loop bound, within
// deep's (17).
void AfterLongLoop(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  for (ULONG i = 0; i < 16; i++) {
    KeAcquireInStackQueuedSpinLock(&Ext->QueueLock[i], &h);
    Ext->Pending[i] = 0;
    KeReleaseInStackQueuedSpinLock(&h);
  }
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Count = 0;
  KeReleaseInStackQueuedSpinLock(&h);
}

// Only analysed inlined into its one caller, which never takes the locked branch.
static void Helper(PEXT Ext, int Mode) {
  KLOCK_QUEUE_HANDLE h;
  if (Mode == 7) {
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
    Ext->Count = 7;
    KeReleaseInStackQueuedSpinLock(&h);
  }
}

void CallsHelper(PEXT Ext) { Helper(Ext, 1); }

void DeadBranch(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  int never = 0;
  if (never) {
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
    KeReleaseInStackQueuedSpinLock(&h);
  }
}
