// A project header with an inline helper that is never called. Under a unity build every
// non-system file is analysed, this helper too; a normal build analyses it only where it is
// called.
#ifndef UNITY_HELPERS_H
#define UNITY_HELPERS_H
static __inline VOID ReleaseTwice(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
  KeReleaseInStackQueuedSpinLock(&h);
}
#endif
