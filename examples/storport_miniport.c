/*
 * A virtual Storport miniport's lock handling, written to show wdk.StorPortSpinLock. It
 * includes <storport.h> as a WDK miniport does; with mingw-w64, wdklock's own storport.h
 * supplies the lock API (clang -isystem include/wdklock/ddk, before mingw-w64's ddk/).
 * The routines marked "SEEDED BUG" are wrong; the others are correct.
 */
#include <storport.h>

#ifndef NULL
#define NULL ((void *)0)
#endif
#define TRUE 1
#define FALSE 0

typedef struct _VMINIPORT_EXTENSION {
  BOOLEAN UseInterruptLock;   /* otherwise the per-message MSI lock */
  ULONG MessageId;
  ULONG MsiOldIrql;
  ULONG Outstanding;
  STOR_LOCK_HANDLE StartIoHandle;
} VMINIPORT_EXTENSION, *PVMINIPORT_EXTENSION;

HW_STARTIO VmStartIo;
HW_BUILDIO VmBuildIo;
HW_DPC_ROUTINE VmCompletionDpc;
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE VmMessageInterrupt;
HW_TIMER VmTimer;

/* storahci's shape: choose the lock by a mode flag, release by re-reading it. Correct. */
static void VmAcquireInterruptLock(PVMINIPORT_EXTENSION Ext, PSTOR_LOCK_HANDLE Handle) {
  if (Ext->UseInterruptLock)
    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, Handle);
  else
    StorPortAcquireMSISpinLock(Ext, Ext->MessageId, &Ext->MsiOldIrql);
}

static void VmReleaseInterruptLock(PVMINIPORT_EXTENSION Ext, PSTOR_LOCK_HANDLE Handle) {
  if (Ext->UseInterruptLock)
    StorPortReleaseSpinLock(Ext, Handle);
  else
    StorPortReleaseMSISpinLock(Ext, Ext->MessageId, Ext->MsiOldIrql);
}

BOOLEAN VmMessageInterrupt(PVOID DeviceExtension, ULONG MessageId) {
  PVMINIPORT_EXTENSION Ext = (PVMINIPORT_EXTENSION)DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  (void)MessageId;
  VmAcquireInterruptLock(Ext, &Handle);
  Ext->Outstanding--;
  VmReleaseInterruptLock(Ext, &Handle);
  return TRUE;
}

/* SEEDED BUG: the error exit returns from the miniport routine holding the StartIo lock. */
BOOLEAN VmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PVMINIPORT_EXTENSION Ext = (PVMINIPORT_EXTENSION)DeviceExtension;
  StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &Ext->StartIoHandle);
  if (Srb == NULL)
    return FALSE;
  Ext->Outstanding++;
  StorPortReleaseSpinLock(Ext, &Ext->StartIoHandle);
  return TRUE;
}

/* SEEDED BUG: the DPC lock is taken twice for the same adapter through two handles. */
void VmCompletionDpc(struct _STOR_DPC *Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2) {
  PVMINIPORT_EXTENSION Ext = (PVMINIPORT_EXTENSION)DeviceExtension;
  STOR_LOCK_HANDLE Outer, Inner;
  (void)Dpc; (void)Arg1; (void)Arg2;
  StorPortNotification(AcquireSpinLock, Ext, DpcLock, NULL, &Outer);
  StorPortAcquireSpinLock(Ext, DpcLock, NULL, &Inner);
  Ext->Outstanding = 0;
  StorPortReleaseSpinLock(Ext, &Inner);
  StorPortNotification(ReleaseSpinLock, Ext, &Outer);
}

/* SEEDED BUG: released twice. */
void VmTimer(PVOID DeviceExtension) {
  PVMINIPORT_EXTENSION Ext = (PVMINIPORT_EXTENSION)DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  StorPortAcquireSpinLock(Ext, DpcLock, NULL, &Handle);
  Ext->Outstanding++;
  StorPortReleaseSpinLock(Ext, &Handle);
  StorPortReleaseSpinLock(Ext, &Handle);
}

/* SEEDED BUG: the handle is released but no path acquired it. */
BOOLEAN VmBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PVMINIPORT_EXTENSION Ext = (PVMINIPORT_EXTENSION)DeviceExtension;
  STOR_LOCK_HANDLE Handle;
  (void)Srb;
  Ext->Outstanding++;
  StorPortReleaseSpinLock(Ext, &Handle);
  return TRUE;
}
