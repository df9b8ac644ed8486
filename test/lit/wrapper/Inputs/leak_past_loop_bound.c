/* The lock is taken first, then a loop with a constant bound of 20: every path is dropped at
 * the loop bound (4 visits by default), so none reaches the return that leaks the lock. */
#include <ntddk.h>

BOOLEAN Probe(ULONG Bit);

ULONG LeaksAfterManyTests(PKSPIN_LOCK Lock) {
  KLOCK_QUEUE_HANDLE h;
  ULONG Mask = 0;
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  for (ULONG Bit = 0; Bit < 20; Bit++)
    Mask = Mask * 2 + (Probe(Bit) ? 1 : 0);
  return Mask;
}
