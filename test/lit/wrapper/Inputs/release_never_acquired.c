/* A cleanup dispatch routine whose early exit skips the acquire but not the release. */
#include <ntddk.h>

typedef struct _PORT_EXTENSION {
  KSPIN_LOCK RequestLock; /* protects Requests and Outstanding */
  LIST_ENTRY Requests;
  ULONG Outstanding;
} PORT_EXTENSION, *PPORT_EXTENSION;

DRIVER_DISPATCH PortDispatchCleanup;

NTSTATUS PortDispatchCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PPORT_EXTENSION Ext = (PPORT_EXTENSION)DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE LockHandle;
  NTSTATUS Status = STATUS_SUCCESS;

  if (Irp->RequestorMode != KernelMode) {
    Status = STATUS_ACCESS_DENIED;
    goto Done; /* SEEDED BUG: jumps over the acquire to the release */
  }
  KeAcquireInStackQueuedSpinLock(&Ext->RequestLock, &LockHandle);
  InitializeListHead(&Ext->Requests);
  Ext->Outstanding = 0;
Done:
  KeReleaseInStackQueuedSpinLock(&LockHandle);
  Irp->IoStatus.Status = Status;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}
