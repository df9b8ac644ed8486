// StorPort routines other than the lock routines never write the miniport's device extension:
// StorPort only uses it to find the adapter. The checker evaluates them so that the extension
// keeps its contents (everything else they are given is invalidated as usual). storahci chooses
// the interrupt lock or the per-message MSI lock by a flag in the extension and re-reads the
// flag to release; a StorPortNotification(RequestComplete, ...) in between used to make the
// flag unknown, and the release took the other lock: a handle "never acquired" and a leak. A
// false alarm found on storahci's AhciHwStartIo.
// RUN: %analyze -isystem %srcroot/include/wdklock/ddk %ddk %s

#include <storport.h>

typedef struct _ADAPTER {
  BOOLEAN MessagePerPort;
  ULONG Outstanding;
  STOR_LOCK_HANDLE StartIoHandle;
} ADAPTER, *PADAPTER;

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
