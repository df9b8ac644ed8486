// The same routine, fixed: every path acquires the handle before it releases it.
#include <ntddk.h>

typedef struct _DEVICE_CONTEXT { KSPIN_LOCK Lock; ULONG Pending; } DEVICE_CONTEXT, *PDEVICE_CONTEXT;

VOID CompleteWork(PDEVICE_CONTEXT Ctx, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE LockHandle;
  KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &LockHandle);
  Ctx->Pending--;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}
