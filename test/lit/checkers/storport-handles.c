// wdk.StorPortSpinLock: STOR_LOCK_HANDLE pairing, through the FORCEINLINE wrappers (with
// bodies, as in the WDK) and through direct StorPortNotification calls.
// RUN: %analyze -I %testinc %s
// RUN: %analyze -I %testinc -DSTOR_NO_INLINE_BODIES %s

#include "storport_locks.h"

typedef struct _HW_EXT { ULONG Pending; BOOLEAN Busy; } HW_EXT, *PHW_EXT;

void ReleaseNeverAcquired(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortReleaseSpinLock(Ext, &h); // expected-warning {{'h' is released by StorPortReleaseSpinLock but was never acquired on this path}} expected-note {{'h' is released by StorPortReleaseSpinLock but was never acquired on this path}}
}

void DoubleReleaseViaNotification(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortNotification(AcquireSpinLock, Ext, DpcLock, 0, &h); // expected-note {{'h' acquired here by StorPortNotification(AcquireSpinLock)}}
  StorPortNotification(ReleaseSpinLock, Ext, &h); // expected-note {{'h' released here by StorPortNotification(ReleaseSpinLock)}}
  StorPortNotification(ReleaseSpinLock, Ext, &h); // expected-warning {{'h' is released by StorPortNotification(ReleaseSpinLock) but was already released}} expected-note {{'h' is released by StorPortNotification(ReleaseSpinLock) but was already released}}
}

// The variadic call is recognised by the enumerator's value too.
void NotificationByValue(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortNotification((SCSI_NOTIFICATION_TYPE)0x1004, Ext, &h); // expected-warning {{'h' is released by StorPortNotification(ReleaseSpinLock) but was never acquired on this path}} expected-note {{'h' is released by StorPortNotification(ReleaseSpinLock) but was never acquired on this path}}
}

void AcquireIntoHeldHandle(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortAcquireSpinLock(Ext, DpcLock, 0, &h); // expected-note {{'h' acquired here by StorPortAcquireSpinLock}}
  StorPortAcquireSpinLock(Ext, StartIoLock, 0, &h); // expected-warning {{'h' is acquired by StorPortAcquireSpinLock while it is still held}} expected-note {{'h' is acquired by StorPortAcquireSpinLock while it is still held}}
  StorPortReleaseSpinLock(Ext, &h);
}

void SameKindTwice(PHW_EXT Ext) {
  STOR_LOCK_HANDLE a, b;
  StorPortAcquireSpinLock(Ext, InterruptLock, 0, &a); // expected-note {{'a' acquired here by StorPortAcquireSpinLock}}
  StorPortAcquireSpinLock(Ext, InterruptLock, 0, &b); // expected-warning {{StorPortAcquireSpinLock acquires the same StorPort lock of '*Ext' into 'b' while this path already holds it through 'a'; this deadlocks}} expected-note {{StorPortAcquireSpinLock acquires the same StorPort lock of '*Ext' into 'b' while this path already holds it through 'a'; this deadlocks}}
  StorPortReleaseSpinLock(Ext, &b);
  StorPortReleaseSpinLock(Ext, &a);
}

void LocalDiesHeld(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortAcquireSpinLock(Ext, StartIoLock, 0, &h); // expected-note {{'h' acquired here by StorPortAcquireSpinLock}}
  Ext->Pending++;
} // expected-warning {{'h' is still held when 'LocalDiesHeld' returns}} expected-note {{'h' is still held when 'LocalDiesHeld' returns}}

// Negatives: one finding per call, never a second one from the wrapper's body; nesting
// different kinds is fine; wrapper acquire with notification release is one pair.
void BalancedMixedForms(PHW_EXT Ext) {
  STOR_LOCK_HANDLE outer, inner;
  StorPortAcquireSpinLock(Ext, StartIoLock, 0, &outer);
  StorPortNotification(AcquireSpinLock, Ext, InterruptLock, 0, &inner);
  Ext->Busy = 1;
  StorPortReleaseSpinLock(Ext, &inner);
  StorPortNotification(ReleaseSpinLock, Ext, &outer);
}

void OtherNotificationsAreNotLocks(PHW_EXT Ext) {
  STOR_LOCK_HANDLE h;
  StorPortNotification(RequestComplete, Ext, &h);
  StorPortNotification(NextRequest, Ext);
}

void UnknownHandleParameter(PHW_EXT Ext, PSTOR_LOCK_HANDLE Handle) {
  StorPortReleaseSpinLock(Ext, Handle);
}

// A DpcLock is the lock of the STOR_DPC it names: two DPCs are two locks, one DPC twice is one.
typedef struct _QUEUE_DPC { PVOID Reserved[8]; } QUEUE_DPC; // stands in for STOR_DPC
typedef struct _QUEUES { QUEUE_DPC Dpc[2]; ULONG Pending; } QUEUES;

void TwoDpcsOfOneAdapter(QUEUES *Ext) {
  STOR_LOCK_HANDLE a, b;
  StorPortAcquireSpinLock(Ext, DpcLock, &Ext->Dpc[0], &a);
  StorPortAcquireSpinLock(Ext, DpcLock, &Ext->Dpc[1], &b);
  Ext->Pending = 0;
  StorPortReleaseSpinLock(Ext, &b);
  StorPortReleaseSpinLock(Ext, &a);
}

void OneDpcTwice(QUEUES *Ext) {
  STOR_LOCK_HANDLE a, b;
  StorPortAcquireSpinLock(Ext, DpcLock, &Ext->Dpc[1], &a); // expected-note {{'a' acquired here by StorPortAcquireSpinLock}}
  StorPortAcquireSpinLock(Ext, DpcLock, &Ext->Dpc[1], &b); // expected-warning {{StorPortAcquireSpinLock acquires the same StorPort lock of 'Ext->Dpc[1]' into 'b' while this path already holds it through 'a'; this deadlocks}} expected-note {{StorPortAcquireSpinLock acquires the same StorPort lock of 'Ext->Dpc[1]' into 'b' while this path already holds it through 'a'; this deadlocks}}
  StorPortReleaseSpinLock(Ext, &b);
  StorPortReleaseSpinLock(Ext, &a);
}

// Two extensions: the same kind on different adapters is not the same lock.
void TwoAdapters(PHW_EXT A, PHW_EXT B) {
  STOR_LOCK_HANDLE a, b;
  if (A == B)
    return;
  StorPortAcquireSpinLock(A, DpcLock, 0, &a);
  StorPortAcquireSpinLock(B, DpcLock, 0, &b);
  StorPortReleaseSpinLock(B, &b);
  StorPortReleaseSpinLock(A, &a);
}
