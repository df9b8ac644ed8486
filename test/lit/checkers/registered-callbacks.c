// A function the driver hands to the system is an entry point even without a role type: its
// address passed to a system routine (KeInitializeDpc, IoSetCompletionRoutine), stored in a
// system structure (DriverObject->MajorFunction[...], DriverObject->DriverUnload) or listed in
// an initializer of one. So no handle may be held when it returns, and a direct call of it is
// not inlined, so that it is analysed on its own.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _DEVICE_EXTENSION {
  KSPIN_LOCK Lock;
  KLOCK_QUEUE_HANDLE LockHandle;
  KDPC Dpc;
  LONG Pending;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

// Registered with KeInitializeDpc below; declared as a plain function.
VOID CompletionDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = Context;
  KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &Ext->LockHandle); // expected-note {{'Context->LockHandle' acquired here by KeAcquireInStackQueuedSpinLockAtDpcLevel}}
  if (Ext->Pending == 0) // expected-note {{Assuming field 'Pending' is equal to 0}} expected-note {{Taking true branch}}
    return; // expected-warning {{'Context->LockHandle' is still held when entry point 'CompletionDpc' returns}} expected-note {{'Context->LockHandle' is still held when entry point 'CompletionDpc' returns}}
  KeReleaseInStackQueuedSpinLockFromDpcLevel(&Ext->LockHandle);
}

// Stored in DriverObject->MajorFunction[] below.
NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION Ext = DeviceObject->DeviceExtension;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle); // expected-note {{'DeviceObject->DeviceExtension->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  Ext->Pending++;
  return STATUS_PENDING; // expected-warning {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'DispatchRead' returns}} expected-note {{'DeviceObject->DeviceExtension->LockHandle' is still held when entry point 'DispatchRead' returns}}
}

// Given to IoSetCompletionRoutine below.
NTSTATUS ReadCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  PDEVICE_EXTENSION Ext = Context;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle); // expected-note {{'Context->LockHandle' acquired here by KeAcquireInStackQueuedSpinLock}}
  Ext->Pending--;
  return STATUS_SUCCESS; // expected-warning {{'Context->LockHandle' is still held when entry point 'ReadCompleted' returns}} expected-note {{'Context->LockHandle' is still held when entry point 'ReadCompleted' returns}}
}

// Balanced; stored in DriverObject->DriverUnload.
VOID Unload(PDRIVER_OBJECT DriverObject) {
  PDEVICE_EXTENSION Ext = DriverObject->DeviceObject->DeviceExtension;
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  Ext->Pending = 0;
  KeReleaseInStackQueuedSpinLock(&h);
}

// Registered, and also called directly by the driver with no DPC (polling in crash-dump
// mode): the direct call is not inlined, so the routine is still analysed on its own.
VOID PollingDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  PDEVICE_EXTENSION Ext = Context;
  KLOCK_QUEUE_HANDLE h;
  if (Dpc) // expected-note {{Assuming 'Dpc' is non-null}} expected-note {{Taking true branch}}
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Ext->Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLockAtDpcLevel}}
  if (Ext->Pending == 0) // expected-note {{Assuming field 'Pending' is equal to 0}} expected-note {{Taking true branch}}
    return; // expected-warning {{'h' is still held when 'PollingDpc' returns}} expected-note {{'h' is still held when 'PollingDpc' returns}}
  Ext->Pending--;
  if (Dpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
}

BOOLEAN PollForCompletions(PDEVICE_EXTENSION Ext) {
  PollingDpc(NULL, Ext, NULL, NULL);
  return TRUE;
}

// Not handed to the system: a helper may still return holding its caller's lock.
VOID LockForCaller(PDEVICE_EXTENSION Ext) {
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->LockHandle);
}

NTSTATUS SendRead(PDEVICE_OBJECT Lower, PIRP Irp, PDEVICE_EXTENSION Ext) {
  IoCopyCurrentIrpStackLocationToNext(Irp);
  IoSetCompletionRoutine(Irp, ReadCompleted, Ext, TRUE, TRUE, TRUE);
  return IoCallDriver(Lower, Irp);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  PDEVICE_EXTENSION Ext = DriverObject->DeviceObject->DeviceExtension;
  KeInitializeDpc(&Ext->Dpc, CompletionDpc, Ext);
  KeInitializeDpc(&Ext->Dpc, PollingDpc, Ext);
  DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead;
  DriverObject->DriverUnload = Unload;
  return STATUS_SUCCESS;
}
