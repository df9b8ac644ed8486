/* A power dispatch routine that returns early with its state lock still held. */
#include <ntddk.h>

#define STATE_REMOVED 3

typedef struct _DEVICE_EXTENSION {
  KSPIN_LOCK StateLock; /* protects State */
  ULONG State;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_DISPATCH DispatchPower;

NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE LockHandle;

  KeAcquireInStackQueuedSpinLock(&Ext->StateLock, &LockHandle);
  if (Ext->State == STATE_REMOVED) {
    Irp->IoStatus.Status = STATUS_DELETE_PENDING;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_DELETE_PENDING; /* SEEDED BUG: returns with StateLock held */
  }
  Ext->State = 1;
  KeReleaseInStackQueuedSpinLock(&LockHandle);

  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}
