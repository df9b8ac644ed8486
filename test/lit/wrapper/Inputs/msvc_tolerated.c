/* Code MSVC compiles with warnings C4013, C4047 and C4113, which clang 16 and later reject in C. */
#include <ntddk.h>

typedef VOID (*COMPLETION)(PVOID Context);
VOID CompleteWithStatus(PVOID Context, NTSTATUS Status);

VOID Tolerated(PKSPIN_LOCK Lock, PVOID Context) {
  KLOCK_QUEUE_HANDLE h;
  COMPLETION Complete = CompleteWithStatus; /* C4113: differs in parameter lists */
  PUCHAR Buffer = 0x1000;                   /* C4047: int to pointer */
  KeAcquireInStackQueuedSpinLock(Lock, &h);
  LogRequest(Context, Buffer);              /* C4013: undefined, assumed extern returning int */
  (VOID)Complete;
}
