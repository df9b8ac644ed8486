// The checker models the lock routines itself, so a call changes only the handle's lock
// state: a flag kept next to the spin lock keeps its value, and branches that test it stay
// correlated. (The engine's default for an unknown call would forget every field of *Ext.)
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT {
  KSPIN_LOCK Lock;
  BOOLEAN UseLock;
  ULONG Mode;
  KLOCK_QUEUE_HANDLE Handle;
  LONG Count;
} EXT, *PEXT;

void FlagNextToTheLock(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Count++;
  if (Ext->UseLock)
    KeReleaseInStackQueuedSpinLock(&h);
}

static void AcquireByMode(PEXT Ext, PKLOCK_QUEUE_HANDLE Handle) {
  if (Ext->Mode == 1)
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, Handle);
  else
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, Handle);
}

static void ReleaseByMode(PEXT Ext, PKLOCK_QUEUE_HANDLE Handle) {
  if (Ext->Mode == 1)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(Handle);
  else
    KeReleaseInStackQueuedSpinLock(Handle);
}

// Acquire in one helper, release in another, re-reading the same flag.
void HelpersReReadTheFlag(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  AcquireByMode(Ext, &h);
  Ext->Count++;
  ReleaseByMode(Ext, &h);
}

// The handle lives in the same struct as the flag.
void HandleInTheExtension(PEXT Ext) {
  if (Ext->UseLock)
    KeAcquireInStackQueuedSpinLockForDpc(&Ext->Lock, &Ext->Handle);
  Ext->Count--;
  if (Ext->UseLock)
    KeReleaseInStackQueuedSpinLockForDpc(&Ext->Handle);
}

// The same shape with a real bug stays a finding: the release tests another flag.
void WrongFlag(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is 0}} expected-note {{Taking false branch}} expected-note {{Assuming field 'UseLock' is not equal to 0}} expected-note {{Taking true branch}}
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (Ext->Mode) // expected-note {{Assuming field 'Mode' is not equal to 0}} expected-note {{Taking true branch}} expected-note {{Assuming field 'Mode' is 0}} expected-note {{Taking false branch}}
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
} // expected-warning {{'h' is still held when 'WrongFlag' returns}} expected-note {{'h' is still held when 'WrongFlag' returns}}

// Compiled-out locking: both halves under the same #if.
#define LOCKING_ENABLED 0
void CompiledOut(PEXT Ext) {
#if LOCKING_ENABLED
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
#endif
  Ext->Count++;
#if LOCKING_ENABLED
  KeReleaseInStackQueuedSpinLock(&h);
#endif
}
