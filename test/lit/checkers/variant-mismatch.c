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
