// StorPort routines other than the lock routines never write the miniport's device extension:
// StorPort only uses it to find the adapter. The checker evaluates them so that the extension
// keeps its contents (everything else they are given is invalidated as usual). storahci chooses
// the interrupt lock or the per-message MSI lock by a flag in the extension and re-reads the
// flag to release; a StorPortNotification(RequestComplete, ...) in between used to make the
// flag unknown, and the release took the other lock: a handle "never acquired" and a leak. A
// false alarm found on storahci's AhciHwStartIo.
//
// And while a StorPort lock is held, a call of the miniport's own code that the analysis
// cannot see (defined in another file) keeps the locked extension's contents, and those of the
// object its address was read from: the configuration that chose a lock stays as it was while
// the lock is held. storahci reads the flag again through Channel->AdapterExtension and calls
// its own routines with the channel in between (false alarms on storahci's ActivateQueue and
// PortBusChangeProcess).
// RUN: %analyze -isystem %srcroot/include/wdklock/ddk %ddk %s

#include <storport.h>

typedef struct _ADAPTER {
  BOOLEAN MessagePerPort;
  ULONG Outstanding;
  ULONG Mode;
  ULONG QueueDepth;
  STOR_LOCK_HANDLE StartIoHandle;
} ADAPTER, *PADAPTER;

typedef struct _CHANNEL {
  PADAPTER AdapterExtension;
  ULONG PortNumber;
  ULONG Issued;
} CHANNEL, *PCHANNEL;

void RecordHistory(PCHANNEL Channel, ULONG Event); // defined in another file
void ProgramRegisters(PADAPTER Adapter);           // defined in another file

static void PortLock(PADAPTER Adapter, ULONG MessageId, PSTOR_LOCK_HANDLE Handle) {
  if (Adapter->MessagePerPort) {
    ULONG OldIrql;
    StorPortAcquireMSISpinLock(Adapter, MessageId, &OldIrql);
    Handle->Context.OldIrql = (UCHAR)OldIrql;
  } else {
    StorPortAcquireSpinLock(Adapter, InterruptLock, NULL, Handle);
  }
}

static void PortUnlock(PADAPTER Adapter, ULONG MessageId, PSTOR_LOCK_HANDLE Handle) {
  if (Adapter->MessagePerPort)
    StorPortReleaseMSISpinLock(Adapter, MessageId, Handle->Context.OldIrql);
  else
    StorPortReleaseSpinLock(Adapter, Handle);
}

HW_STARTIO CompleteUnderPortLock;
BOOLEAN CompleteUnderPortLock(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PADAPTER Adapter = DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  PortLock(Adapter, 0, &Handle);
  Adapter->Outstanding--;
  StorPortNotification(RequestComplete, Adapter, Srb);
  PortUnlock(Adapter, 0, &Handle);
  return TRUE;
}

// The extension keeps its handles too: one left held across a StorPort call is still found.
HW_STARTIO LeaveStartIoHandleHeld;
BOOLEAN LeaveStartIoHandleHeld(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PADAPTER Adapter = DeviceExtension;
  StorPortAcquireSpinLock(Adapter, StartIoLock, NULL, &Adapter->StartIoHandle); // expected-note {{'DeviceExtension->StartIoHandle' acquired here by StorPortAcquireSpinLock}}
  StorPortNotification(RequestComplete, Adapter, Srb);
  return TRUE; // expected-warning {{'DeviceExtension->StartIoHandle' is still held when entry point 'LeaveStartIoHandleHeld' returns}} expected-note {{'DeviceExtension->StartIoHandle' is still held when entry point 'LeaveStartIoHandleHeld' returns}}
}

// What the routines are given besides the extension is invalidated as before: a flag in the
// SRB read before and after the call is not assumed unchanged.
BOOLEAN SrbFlagIsFresh(PADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb) {
  STOR_LOCK_HANDLE Handle;
  UCHAR Before = Srb->SrbStatus;
  StorPortNotification(RequestComplete, Adapter, Srb);
  if (Srb->SrbStatus != Before) // expected-note {{Assuming 'Before' is not equal to field 'SrbStatus'}} expected-note {{Taking true branch}}
    StorPortReleaseSpinLock(Adapter, &Handle); // expected-warning {{'Handle' is released by StorPortReleaseSpinLock but was never acquired on this path}} expected-note {{'Handle' is released by StorPortReleaseSpinLock but was never acquired on this path}}
  return TRUE;
}

// Calls of the driver's own code under a StorPort lock.
void ProgramUnderPortLock(PADAPTER Adapter) {
  STOR_LOCK_HANDLE Handle;
  PortLock(Adapter, 1, &Handle);
  ProgramRegisters(Adapter);
  PortUnlock(Adapter, 1, &Handle);
}

// storahci's shape: the adapter is reached through the channel, and the channel is what the
// hidden routine is given.
void ActivateUnderPortLock(PCHANNEL Channel) {
  STOR_LOCK_HANDLE Handle;
  PortLock(Channel->AdapterExtension, Channel->PortNumber, &Handle);
  Channel->Issued++;
  RecordHistory(Channel, 0x22);
  PortUnlock(Channel->AdapterExtension, Channel->PortNumber, &Handle);
}

// A value read under the lock is kept across the hidden call ...
void KeptUnderLock(PADAPTER Adapter) {
  STOR_LOCK_HANDLE Handle, Other;
  StorPortAcquireSpinLock(Adapter, StartIoLock, NULL, &Handle);
  ULONG Before = Adapter->Mode;
  ProgramRegisters(Adapter);
  if (Adapter->Mode != Before)
    StorPortReleaseSpinLock(Adapter, &Other); // not reached: Mode is kept
  StorPortReleaseSpinLock(Adapter, &Handle);
}

// ... and only under a lock: without one, the hidden call may change it, as before.
void FreshWithoutALock(PADAPTER Adapter) {
  STOR_LOCK_HANDLE Other;
  ULONG Before = Adapter->Mode;
  ProgramRegisters(Adapter);
  if (Adapter->Mode != Before) // expected-note {{Assuming 'Before' is not equal to field 'Mode'}} expected-note {{Taking true branch}}
    StorPortReleaseSpinLock(Adapter, &Other); // expected-warning {{'Other' is released by StorPortReleaseSpinLock but was never acquired on this path}} expected-note {{'Other' is released by StorPortReleaseSpinLock but was never acquired on this path}}
}

// A release helper that tests another condition than the acquire helper is still a bug
// (virtio's viostor had one): with MessagePerPort clear and QueueDepth above 1, the interrupt
// lock is taken and only the MSI lock is "released".
static void QueueUnlock(PADAPTER Adapter, ULONG MessageId, PSTOR_LOCK_HANDLE Handle) {
  if (Adapter->QueueDepth > 1)
    StorPortReleaseMSISpinLock(Adapter, MessageId, Handle->Context.OldIrql);
}

void MismatchedHelpers(PADAPTER Adapter) {
  STOR_LOCK_HANDLE Handle;
  PortLock(Adapter, 1, &Handle); // expected-note {{Calling 'PortLock'}} expected-note {{Returning from 'PortLock'}}
  ProgramRegisters(Adapter);
  QueueUnlock(Adapter, 1, &Handle);
} // expected-warning {{'Handle' is still held when 'MismatchedHelpers' returns}} expected-note {{'Handle' is still held when 'MismatchedHelpers' returns}}
// expected-note@37 {{Assuming field 'MessagePerPort' is 0}}
// expected-note@37 {{Taking false branch}}
// expected-note@42 {{'Handle' acquired here by StorPortAcquireSpinLock}}
// expected-note@44 {{Returning from 'PortLock' with 'Handle' held}}

// A completion routine called through a pointer while the lock is held: the engine forgets
// the adapter, and the release's re-read of the flag could come out the other way. Dropped:
// the only change in between is a call the analysis cannot see into. (False alarms found on
// the OpenFabrics nvmewin IoCompletionDpcRoutine: one DpcLock "leak", one MSI release.)
typedef BOOLEAN (*PCOMPLETION_ROUTINE)(PVOID DeviceExtension, PVOID SrbExtension);
typedef struct _SRB_EXT { PCOMPLETION_ROUTINE Complete; } SRB_EXT, *PSRB_EXT;

HW_DPC_ROUTINE CompletionDpc;
VOID CompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2) {
  PADAPTER Adapter = DeviceExtension;
  PSRB_EXT SrbExt = Arg2;
  ULONG MessageId = PtrToUlong(Arg1);
  ULONG OldIrql = 0;
  STOR_LOCK_HANDLE h = {0};
  if (Adapter->Mode == 1)
    StorPortAcquireSpinLock(Adapter, DpcLock, Dpc, &h);
  else
    StorPortAcquireMSISpinLock(Adapter, MessageId, &OldIrql);
  if (SrbExt->Complete(Adapter, SrbExt))
    Adapter->Outstanding--;
  if (Adapter->Mode == 1)
    StorPortReleaseSpinLock(Adapter, &h);
  else
    StorPortReleaseMSISpinLock(Adapter, MessageId, OldIrql);
}

// The same DPC over every completion queue, with the completion routine called through a
// pointer once per entry: each call forgets the adapter, so the paths that retest the flag
// multiply and merge. The search for a path to the release that needs no flip has to look
// through all of them before it drops the finding (nvmewin's IoCompletionDpcRoutine, whose
// graph took 23,000 steps; the search used to give up at 20,000 and keep both findings).
typedef struct _QUEUE { ULONG Head; ULONG Tail; BOOLEAN Shared; PSRB_EXT Pending[4]; } QUEUE;
typedef struct _NVME { ULONG Mode; ULONG Queues; QUEUE Queue[4]; ULONG Completed; } NVME;

HW_DPC_ROUTINE CompletionDpcAllQueues;
VOID CompletionDpcAllQueues(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2) {
  NVME *Nvme = DeviceExtension;
  ULONG MessageId = PtrToUlong(Arg1);
  ULONG OldIrql = 0;
  STOR_LOCK_HANDLE h = {0};
  if (Nvme->Mode == 1)
    StorPortAcquireSpinLock(Nvme, DpcLock, Dpc, &h);
  else
    StorPortAcquireMSISpinLock(Nvme, MessageId, &OldIrql);
  for (ULONG q = Nvme->Queue[0].Shared ? 0 : MessageId; q < Nvme->Queues; q++) {
    QUEUE *Queue = &Nvme->Queue[q & 3];
    while (Queue->Head != Queue->Tail) {
      PSRB_EXT SrbExt = Queue->Pending[Queue->Head & 3];
      if (Nvme->Mode == 1 && Queue->Shared)
        Nvme->Completed++;
      if (Queue->Tail - Queue->Head > 2)
        Queue->Shared = FALSE;
      if (SrbExt && SrbExt->Complete && SrbExt->Complete(Nvme, SrbExt))
        Nvme->Completed++;
      Queue->Head++;
    }
  }
  if (Nvme->Mode == 1)
    StorPortReleaseSpinLock(Nvme, &h);
  else
    StorPortReleaseMSISpinLock(Nvme, MessageId, OldIrql);
}
