// Odd but real C: no crash and no unfounded finding.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK Lock; LONG Count; } EXT, *PEXT;

// A handle in a union, with writes to the other member in between.
union HANDLE_OR_BYTES { KLOCK_QUEUE_HANDLE Handle; UCHAR Bytes[sizeof(KLOCK_QUEUE_HANDLE)]; };
void UnionMember(PEXT Ext) {
  union HANDLE_OR_BYTES u;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &u.Handle);
  u.Bytes[0] = 0;
  KeReleaseInStackQueuedSpinLock(&u.Handle);
}

// Handles in an array of structs with a symbolic index.
struct SLOT { KLOCK_QUEUE_HANDLE Handle; int InUse; };
void ArrayOfStructs(PEXT Ext, unsigned i) {
  struct SLOT slots[4];
  if (i >= 4)
    return;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &slots[i].Handle);
  slots[i].InUse = 1;
  KeReleaseInStackQueuedSpinLock(&slots[i].Handle);
}

void ArrayOfStructsTwoIndices(PEXT Ext, unsigned i, unsigned j) {
  struct SLOT slots[4];
  if (i >= 4 || j >= 4)
    return;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &slots[i].Handle);
  KeReleaseInStackQueuedSpinLock(&slots[j].Handle);
}

// Volatile storage.
void VolatileHandle(PEXT Ext) {
  volatile KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, (PKLOCK_QUEUE_HANDLE)&h);
  KeReleaseInStackQueuedSpinLock((PKLOCK_QUEUE_HANDLE)&h);
}

// The spin lock and the handle are the same memory (nonsense, but no crash).
void SameMemory(void) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock((PKSPIN_LOCK)&h, &h);
  KeReleaseInStackQueuedSpinLock(&h);
}

// Recursion.
void Recurse(PEXT Ext, int depth) {
  KLOCK_QUEUE_HANDLE h;
  if (depth <= 0)
    return;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Count++;
  KeReleaseInStackQueuedSpinLock(&h);
  Recurse(Ext, depth - 1);
}

// A 1000-iteration loop, balanced per iteration.
void LongLoop(PEXT Ext) {
  for (int i = 0; i < 1000; i++) {
    KLOCK_QUEUE_HANDLE h;
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
    Ext->Count += i;
    KeReleaseInStackQueuedSpinLock(&h);
  }
}

// The kernel routines reached through function pointers: a global, a parameter, a member.
typedef VOID (FASTCALL *ACQUIRE_FN)(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
typedef VOID (FASTCALL *RELEASE_FN)(PKLOCK_QUEUE_HANDLE);
ACQUIRE_FN g_Acquire = KeAcquireInStackQueuedSpinLock;
struct LOCK_OPS { ACQUIRE_FN Acquire; RELEASE_FN Release; };
void ThroughPointers(PEXT Ext, RELEASE_FN Release, struct LOCK_OPS *Ops) {
  KLOCK_QUEUE_HANDLE h;
  g_Acquire(&Ext->Lock, &h);
  Release(&h);
  Ops->Acquire(&Ext->Lock, &h);
  Ops->Release(&h);
}

// A local table of the real routines: the call is resolved, so it is checked like a direct one.
void ThroughLocalPointer(PEXT Ext) {
  RELEASE_FN Release = KeReleaseInStackQueuedSpinLock;
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Release(&h);
}

// NULL and constant addresses as handles: silent (documented).
void ConstantHandles(PEXT Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, NULL);
  KeReleaseInStackQueuedSpinLock(NULL);
  KeReleaseInStackQueuedSpinLock((PKLOCK_QUEUE_HANDLE)(ULONG_PTR)0xFFFFF80000001000ULL);
}
// expected-no-diagnostics
