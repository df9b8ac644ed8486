// With loop widening (-analyzer-config widen-loops=true, used by wdklock --depth=deep only if it
// is safe), the engine forgets the frame's values after a loop: locals, and the pointers the
// parameters held. Handles are then unknown rather than blamed: no false "never acquired" or
// "variant mismatch" after a widened loop. Findings before the loop stay.
// RUN: %analyze %ddk -Xclang -analyzer-config -Xclang widen-loops=true %s
// Without widening, the same code is silent too (the loops just stop at the bound):
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
