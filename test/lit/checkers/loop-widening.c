// With loop widening (-analyzer-config widen-loops=true, on under wdklock --depth=deep), the
// engine forgets the frame's values after a loop: locals, and the pointers the parameters held.
// Handles are then unknown rather than blamed: no false "never acquired" or "variant mismatch"
// after a widened loop. Findings before the loop stay, and code behind a loop too long for the
// budget is reached (the widen- lines).
// RUN: %analyze %ddk -Xclang -analyzer-config -Xclang widen-loops=true -Xclang -verify=expected,widen %s
// Without widening, the same code is silent apart from the bug before the loop (the loops just
// stop at the bound, and nothing behind the long loop is analysed):
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK Lock; KLOCK_QUEUE_HANDLE DpcHandle; BOOLEAN AtDpc; LONG Count; } EXT, *PEXT;

void FlagAcrossLoop(PEXT Ext, int n) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->AtDpc)
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &h);
  else
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      Ext->Count += i * j;
  if (Ext->AtDpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  else
    KeReleaseInStackQueuedSpinLock(&h);
}

void HandleInExtensionAcrossLoop(PEXT Ext, int n) {
  if (Ext->AtDpc)
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &Ext->DpcHandle);
  else
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->DpcHandle);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      Ext->Count += i * j;
  if (Ext->AtDpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->DpcHandle);
  else
    KeReleaseInStackQueuedSpinLock(&Ext->DpcHandle);
}

void LockTakenInsideLoop(PEXT Ext, int n) {
  KLOCK_QUEUE_HANDLE h;
  int locked = 0;
  for (int i = 0; i < n; i++) {
    if (!locked) {
      KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
      locked = 1;
    }
    Ext->Count++;
  }
  if (locked)
    KeReleaseInStackQueuedSpinLock(&h);
}

void BugBeforeTheLoopIsStillFound(PEXT Ext, int n) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-note {{'h' released here by KeReleaseInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
  for (int i = 0; i < n; i++)
    Ext->Count++;
}

// A loop longer than any budget used to end every path: the lock code behind it was never
// analysed. Widening (as under wdklock --depth=deep) takes the path past the loop, and the
// leak there is found.
void LeakBehindALongLoop(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  // The widened path: three visits, then the loop condition is forgotten.
  for (int i = 0; i < 1000; i++) // widen-note 3 {{Loop condition is true.  Entering loop body}} widen-note {{Assuming 'i' is >= 1000}} widen-note {{Loop condition is false. Execution continues on line}}
    Ext->Count += i;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // widen-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (Ext->Count > 0)   // widen-note {{Assuming field 'Count' is > 0}} widen-note {{Taking true branch}}
    return;             // widen-warning {{'h' is still held}} widen-note {{'h' is still held}}
  KeReleaseInStackQueuedSpinLock(&h);
}
