// A StorPort miniport written against the WDK: only <storport.h>, the WDK's routine types and
// lock API. With mingw-w64's headers alone it does not compile; wdklock's default flags put its
// DDK compatibility headers first, and it does.
#include <storport.h>

typedef struct _ADAPTER {
  ULONG Outstanding;
  STOR_DPC CompletionDpc;
  STOR_LOCK_HANDLE ResetHandle;
} ADAPTER, *PADAPTER;

HW_STARTIO AdapterStartIo;
HW_DPC_ROUTINE AdapterCompletionDpc;
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE AdapterMsi;

BOOLEAN AdapterStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PADAPTER Adapter = DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  StorPortAcquireSpinLock(Adapter, StartIoLock, NULL, &Handle);
  if (Adapter->Outstanding > 64)
    return FALSE; // the handle is still held
  Adapter->Outstanding++;
  StorPortReleaseSpinLock(Adapter, &Handle);
  StorPortNotification(RequestComplete, Adapter, Srb);
  return TRUE;
}

VOID AdapterCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2) {
  PADAPTER Adapter = DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  StorPortAcquireSpinLock(Adapter, DpcLock, Dpc, &Handle);
  Adapter->Outstanding--;
  StorPortReleaseSpinLock(Adapter, &Handle);
}

BOOLEAN AdapterMsi(PVOID DeviceExtension, ULONG MessageId) {
  PADAPTER Adapter = DeviceExtension;
  ULONG OldIrql;
  StorPortAcquireMSISpinLock(Adapter, MessageId, &OldIrql);
  StorPortIssueDpc(Adapter, &Adapter->CompletionDpc, NULL, NULL);
  StorPortReleaseMSISpinLock(Adapter, MessageId, OldIrql);
  return TRUE;
}

// Newer StorPort routines and the WDK's register accessors (HwDeviceExtension first), used
// under the interrupt lock: correct.
typedef struct _REGS { ULONG Control; ULONG Status; } REGS, *PREGS;
HW_TIMER_EX AdapterTimer;
VOID AdapterTimer(PVOID DeviceExtension, PVOID Context) {}


HW_BUILDIO AdapterBuildIo;
BOOLEAN AdapterBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PADAPTER Adapter = DeviceExtension;
  PREGS Regs = (PREGS)Srb->DataBuffer;
  STARTIO_PERFORMANCE_PARAMETERS Perf = {0};
  PVOID Timer = NULL;
  STOR_LOCK_HANDLE Handle;
  ULONG Status;
  StorPortAcquireSpinLock(Adapter, InterruptLock, NULL, &Handle);
  Status = StorPortReadRegisterUlong(Adapter, &Regs->Status);
  StorPortWriteRegisterUlong(Adapter, &Regs->Control, Status | 1);
  if (StorPortGetStartIoPerfParams(Adapter, Srb, &Perf) == STOR_STATUS_SUCCESS &&
      StorPortInitializeTimer(Adapter, &Timer) == STOR_STATUS_SUCCESS)
    StorPortRequestTimer(Adapter, Timer, AdapterTimer, NULL, 1000, 0);
  StorPortReleaseSpinLock(Adapter, &Handle);
  return TRUE;
}

/* Pool, work items, the processor number and queue depth (WDK 8 routines). */
HW_WORKITEM AdapterWorker;
VOID AdapterWorker(PVOID HwDeviceExtension, PVOID Context, PVOID Worker) {
  PADAPTER Adapter = HwDeviceExtension;
  PROCESSOR_NUMBER Processor;
  PVOID Copy = NULL;
  STOR_LOCK_HANDLE Handle;
  StorPortAcquireSpinLock(Adapter, DpcLock, NULL, &Handle);
  if (StorPortGetCurrentProcessorNumber(Adapter, &Processor) == STOR_STATUS_SUCCESS &&
      StorPortAllocatePool(Adapter, sizeof(REGS), 'kcoL', &Copy) == STOR_STATUS_SUCCESS) {
    StorPortCopyMemory(Copy, Context, sizeof(REGS));
    StorPortFreePool(Adapter, Copy);
  }
  StorPortSetDeviceQueueDepth(Adapter, 0, 0, 0, 32);
  StorPortReleaseSpinLock(Adapter, &Handle);
  StorPortFreeWorker(Adapter, Worker);
}

VOID QueueAdapterWork(PADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb) {
  PVOID Worker = NULL, Buffer = NULL;
  if (StorPortGetSystemAddress(Adapter, Srb, &Buffer) == STOR_STATUS_SUCCESS &&
      StorPortInitializeWorker(Adapter, &Worker) == STOR_STATUS_SUCCESS)
    StorPortQueueWorkItem(Adapter, AdapterWorker, Worker, Buffer);
}

// Declared without a role type, but DriverEntry registers it as the HwResetBus routine of
// StorPort's HW_INITIALIZATION_DATA: a miniport routine all the same.
BOOLEAN AdapterResetBus(PVOID DeviceExtension, ULONG PathId) {
  PADAPTER Adapter = DeviceExtension;
  StorPortAcquireSpinLock(Adapter, InterruptLock, NULL, &Adapter->ResetHandle);
  if (PathId != 0)
    return FALSE; // the handle is still held
  Adapter->Outstanding = 0;
  StorPortReleaseSpinLock(Adapter, &Adapter->ResetHandle);
  return TRUE;
}

// StorPort's HW_INITIALIZATION_DATA, with HwBuildIo and the fields after it.
sp_DRIVER_INITIALIZE DriverEntry;
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
  HW_INITIALIZATION_DATA Init = {0};
  Init.HwInitializationDataSize = sizeof(Init);
  Init.AdapterInterfaceType = PCIBus;
  Init.HwStartIo = AdapterStartIo;
  Init.HwBuildIo = AdapterBuildIo;
  Init.HwResetBus = AdapterResetBus;
  Init.DeviceExtensionSize = sizeof(ADAPTER);
  Init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
  Init.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
  return StorPortInitialize(DriverObject, RegistryPath, &Init, NULL);
}
