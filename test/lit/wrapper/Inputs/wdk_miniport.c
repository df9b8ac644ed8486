// A StorPort miniport written against the WDK: only <storport.h>, the WDK's routine types and
// lock API. With mingw-w64's headers alone it does not compile; wdklock's default flags put its
// DDK compatibility headers first, and it does.
#include <storport.h>

typedef struct _ADAPTER {
  ULONG Outstanding;
  STOR_DPC CompletionDpc;
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
