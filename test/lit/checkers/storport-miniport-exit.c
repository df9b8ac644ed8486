// wdk.StorPortSpinLock: no StorPort lock may be held when a miniport routine (a function
// declared with an HW_* role type) returns; the storahci-style correlated helpers stay silent.
// RUN: %analyze -I %testinc %s

#include "storport_locks.h"

typedef struct _AHCI_ADAPTER {
  BOOLEAN UseInterruptLock; /* otherwise: the per-message MSI lock */
  ULONG MessageId;
  ULONG OldIrql;
  STOR_LOCK_HANDLE Handle;
  ULONG Outstanding;
} AHCI_ADAPTER, *PAHCI_ADAPTER;

HW_STARTIO StartIoKeepsLock;
BOOLEAN StartIoKeepsLock(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  StorPortAcquireSpinLock(Adapter, InterruptLock, 0, &Adapter->Handle); // expected-note {{'DeviceExtension->Handle' acquired here by StorPortAcquireSpinLock}}
  Adapter->Outstanding++;
  return 1; // expected-warning {{'DeviceExtension->Handle' is still held when entry point 'StartIoKeepsLock' returns}} expected-note {{'DeviceExtension->Handle' is still held when entry point 'StartIoKeepsLock' returns}}
}

HW_DPC_ROUTINE CompletionDpcKeepsDpcLock;
void CompletionDpcKeepsDpcLock(struct _STOR_DPC *Dpc, PVOID HwDeviceExtension, PVOID A1, PVOID A2) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)HwDeviceExtension;
  StorPortAcquireSpinLock(Adapter, DpcLock, 0, &Adapter->Handle); // expected-note {{'HwDeviceExtension->Handle' acquired here by StorPortAcquireSpinLock}}
  if (Adapter->Outstanding == 0) // expected-note {{Assuming field 'Outstanding' is equal to 0}} expected-note {{Taking true branch}}
    return; // expected-warning {{'HwDeviceExtension->Handle' is still held when entry point 'CompletionDpcKeepsDpcLock' returns}} expected-note {{'HwDeviceExtension->Handle' is still held when entry point 'CompletionDpcKeepsDpcLock' returns}}
  Adapter->Outstanding--;
  StorPortReleaseSpinLock(Adapter, &Adapter->Handle);
}

HW_INTERRUPT InterruptKeepsLock;
BOOLEAN InterruptKeepsLock(PVOID DeviceExtension) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  StorPortNotification(AcquireSpinLock, Adapter, DpcLock, 0, &Adapter->Handle); // expected-note {{'DeviceExtension->Handle' acquired here by StorPortNotification(AcquireSpinLock)}}
  return 1; // expected-warning {{'DeviceExtension->Handle' is still held when entry point 'InterruptKeepsLock' returns}} expected-note {{'DeviceExtension->Handle' is still held when entry point 'InterruptKeepsLock' returns}}
}

HW_BUILDIO BuildIoKeepsLock;
BOOLEAN BuildIoKeepsLock(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  StorPortAcquireSpinLock(Adapter, StartIoLock, 0, &Adapter->Handle); // expected-note {{'DeviceExtension->Handle' acquired here by StorPortAcquireSpinLock}}
  return 1; // expected-warning {{'DeviceExtension->Handle' is still held when entry point 'BuildIoKeepsLock' returns}} expected-note {{'DeviceExtension->Handle' is still held when entry point 'BuildIoKeepsLock' returns}}
}

HW_TIMER TimerKeepsLock;
void TimerKeepsLock(PVOID DeviceExtension) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  StorPortAcquireSpinLock(Adapter, StartIoLock, 0, &Adapter->Handle); // expected-note {{'DeviceExtension->Handle' acquired here by StorPortAcquireSpinLock}}
} // expected-warning {{'DeviceExtension->Handle' is still held when entry point 'TimerKeepsLock' returns}} expected-note {{'DeviceExtension->Handle' is still held when entry point 'TimerKeepsLock' returns}}

HW_RESET_BUS ResetBusKeepsLock;
BOOLEAN ResetBusKeepsLock(PVOID DeviceExtension, ULONG PathId) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  StorPortAcquireSpinLock(Adapter, StartIoLock, 0, &Adapter->Handle); // expected-note {{'DeviceExtension->Handle' acquired here by StorPortAcquireSpinLock}}
  return 1; // expected-warning {{'DeviceExtension->Handle' is still held when entry point 'ResetBusKeepsLock' returns}} expected-note {{'DeviceExtension->Handle' is still held when entry point 'ResetBusKeepsLock' returns}}
}

// storahci: one helper takes the interrupt lock or the MSI lock by a mode flag in the
// adapter extension; the other re-reads the flag to pick the release. Correct, and silent.
static void AcquireInterruptOrMsiLock(PAHCI_ADAPTER Adapter, PSTOR_LOCK_HANDLE Handle) {
  if (Adapter->UseInterruptLock)
    StorPortAcquireSpinLock(Adapter, InterruptLock, 0, Handle);
  else
    StorPortAcquireMSISpinLock(Adapter, Adapter->MessageId, &Adapter->OldIrql);
}

static void ReleaseInterruptOrMsiLock(PAHCI_ADAPTER Adapter, PSTOR_LOCK_HANDLE Handle) {
  if (Adapter->UseInterruptLock)
    StorPortReleaseSpinLock(Adapter, Handle);
  else
    StorPortReleaseMSISpinLock(Adapter, Adapter->MessageId, Adapter->OldIrql);
}

HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE MessageInterrupt;
BOOLEAN MessageInterrupt(PVOID HwDeviceExtension, ULONG MessageId) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)HwDeviceExtension;
  STOR_LOCK_HANDLE h;
  AcquireInterruptOrMsiLock(Adapter, &h);
  Adapter->Outstanding--;
  ReleaseInterruptOrMsiLock(Adapter, &h);
  return 1;
}

HW_STARTIO StartIoBalanced;
BOOLEAN StartIoBalanced(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PAHCI_ADAPTER Adapter = (PAHCI_ADAPTER)DeviceExtension;
  STOR_LOCK_HANDLE h;
  StorPortAcquireSpinLock(Adapter, InterruptLock, 0, &h);
  Adapter->Outstanding++;
  StorPortReleaseSpinLock(Adapter, &h);
  return 1;
}

// Not a miniport routine: a helper may return holding its caller's lock.
void HelperHoldsForCaller(PAHCI_ADAPTER Adapter) {
  StorPortAcquireSpinLock(Adapter, StartIoLock, 0, &Adapter->Handle);
}

// A DPC routine also called directly by the interrupt routine, with no DPC (crash-dump polling).
// The direct call is not inlined, so the DPC routine is analysed on its own as an entry point;
// inlined, it was only analysed where the lock is never taken and the leak went unreported.
// (A leak missed on the OpenFabrics nvmewin IoCompletionRoutine, called by NVMeIsrMsix.)
typedef struct _NVME_ADAPTER { BOOLEAN DumpMode; ULONG Pending; } NVME_ADAPTER;
BOOLEAN CompleteOne(NVME_ADAPTER *Adapter);

HW_DPC_ROUTINE CompletionDpcAlsoPolled;
void CompletionDpcAlsoPolled(struct _STOR_DPC *Dpc, PVOID HwDeviceExtension, PVOID A1, PVOID A2) {
  NVME_ADAPTER *Adapter = HwDeviceExtension;
  STOR_LOCK_HANDLE h;
  if (Dpc) // expected-note {{Assuming 'Dpc' is non-null}} expected-note {{Taking true branch}}
    StorPortAcquireSpinLock(Adapter, DpcLock, Dpc, &h); // expected-note {{'h' acquired here by StorPortAcquireSpinLock}}
  while (Adapter->Pending) { // expected-note {{Loop condition is true.  Entering loop body}}
    if (!CompleteOne(Adapter)) // expected-note {{Assuming the condition is true}} expected-note {{Taking true branch}}
      return; // expected-warning {{'h' is still held when 'CompletionDpcAlsoPolled' returns}} expected-note {{'h' is still held when 'CompletionDpcAlsoPolled' returns}}
    Adapter->Pending--;
  }
  if (Dpc)
    StorPortReleaseSpinLock(Adapter, &h);
}

HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE PollingInterrupt;
BOOLEAN PollingInterrupt(PVOID HwDeviceExtension, ULONG MessageId) {
  NVME_ADAPTER *Adapter = HwDeviceExtension;
  if (!Adapter->DumpMode)
    return 0;
  CompletionDpcAlsoPolled(0, HwDeviceExtension, 0, 0);
  return 1;
}
