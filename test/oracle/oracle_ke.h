/* oracle_ke.h - what a generated oracle unit sees of the kernel, and its instrumentation.
 *
 * The differential oracle (test/oracle/oracle.py) writes this text at the top of every
 * generated file, so a generated file is self-contained: the analyzer reads it as-is (the
 * routines are declarations without bodies, the instrumentation macros are empty), and the
 * native build (-DORACLE_NATIVE) links test/oracle/mock_ke.c, which implements the six
 * routines (and the StorPort ones) as an executable model of the lock rules. mock_ke.c includes this file too.
 */
#ifndef ORACLE_KE_H
#define ORACLE_KE_H

typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE {
  void *Next;
  void *Lock;
  unsigned char OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
void KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle);
void KeAcquireInStackQueuedSpinLockForDpc(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
void KeReleaseInStackQueuedSpinLockForDpc(PKLOCK_QUEUE_HANDLE LockHandle);
void *memcpy(void *Destination, const void *Source, unsigned long Length);

/* The StorPort lock API as the lit tests declare it, without bodies: a STOR_LOCK_HANDLE is
 * acquired for a (device extension, STOR_SPINLOCK kind) through StorPortNotification or its
 * two wrappers. The generated code passes ctx as the extension. */
#define STOR_NO_INLINE_BODIES
#include "../lit/Inputs/storport_locks.h"

/* The driver context every generated function receives; the harness sets Mode and Flag from
 * the inputs of the run. */
typedef struct _CTX {
  KSPIN_LOCK Lock0;
  KSPIN_LOCK Lock1;
  KSPIN_LOCK Locks[2];
  int Mode;
  int Flag;
  int Count;
} CTX, *PCTX;

/* A local context that holds lock handles (a handle field of a local struct). */
typedef struct _LOCAL_CTX {
  int Count;
  KLOCK_QUEUE_HANDLE HandleA;
  KLOCK_QUEUE_HANDLE HandleB;
  PKLOCK_QUEUE_HANDLE Current;
} LOCAL_CTX;

#ifdef ORACLE_NATIVE
/* The mock's bookkeeping. A frame is one activation of a generated function; its local
 * handles are registered with ORACLE_LOCAL and checked for held-at-return by ORACLE_LEAVE,
 * which every return path of a generated function runs. */
void oracle_enter(const char *Function);
int oracle_reached(const char *Function);
void oracle_local(void *Handle); /* a KLOCK_QUEUE_HANDLE or a STOR_LOCK_HANDLE */
void oracle_leave(void);
void oracle_copy(PKLOCK_QUEUE_HANDLE Destination, PKLOCK_QUEUE_HANDLE Source);
void oracle_begin(int Function);
void oracle_end(void);
void oracle_finish(void);
#define ORACLE_ENTER() oracle_enter(__func__)
#define ORACLE_LOCAL(h) oracle_local(h)
#define ORACLE_LEAVE() oracle_leave()
#define ORACLE_COPY(d, s) oracle_copy(d, s)
#else
/* The analyzer sees plain C: these are empty statements. */
#define ORACLE_ENTER()
#define ORACLE_LOCAL(h)
#define ORACLE_LEAVE()
#define ORACLE_COPY(d, s)
#endif

#endif
