/* mock_ke.c - the executable oracle: the six in-stack queued spin lock routines, implemented
 * as the lock rules the wdk checkers enforce (docs/oracle.md has the table).
 *
 * Every generated function is run natively for each combination of its inputs. The mock
 * keeps the state of every lock handle that a running frame declared (ORACLE_LOCAL), and
 * prints each violation once per function as a line "F<id> <kind>". Execution continues
 * after a violation, in the state the table says.
 *
 *   state     Unheld (declared, never acquired) | Held(pairing, lock) | Released | Copy
 *   acquire   Held          -> acquire-held, then Held(new)
 *             otherwise     -> same-lock if another handle is Held with this spin lock;
 *                              then Held(new)
 *   release   Held          -> variant-mismatch if the pairings differ; then Released
 *             otherwise     -> release-not-held; then Released
 *   copy      source Held   -> destination becomes Copy (otherwise nothing changes)
 *   return    each handle of the returning frame that is Held -> held-at-return
 *
 * Pairings: plain acquire/release, AtDpcLevel/FromDpcLevel, ForDpc/ForDpc, and one for
 * StorPort (StorPortAcquireSpinLock, StorPortReleaseSpinLock and StorPortNotification's
 * AcquireSpinLock/ReleaseSpinLock). A Ke spin lock is its address; a StorPort lock is the pair
 * (device extension, STOR_SPINLOCK kind), and only DpcLock/StartIoLock/InterruptLock count
 * for same-lock.
 */
#include "oracle_ke.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { UNHELD, HELD, RELEASED, COPY };
enum { PLAIN, DPC_LEVEL, FOR_DPC, STORPORT };
#define KE_LOCK (-1) /* the Kind of a Ke spin lock */
enum { K_RELEASE_NOT_HELD, K_VARIANT_MISMATCH, K_ACQUIRE_HELD, K_SAME_LOCK, K_HELD_AT_RETURN,
       K_COUNT };
static const char *const KindNames[K_COUNT] = {
    "release-not-held", "variant-mismatch", "acquire-held", "same-lock", "held-at-return"};

#define MAX_HANDLES 256
#define MAX_FRAMES 32

struct handle {
  void *Address;
  int Frame;    /* depth of the frame that declared it */
  int State;
  int Pairing;  /* Held: the acquire's pairing */
  void *Lock;   /* Held: the spin lock, or the StorPort device extension */
  int Kind;     /* Held: KE_LOCK, or the STOR_SPINLOCK kind */
};

static struct handle Handles[MAX_HANDLES];
static int NumHandles;
static int Depth;            /* frames entered and not left */
static int Function = -1;    /* the generated function being run */
static unsigned Seen;        /* kinds already printed for Function */
static unsigned SeenStor;    /* the same, for StorPort locks */
static long Runs;
/* The functions entered since Function changed: a static helper that no run reached is one
 * the analyzer analyzes on its own, so the harness runs it on its own too. */
#define MAX_REACHED 64
static const char *Reached[MAX_REACHED];
static int NumReached;

static void fail(const char *What) {
  fprintf(stderr, "mock_ke: F%d: %s\n", Function, What);
  exit(3);
}

/* Prints "F<id> <kind>" once per function and kind, and "S<id> <kind>" once more when a
 * StorPort lock caused it (statistics only; the comparison is by kind). */
static void record(int Kind, int Stor) {
  if (Stor && !(SeenStor & (1u << Kind))) {
    SeenStor |= 1u << Kind;
    printf("S%d %s\n", Function, KindNames[Kind]);
  }
  if (Seen & (1u << Kind))
    return;
  Seen |= 1u << Kind;
  printf("F%d %s\n", Function, KindNames[Kind]);
}

static struct handle *find(void *Address) {
  for (int i = 0; i < NumHandles; i++)
    if (Handles[i].Address == Address)
      return &Handles[i];
  fail("a lock routine got a handle that no running frame declared");
  return 0;
}

static void acquire_lock(int Pairing, void *Lock, int Kind, void *Address) {
  struct handle *H = find(Address);
  int Checked = Kind == KE_LOCK || Kind == DpcLock || Kind == StartIoLock || Kind == InterruptLock;
  if (H->State == HELD) {
    record(K_ACQUIRE_HELD, Pairing == STORPORT);
  } else if (Checked) {
    for (int i = 0; i < NumHandles; i++)
      if (&Handles[i] != H && Handles[i].State == HELD && Handles[i].Lock == Lock &&
          Handles[i].Kind == Kind) {
        record(K_SAME_LOCK, Pairing == STORPORT);
        break;
      }
  }
  H->State = HELD;
  H->Pairing = Pairing;
  H->Lock = Lock;
  H->Kind = Kind;
}

static void acquire(int Pairing, PKSPIN_LOCK Lock, PKLOCK_QUEUE_HANDLE Address) {
  acquire_lock(Pairing, Lock, KE_LOCK, Address);
  /* What the kernel would do: the queue entry is the handle itself. */
  Address->Next = 0;
  Address->Lock = Lock;
  Address->OldIrql = (unsigned char)Pairing;
}

static void release(int Pairing, void *Address) {
  struct handle *H = find(Address);
  if (H->State == HELD) {
    if (H->Pairing != Pairing)
      record(K_VARIANT_MISMATCH, Pairing == STORPORT);
  } else {
    record(K_RELEASE_NOT_HELD, Pairing == STORPORT);
  }
  H->State = RELEASED;
  H->Lock = 0;
}

void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK L, PKLOCK_QUEUE_HANDLE H) { acquire(PLAIN, L, H); }
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE H) { release(PLAIN, H); }
void KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK L, PKLOCK_QUEUE_HANDLE H) {
  acquire(DPC_LEVEL, L, H);
}
void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE H) { release(DPC_LEVEL, H); }
void KeAcquireInStackQueuedSpinLockForDpc(PKSPIN_LOCK L, PKLOCK_QUEUE_HANDLE H) {
  acquire(FOR_DPC, L, H);
}
void KeReleaseInStackQueuedSpinLockForDpc(PKLOCK_QUEUE_HANDLE H) { release(FOR_DPC, H); }

static void stor_acquire(PVOID Ext, STOR_SPINLOCK Kind, PSTOR_LOCK_HANDLE H) {
  acquire_lock(STORPORT, Ext, (int)Kind, H);
  H->Lock = Kind;
}
unsigned long StorPortNotification(SCSI_NOTIFICATION_TYPE Type, PVOID Ext, ...) {
  va_list Args;
  va_start(Args, Ext);
  if (Type == AcquireSpinLock) {
    STOR_SPINLOCK Kind = (STOR_SPINLOCK)va_arg(Args, int);
    (void)va_arg(Args, PVOID); /* LockContext */
    stor_acquire(Ext, Kind, va_arg(Args, PSTOR_LOCK_HANDLE));
  } else if (Type == ReleaseSpinLock) {
    release(STORPORT, va_arg(Args, PSTOR_LOCK_HANDLE));
  } else {
    fail("StorPortNotification with a type the mock does not model");
  }
  va_end(Args);
  return 0;
}
void StorPortAcquireSpinLock(PVOID Ext, STOR_SPINLOCK Kind, PVOID Context, PSTOR_LOCK_HANDLE H) {
  (void)Context;
  stor_acquire(Ext, Kind, H);
}
void StorPortReleaseSpinLock(PVOID Ext, PSTOR_LOCK_HANDLE H) {
  (void)Ext;
  release(STORPORT, H);
}

void oracle_enter(const char *Name) {
  if (Function < 0)
    fail("a generated function ran outside oracle_begin/oracle_end");
  if (++Depth >= MAX_FRAMES)
    fail("frames nested too deep");
  for (int i = 0; i < NumReached; i++)
    if (Reached[i] == Name)
      return;
  if (NumReached == MAX_REACHED)
    fail("too many functions");
  Reached[NumReached++] = Name;
}

int oracle_reached(const char *Name) {
  for (int i = 0; i < NumReached; i++)
    if (strcmp(Reached[i], Name) == 0)
      return 1;
  return 0;
}

void oracle_local(void *Address) {
  for (int i = 0; i < NumHandles; i++)
    if (Handles[i].Address == Address)
      fail("a handle was declared twice");
  if (NumHandles == MAX_HANDLES)
    fail("too many handles");
  Handles[NumHandles++] = (struct handle){Address, Depth, UNHELD, 0, 0, KE_LOCK};
}

void oracle_leave(void) {
  if (Depth <= 0)
    fail("ORACLE_LEAVE without ORACLE_ENTER");
  int Kept = 0;
  for (int i = 0; i < NumHandles; i++) {
    if (Handles[i].Frame != Depth) {
      Handles[Kept++] = Handles[i];
      continue;
    }
    if (Handles[i].State == HELD)
      record(K_HELD_AT_RETURN, Handles[i].Pairing == STORPORT);
  }
  NumHandles = Kept;
  --Depth;
}

void oracle_copy(PKLOCK_QUEUE_HANDLE Destination, PKLOCK_QUEUE_HANDLE Source) {
  struct handle *S = find(Source), *D = find(Destination);
  if (S != D && S->State == HELD) {
    D->State = COPY;
    D->Lock = 0;
  }
}

void oracle_begin(int F) {
  if (F != Function) {
    Seen = 0;
    SeenStor = 0;
    NumReached = 0;
  }
  Function = F;
  ++Runs;
}

void oracle_end(void) {
  if (Depth != 0 || NumHandles != 0)
    fail("a run ended with frames still open (a return path without ORACLE_LEAVE)");
}

void oracle_finish(void) {
  printf("runs %ld\n", Runs);
  fflush(stdout);
}
