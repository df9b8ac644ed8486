// Another source file of the unity build: correct code, and a release never acquired.
VOID CountUnderLock(PKSPIN_LOCK Lock, PLONG Count) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  (*Count)++;
  KeReleaseInStackQueuedSpinLock(&h);
}

VOID ReleaseOnly(PKSPIN_LOCK Lock, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE h;
  if (Take)
    KeAcquireInStackQueuedSpinLock(Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
}
