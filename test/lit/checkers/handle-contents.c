// An acquire writes the handle: KeAcquireInStackQueuedSpinLock saves the previous IRQL in
// h.OldIrql and links h.LockQueue into the lock's queue; StorPortAcquireSpinLock fills its
// STOR_LOCK_HANDLE. Code may read those fields afterwards (to lower the IRQL by hand, to log
// it). The checker evaluates the acquire itself, so it must give the handle fresh contents:
// left uninitialized, clang's own core.CallAndMessage and core.uninitialized checkers reported
// "uninitialized value" on such reads and ended the path there, hiding what followed.
// This runs with clang's default checkers on, as `clang --analyze` does.
// RUN: %clang --analyze --analyzer-output text -fplugin=%plugin -Xclang -analyzer-checker=wdk -Xclang -verify -o /dev/null %ddk -I %testinc %s

#include <ntddk.h>
#include "storport_locks.h"

typedef struct _EXT { KSPIN_LOCK Lock; KLOCK_QUEUE_HANDLE Handle; LONG Count; } EXT, *PEXT;

KIRQL SavedIrqlIsReadable(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  KIRQL Old;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Old = h.OldIrql;                 // no "assigned value is garbage or undefined"
  KeReleaseInStackQueuedSpinLock(&h);
  return Old;
}

void LowerByHandThenFindTheBugAfter(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  KeLowerIrql(h.OldIrql);          // no "1st function call argument is an uninitialized value"
  // The path goes on past the read: this bug is found.
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was already released}}
}
// expected-note@-5 {{'h' released here by KeReleaseInStackQueuedSpinLockFromDpcLevel}}

void QueueFieldsAreReadable(PEXT Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->Handle);
  if (Ext->Handle.LockQueue.Lock != 0)
    Ext->Count++;
  KeReleaseInStackQueuedSpinLock(&Ext->Handle);
}

ULONG StorPortHandleIsReadable(PVOID DeviceExtension) {
  STOR_LOCK_HANDLE h;
  ULONG Kind;
  StorPortAcquireSpinLock(DeviceExtension, InterruptLock, 0, &h);
  Kind = (ULONG)h.Context.OldIrql;
  StorPortReleaseSpinLock(DeviceExtension, &h);
  return Kind;
}
