/*
 * STOR_SPINLOCK and STOR_LOCK_HANDLE, laid out as the WDK's storport.h documents them. Needs no
 * other header. wdklock's storport.h includes it, and so do the test headers that declare the
 * StorPort lock API without the DDK (test/lit/Inputs/storport_locks.h, test/oracle/oracle_ke.h).
 */
#ifndef WDKLOCK_DDK_STOR_LOCK_TYPES_H
#define WDKLOCK_DDK_STOR_LOCK_TYPES_H

/* Which StorPort lock a handle takes. */
typedef enum _STOR_SPINLOCK {
  InvalidLock = 0,
  DpcLock = 1,
  StartIoLock,
  InterruptLock,
  ThreadedDpcLock,
  DpcLevelLock,
  InterruptSynchronizationLock
} STOR_SPINLOCK;

/* The handle: the lock kind, then the in-stack queue entry and the saved IRQL. */
typedef struct _STOR_LOCK_HANDLE {
  STOR_SPINLOCK Lock;
  struct {
    struct {
      void *Next;
      void *Lock;
    } LockQueue;
    unsigned char OldIrql;
  } Context;
} STOR_LOCK_HANDLE, *PSTOR_LOCK_HANDLE;

#endif
