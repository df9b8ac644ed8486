// A routine with a seeded bug: when Take is 0 the handle is released but was never acquired.
#include <ntddk.h>

typedef struct _DEVICE_CONTEXT { KSPIN_LOCK Lock; ULONG Pending; } DEVICE_CONTEXT, *PDEVICE_CONTEXT;

VOID CompleteWork(PDEVICE_CONTEXT Ctx, BOOLEAN Take) {
  KLOCK_QUEUE_HANDLE LockHandle;
  if (Take)
    KeAcquireInStackQueuedSpinLock(&Ctx->Lock, &LockHandle);
  Ctx->Pending--;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}
