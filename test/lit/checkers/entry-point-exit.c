// wdk.QueuedSpinLock: no handle may be held when a driver entry point returns. An entry point
// is a function declared with a role type (DRIVER_DISPATCH, KDEFERRED_ROUTINE, ...).
// RUN: %analyze %ddk %s
// RUN: %analyze %ddk -Xclang -analyzer-config -Xclang wdk.QueuedSpinLock:RoleTypes="MY_CALLBACK;EVT_MYDRV_*" -DEXTRA_ROLES %s

#include <ntddk.h>

typedef struct _DEVICE_EXTENSION {
  KSPIN_LOCK Lock;
  KLOCK_QUEUE_HANDLE LockHandle;
  LIST_ENTRY Pending;
  BOOLEAN Busy;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_DISPATCH DispatchLeavesLock;
NTSTATUS DispatchLeavesLock(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle); // expected-note {{'DeviceObject->DeviceExtension->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  Ext->Busy = TRUE;
  Irp->IoStatus.Status = STATUS_SUCCESS;
  return STATUS_SUCCESS; // expected-warning {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'DispatchLeavesLock' returns}} expected-note {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'DispatchLeavesLock' returns}}
}

KDEFERRED_ROUTINE DpcLeavesLockOnError;
VOID DpcLeavesLockOnError(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)Context;
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &Ext->LockHandle); // expected-note {{'Context->LockHandle' acquired here by KeAcquireInStackQueuedSpinLockAtDpcLevel}}
  if (IsListEmpty(&Ext->Pending)) // expected-note {{Assuming the condition is true}} expected-note {{Taking true branch}}
    return; // expected-warning {{'Context->LockHandle' is still held when entry point 'DpcLeavesLockOnError' returns}} expected-note {{'Context->LockHandle' is still held when entry point 'DpcLeavesLockOnError' returns}}
  Ext->Busy = FALSE;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->LockHandle);
}

static KSPIN_LOCK GlobalLock;
static KLOCK_QUEUE_HANDLE GlobalHandle;

IO_COMPLETION_ROUTINE CompletionKeepsGlobal;
NTSTATUS CompletionKeepsGlobal(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  KeAcquireInStackQueuedSpinLock(&GlobalLock, &GlobalHandle); // expected-note {{'GlobalHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  return STATUS_MORE_PROCESSING_REQUIRED; // expected-warning {{'GlobalHandle' is still held when entry point 'CompletionKeepsGlobal' returns}} expected-note {{'GlobalHandle' is still held when entry point 'CompletionKeepsGlobal' returns}}
}

// A helper acquires into the extension; the entry point that calls it returns holding it.
static void LockExtension(PDEVICE_EXTENSION Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle); // expected-note {{'DeviceObject->DeviceExtension->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
} // expected-note {{Returning from 'LockExtension' with 'DeviceObject->DeviceExtension->LockHandle' held}}

DRIVER_STARTIO StartIoViaHelper;
VOID StartIoViaHelper(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  LockExtension((PDEVICE_EXTENSION)DeviceObject->DeviceExtension); // expected-note {{Calling 'LockExtension'}} expected-note {{Returning from 'LockExtension'}}
} // expected-warning {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'StartIoViaHelper' returns}} expected-note {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'StartIoViaHelper' returns}}

// Negatives.

// Not an entry point: a helper may return holding its caller's lock.
NTSTATUS NotAnEntryPoint(PDEVICE_EXTENSION Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle);
  return STATUS_SUCCESS;
}

DRIVER_DISPATCH DispatchBalanced;
NTSTATUS DispatchBalanced(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Busy = TRUE;
  KeReleaseInStackQueuedSpinLock(&h);
  return STATUS_SUCCESS;
}

// An entry point that releases what it acquired on every path.
KDEFERRED_ROUTINE DpcBalanced;
VOID DpcBalanced(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = (PDEVICE_EXTENSION)Context;
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &Ext->LockHandle);
  if (IsListEmpty(&Ext->Pending)) {
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->LockHandle);
    return;
  }
  Ext->Busy = FALSE;
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->LockHandle);
}

// Extra role types come from the RoleTypes option (second RUN line).
typedef VOID MY_CALLBACK(PDEVICE_EXTENSION Ext);
typedef VOID EVT_MYDRV_TIMER(PDEVICE_EXTENSION Ext);

MY_CALLBACK MyCallback;
VOID MyCallback(PDEVICE_EXTENSION Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle);
#ifdef EXTRA_ROLES
  // expected-note@-2 {{'Ext->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  // expected-warning@+3 {{'Ext->LockHandle' is still held when entry point 'MyCallback' returns}}
  // expected-note@+2 {{'Ext->LockHandle' is still held when entry point 'MyCallback' returns}}
#endif
}

EVT_MYDRV_TIMER MyTimer;
VOID MyTimer(PDEVICE_EXTENSION Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle);
#ifdef EXTRA_ROLES
  // expected-note@-2 {{'Ext->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  // expected-warning@+3 {{'Ext->LockHandle' is still held when entry point 'MyTimer' returns}}
  // expected-note@+2 {{'Ext->LockHandle' is still held when entry point 'MyTimer' returns}}
#endif
}
