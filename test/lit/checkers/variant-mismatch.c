// wdk.QueuedSpinLock: the release variant must match the acquire.
// RUN: %analyze %ddk %s

#include <ntddk.h>

void AtDpcLevelReleasedWithPlain(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLockAtDpcLevel(Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLockAtDpcLevel}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLockAtDpcLevel, which pairs with KeReleaseInStackQueuedSpinLockFromDpcLevel, but is released by KeReleaseInStackQueuedSpinLock}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLockAtDpcLevel, which pairs with KeReleaseInStackQueuedSpinLockFromDpcLevel, but is released by KeReleaseInStackQueuedSpinLock}}
}

void PlainReleasedFromDpcLevel(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
}

void ForDpcReleasedWithPlain(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLockForDpc(Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLockForDpc}}
  KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLockForDpc, which pairs with KeReleaseInStackQueuedSpinLockForDpc, but is released by KeReleaseInStackQueuedSpinLock}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLockForDpc, which pairs with KeReleaseInStackQueuedSpinLockForDpc, but is released by KeReleaseInStackQueuedSpinLock}}
}

void PlainReleasedForDpc(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockForDpc(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockForDpc}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockForDpc}}
}

// Negatives: each acquire with its own release, chosen by the same condition.

void MatchingPairs(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE a, b, c;
  KeAcquireInStackQueuedSpinLock(Lock, &a);
  KeReleaseInStackQueuedSpinLock(&a);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(Lock, &b);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&b);
  KeAcquireInStackQueuedSpinLockForDpc(Lock, &c);
  KeReleaseInStackQueuedSpinLockForDpc(&c);
}

// ReactOS picks the variant by re-reading a per-processor flag.
typedef struct _PRCB_LIKE { BOOLEAN AtDpc; } PRCB_LIKE;
void VariantByFlag(PKSPIN_LOCK Lock, PRCB_LIKE *Prcb) {
  KLOCK_QUEUE_HANDLE h;
  if (Prcb->AtDpc)
    KeAcquireInStackQueuedSpinLockAtDpcLevel(Lock, &h);
  else
    KeAcquireInStackQueuedSpinLock(Lock, &h);
  if (Prcb->AtDpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  else
    KeReleaseInStackQueuedSpinLock(&h);
}

// KeReleaseInStackQueuedSpinLock written out (what the routine does, and what compilers inline
// it to): the queue is released with the FromDpcLevel variant, then the IRQL is lowered to the
// OldIrql the acquire saved in the same handle. Not a mismatch. (A false alarm found on real
// kernel code.)
typedef struct _STATS { KSPIN_LOCK Lock; KLOCK_QUEUE_HANDLE Handle; ULONG64 Charged; } STATS;

void ReleaseByHand(STATS *Stats, ULONG Chunk) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h);
  Stats->Charged -= Chunk;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  KeLowerIrql(h.OldIrql);
}

void ReleaseByHandInLoop(STATS *Stats, ULONG64 Amount) {
  KLOCK_QUEUE_HANDLE h;
  while (Amount != 0) {
    ULONG Chunk = Amount > 0x10000 ? 0x10000 : (ULONG)Amount;
    Amount -= Chunk;
    KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h);
    Stats->Charged -= Chunk;
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
    Stats->Charged += 0; // other work before the IRQL goes down
    KeLowerIrql(h.OldIrql);
  }
}

void ReleaseByHandThroughPointers(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h;
  PKLOCK_QUEUE_HANDLE p = &h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, p);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(p);
  KeLowerIrql(p->OldIrql);
}

void ReleaseByHandInTheExtension(STATS *Stats) {
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &Stats->Handle);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Stats->Handle);
  KeLowerIrql(Stats->Handle.OldIrql);
}

// The saved IRQL may travel through a local first (decompiled kernel code does this).
void ReleaseByHandThroughASavedCopy(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h;
  KIRQL Old;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h);
  Old = h.OldIrql;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  KeLowerIrql(Old);
}

void ReleaseByHandThroughAnInitializedCopy(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h);
  KIRQL Old = h.OldIrql;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  KeLowerIrql(Old);
}

// The saved IRQL handed to a routine that restores it on its way out (ReactOS's
// ntoskrnl/ke/thrdobj.c and apc.c: the APC lock taken RaiseToSynch, released FromDpcLevel,
// then KiExitDispatcher(ApcLock.OldIrql)). A false alarm found on real kernel code.
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLockRaiseToSynch(PKSPIN_LOCK SpinLock,
                                                                    PKLOCK_QUEUE_HANDLE LockHandle);
VOID FASTCALL KiExitDispatcher(KIRQL OldIrql);

ULONG ReleaseByHandThroughTheDispatcherExit(STATS *Stats) {
  KLOCK_QUEUE_HANDLE ApcLock;
  ULONG64 Previous;
  KeAcquireInStackQueuedSpinLockRaiseToSynch(&Stats->Lock, &ApcLock);
  Previous = Stats->Charged;
  if (Previous)
    Stats->Charged--;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&ApcLock);
  KiExitDispatcher(ApcLock.OldIrql);
  return (ULONG)Previous;
}

// The release in a helper whose body ends with it, the IRQL restored by the caller (ReactOS's
// KiReleaseApcLockFromSynchLevel(&ApcLock); KiExitDispatcher(ApcLock.OldIrql)), and a release
// in an if branch with the IRQL lowered after the if.
static void ReleaseApcLockFromSynchLevel(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLockFromDpcLevel(Handle);
}

void ReleaseByHandInAHelper(STATS *Stats) {
  KLOCK_QUEUE_HANDLE ApcLock;
  KeAcquireInStackQueuedSpinLockRaiseToSynch(&Stats->Lock, &ApcLock);
  Stats->Charged++;
  ReleaseApcLockFromSynchLevel(&ApcLock);
  KiExitDispatcher(ApcLock.OldIrql);
}

void ReleaseByHandInABranch(STATS *Stats, int Batch) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h);
  if (Batch) {
    Stats->Charged += 2;
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  } else {
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
  }
  KeLowerIrql(h.OldIrql);
}

// The helper's caller does not restore the IRQL: still a mismatch.
static void ReleaseProcessLockFromSynchLevel(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLockFromDpcLevel(Handle); // expected-warning {{'ApcLock' was acquired by KeAcquireInStackQueuedSpinLockRaiseToSynch, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'ApcLock' was acquired by KeAcquireInStackQueuedSpinLockRaiseToSynch, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
}

void HelperReleaseWithoutRestore(STATS *Stats) {
  KLOCK_QUEUE_HANDLE ApcLock;
  KeAcquireInStackQueuedSpinLockRaiseToSynch(&Stats->Lock, &ApcLock); // expected-note {{'ApcLock' acquired here by KeAcquireInStackQueuedSpinLockRaiseToSynch}}
  ReleaseProcessLockFromSynchLevel(&ApcLock); // expected-note {{Calling 'ReleaseProcessLockFromSynchLevel'}}
  Stats->Charged++;
}

// Still mismatches: the IRQL comes from another handle or from a local that never held the
// saved IRQL, is lowered before the release, or a return comes first.
void LowersToALocalThatIsNotTheSavedIrql(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h;
  KIRQL Level = PASSIVE_LEVEL;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
  KeLowerIrql(Level);
}
void LowersToAnotherHandlesIrql(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h, other;
  other.OldIrql = PASSIVE_LEVEL;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
  KeLowerIrql(other.OldIrql);
}

void LowersBeforeTheRelease(STATS *Stats) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeLowerIrql(h.OldIrql);
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
}

void ReturnsBeforeLowering(STATS *Stats, int Early) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Stats->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&h); // expected-warning {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}} expected-note {{'h' was acquired by KeAcquireInStackQueuedSpinLock, which pairs with KeReleaseInStackQueuedSpinLock, but is released by KeReleaseInStackQueuedSpinLockFromDpcLevel}}
  return;
  KeLowerIrql(h.OldIrql);
}
