/*
 * A small WDM driver with dispatch, DPC, StartIo and helper routines, written to show what
 * wdklock finds. Most routines are correct; the ones marked "SEEDED BUG" are not, one of
 * each kind the checkers report. Compiles against mingw-w64's DDK headers:
 *   clang --target=x86_64-w64-mingw32 -isystem /usr/x86_64-w64-mingw32/include/ddk ...
 */
#include <ntddk.h>

typedef struct _DEVICE_EXTENSION {
  KSPIN_LOCK QueueLock;      /* protects PendingList and QueueDepth */
  KSPIN_LOCK StatsLock;      /* protects the counters */
  LIST_ENTRY PendingList;
  ULONG QueueDepth;
  ULONG Completed;
  BOOLEAN Throttled;         /* read before and after taking QueueLock */
  KLOCK_QUEUE_HANDLE DpcHandle;
  KDPC CompletionDpc;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH DispatchCreateClose;
DRIVER_DISPATCH DispatchWrite;
DRIVER_DISPATCH DispatchIoctl;
DRIVER_STARTIO StartIo;
KDEFERRED_ROUTINE CompletionDpc;
KDEFERRED_ROUTINE StatsDpc;
DRIVER_UNLOAD DriverUnload;

/* Helpers: acquire in one, release in the other, choosing the variant by the same flag. */
static void LockQueue(PDEVICE_EXTENSION Ext, PKLOCK_QUEUE_HANDLE Handle, BOOLEAN AtDpc) {
  if (AtDpc)
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->QueueLock, Handle);
  else
    KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, Handle);
}

static void UnlockQueue(PKLOCK_QUEUE_HANDLE Handle, BOOLEAN AtDpc) {
  if (AtDpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(Handle);
  else
    KeReleaseInStackQueuedSpinLock(Handle);
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

/* Correct: one acquire, a release on every exit, the throttle flag re-read under the lock. */
NTSTATUS DispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE LockHandle;
  BOOLEAN Throttled = Ext->Throttled;

  LockQueue(Ext, &LockHandle, FALSE);
  if (Throttled && Ext->QueueDepth > 64) {
    UnlockQueue(&LockHandle, FALSE);
    Irp->IoStatus.Status = STATUS_DEVICE_BUSY;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_DEVICE_BUSY;
  }
  InsertTailList(&Ext->PendingList, &Irp->Tail.Overlay.ListEntry);
  Ext->QueueDepth++;
  UnlockQueue(&LockHandle, FALSE);
  IoMarkIrpPending(Irp);
  return STATUS_PENDING;
}

/* SEEDED BUG (wdk.QueuedSpinLock): the early exit for an unknown control code returns with
   the local handle still held. */
NTSTATUS DispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
  KLOCK_QUEUE_HANDLE LockHandle;
  NTSTATUS Status = STATUS_SUCCESS;

  KeAcquireInStackQueuedSpinLock(&Ext->StatsLock, &LockHandle);
  switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
  case 0x222000:
    Irp->IoStatus.Information = Ext->Completed;
    break;
  case 0x222004:
    Ext->Completed = 0;
    break;
  default:
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  KeReleaseInStackQueuedSpinLock(&LockHandle);
  Irp->IoStatus.Status = Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return Status;
}

/* SEEDED BUG (wdk.QueuedSpinLockRelease): the lock is only taken when the queue is not
   throttled, but it is released on every path. */
VOID StartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE LockHandle;
  UNREFERENCED_PARAMETER(Irp);

  if (!Ext->Throttled)
    KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &LockHandle);
  Ext->QueueDepth--;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}

/* SEEDED BUG (wdk.QueuedSpinLock): the DPC keeps the extension's handle when the list is
   empty, so the entry point returns holding the queue lock. */
VOID CompletionDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)Context;
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);

  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->QueueLock, &Ext->DpcHandle);
  if (IsListEmpty(&Ext->PendingList))
    return;
  RemoveHeadList(&Ext->PendingList);
  Ext->QueueDepth--;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->DpcHandle);
}

/* SEEDED BUG (wdk.QueuedSpinLock): acquired at DPC level, released with the raising
   variant, which restores an OldIrql that was never saved. */
VOID StatsDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)Context;
  KLOCK_QUEUE_HANDLE LockHandle;
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(Arg1);
  UNREFERENCED_PARAMETER(Arg2);

  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->StatsLock, &LockHandle);
  Ext->Completed++;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}

/* SEEDED BUG (wdk.QueuedSpinLockRelease): the stats helper already released the handle. */
static void BumpAndUnlock(PDEVICE_EXTENSION Ext, PKLOCK_QUEUE_HANDLE Handle) {
  Ext->Completed++;
  KeReleaseInStackQueuedSpinLock(Handle);
}

static void RecordCompletion(PDEVICE_EXTENSION Ext) {
  KLOCK_QUEUE_HANDLE LockHandle;
  KeAcquireInStackQueuedSpinLock(&Ext->StatsLock, &LockHandle);
  BumpAndUnlock(Ext, &LockHandle);
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}

/* SEEDED BUG (wdk.QueuedSpinLock): the stats lock is taken again through a second handle
   while the first still holds it. */
static ULONG SnapshotStats(PDEVICE_EXTENSION Ext) {
  KLOCK_QUEUE_HANDLE Outer, Inner;
  ULONG Value;
  KeAcquireInStackQueuedSpinLock(&Ext->StatsLock, &Outer);
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->StatsLock, &Inner);
  Value = Ext->Completed;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Inner);
  KeReleaseInStackQueuedSpinLock(&Outer);
  return Value;
}

/* SEEDED BUG (wdk.QueuedSpinLockRelease): the handle is copied and the copy released. */
static void DrainOne(PDEVICE_EXTENSION Ext) {
  KLOCK_QUEUE_HANDLE LockHandle, Saved;
  KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &LockHandle);
  Saved = LockHandle;
  if (!IsListEmpty(&Ext->PendingList))
    RemoveHeadList(&Ext->PendingList);
  KeReleaseInStackQueuedSpinLock(&Saved);
}

/* SEEDED BUG (wdk.QueuedSpinLock): the handle is acquired again for the second lock while
   it still holds the first. */
static void ResetCounters(PDEVICE_EXTENSION Ext) {
  KLOCK_QUEUE_HANDLE LockHandle;
  KeAcquireInStackQueuedSpinLock(&Ext->StatsLock, &LockHandle);
  Ext->Completed = 0;
  KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &LockHandle);
  Ext->QueueDepth = 0;
  KeReleaseInStackQueuedSpinLock(&LockHandle);
}

VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  PDEVICE_OBJECT Device = DriverObject->DeviceObject;
  if (Device) {
    PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)Device->DeviceExtension;
    RecordCompletion(Ext);
    (void)SnapshotStats(Ext);
    DrainOne(Ext);
    ResetCounters(Ext);
    IoDeleteDevice(Device);
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  PDEVICE_OBJECT Device;
  PDEVICE_EXTENSION Ext;
  NTSTATUS Status;
  UNREFERENCED_PARAMETER(RegistryPath);

  Status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                          0, FALSE, &Device);
  if (!NT_SUCCESS(Status))
    return Status;
  Ext = (PDEVICE_EXTENSION)Device->DeviceExtension;
  KeInitializeSpinLock(&Ext->QueueLock);
  KeInitializeSpinLock(&Ext->StatsLock);
  InitializeListHead(&Ext->PendingList);
  Ext->QueueDepth = 0;
  Ext->Completed = 0;
  Ext->Throttled = FALSE;
  KeInitializeDpc(&Ext->CompletionDpc, CompletionDpc, Ext);
  DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
  DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
  DriverObject->DriverStartIo = StartIo;
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
