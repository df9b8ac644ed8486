// The checker models the lock routines itself, so a call changes only the handle's lock
// state: a flag kept next to the spin lock keeps its value, and branches that test it stay
// correlated. (The engine's default for an unknown call would forget every field of *Ext.)
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT {
  KSPIN_LOCK Lock;
  BOOLEAN UseLock;
  ULONG Mode;
  ULONG Flags;
  KLOCK_QUEUE_HANDLE Handle;
  LONG Count;
} EXT, *PEXT;

#define EXT_USE_LOCK 0x4

void DoWork(PEXT Ext); // no body: the engine forgets *Ext and every global across the call
BOOLEAN QueryUseLock(void);
BOOLEAN UseLockGlobally;

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

// A call the engine cannot see into makes *Ext unknown, so on its own the engine would take
// the acquire's false branch and the release's true branch. A finding that needs one test on
// one object to come out both ways, with only a forgotten call in between, is dropped.
void CallBetweenTheTests(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (Ext->UseLock)
    KeReleaseInStackQueuedSpinLock(&h);
}

void GlobalFlag(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (UseLockGlobally)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (UseLockGlobally)
    KeReleaseInStackQueuedSpinLock(&h);
}

void FlagBit(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->Flags & EXT_USE_LOCK)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (Ext->Flags & EXT_USE_LOCK)
    KeReleaseInStackQueuedSpinLock(&h);
}

// The comparisons are split eagerly by the engine; the test is read from their operands.
void ComparisonAroundACall(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  AcquireByMode(Ext, &h);
  DoWork(Ext);
  ReleaseByMode(Ext, &h);
}

// `!x` is the test on x with the branches swapped.
void MixedPolarity(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (!Ext->UseLock)
    return;
  KeReleaseInStackQueuedSpinLock(&h);
}

void EveryIteration(PEXT Ext, int n) {
  for (int i = 0; i < n; i++) {
    KLOCK_QUEUE_HANDLE h;
    if (Ext->UseLock)
      KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
    DoWork(Ext);
    if (Ext->UseLock)
      KeReleaseInStackQueuedSpinLock(&h);
  }
}

// `a && b`: the right operand is tested in a block of its own.
void RetestOnTheRightOfAnd(PEXT Ext, int Early) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock)
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (Early && !Ext->UseLock)
    return;
  if (Ext->UseLock)
    KeReleaseInStackQueuedSpinLock(&h);
}

// A value the driver writes itself is a real change: these stay findings.
static void Disable(PEXT Ext) { Ext->UseLock = FALSE; }

void ClearedByAHelper(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is not equal to 0}} expected-note {{Taking true branch}}
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  DoWork(Ext);
  Disable(Ext);
  if (Ext->UseLock) // expected-note {{Field 'UseLock' is 0}} expected-note {{Taking false branch}}
    KeReleaseInStackQueuedSpinLock(&h);
} // expected-warning {{'h' is still held when 'ClearedByAHelper' returns}} expected-note {{'h' is still held when 'ClearedByAHelper' returns}}

void SetFromACall(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is 0}} expected-note {{Taking false branch}} expected-note {{Assuming field 'UseLock' is not equal to 0}} expected-note {{Taking true branch}}
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  DoWork(Ext);
  Ext->UseLock = QueryUseLock();
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is not equal to 0}} expected-note {{Taking true branch}} expected-note {{Assuming field 'UseLock' is 0}} expected-note {{Taking false branch}}
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
} // expected-warning {{'h' is still held when 'SetFromACall' returns}} expected-note {{'h' is still held when 'SetFromACall' returns}}

// A loop's condition waits for the call in its body to change the memory: its flip is expected,
// and the leak after the drain loop stays a finding (Mode is unsigned: entering the loop is
// certain, leaving it needs the call to change Mode).
void DrainOne(PEXT Ext);
void DrainThenLeak(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  if (Ext->Mode == 0) { // expected-note {{Assuming field 'Mode' is not equal to 0}} expected-note {{Taking false branch}}
    KeReleaseInStackQueuedSpinLock(&h);
    return;
  }
  while (Ext->Mode > 0) // expected-note {{Field 'Mode' is > 0}} expected-note {{Loop condition is true.  Entering loop body}} expected-note {{Assuming field 'Mode' is <= 0}} expected-note-re {{Loop condition is false. Execution {{.*}}}}
    DrainOne(Ext);
} // expected-warning {{'h' is still held when 'DrainThenLeak' returns}} expected-note {{'h' is still held when 'DrainThenLeak' returns}}

// A finding whose path needs no retest stays.
void UnconditionalRelease(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is 0}} expected-note {{Taking false branch}}
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}

// Here the release is reached without the acquire on two paths: through the retest of
// UseLock after the call (dropped on its own), and through Force. The engine merged them
// once their branch values were dead, so the finding stands. The path shown is the shortest
// one the engine kept, which is the retest.
void AnotherPathNeedsNoRetest(PEXT Ext, int Force) {
  KLOCK_QUEUE_HANDLE h;
  if (Ext->UseLock) // expected-note {{Assuming field 'UseLock' is 0}} expected-note {{Taking false branch}}
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  DoWork(Ext);
  if (Ext->UseLock || Force) // expected-note {{Assuming field 'UseLock' is not equal to 0}} expected-note {{Left side of '||' is true}}
    KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}
