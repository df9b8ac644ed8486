/*
 * storport.h for analysing StorPort miniports against mingw-w64's DDK headers.
 *
 * wdklock puts this directory ahead of mingw-w64's ddk/ in its default flags, so that a
 * miniport written against the WDK (`#include <storport.h>`) compiles for the analysis.
 * mingw-w64's own storport.h cannot be used alone: it needs the types of ntddk.h before its
 * srb.h, and after srb.h it defines SCSI_WMI_REQUEST_BLOCK a second time. It also lacks the
 * StorPort lock API and the miniport routine types. This header includes it with both
 * problems worked around, then adds what is missing, written from the documented WDK
 * declarations. It is for analysis only: it does not make a driver that links.
 */
#ifndef WDKLOCK_DDK_STORPORT_H
#define WDKLOCK_DDK_STORPORT_H

#include <ntddk.h>
#include <srb.h>

/* mingw-w64's storport.h repeats srb.h's SCSI_WMI_REQUEST_BLOCK: give its copy other names. */
#define _SCSI_WMI_REQUEST_BLOCK _WDKLOCK_STORPORT_SCSI_WMI_REQUEST_BLOCK
#define SCSI_WMI_REQUEST_BLOCK WDKLOCK_STORPORT_SCSI_WMI_REQUEST_BLOCK
#define PSCSI_WMI_REQUEST_BLOCK WDKLOCK_STORPORT_PSCSI_WMI_REQUEST_BLOCK
#include_next <storport.h>
#undef _SCSI_WMI_REQUEST_BLOCK
#undef SCSI_WMI_REQUEST_BLOCK
#undef PSCSI_WMI_REQUEST_BLOCK

/* StorPort locks: which lock a handle takes, and the handle itself. */
#include "stor_lock_types.h"

/* The StorPortNotification types after mingw-w64's enumerators (values as in the WDK). */
#define EnablePassiveInitialization ((SCSI_NOTIFICATION_TYPE)0x1000)
#define InitializeDpc ((SCSI_NOTIFICATION_TYPE)0x1001)
#define IssueDpc ((SCSI_NOTIFICATION_TYPE)0x1002)
#define AcquireSpinLock ((SCSI_NOTIFICATION_TYPE)0x1003)
#define ReleaseSpinLock ((SCSI_NOTIFICATION_TYPE)0x1004)

typedef struct _STOR_DPC {
  KDPC Dpc;
  KSPIN_LOCK Lock;
} STOR_DPC, *PSTOR_DPC;

/* Miniport routine types (a routine declared with one is an entry point). */
typedef BOOLEAN HW_INITIALIZE(PVOID DeviceExtension);
typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef BOOLEAN HW_BUILDIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef VOID HW_TIMER(PVOID DeviceExtension);
typedef ULONG HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                              PBOOLEAN Reserved3);
typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(PVOID DeviceExtension,
                                                       SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                       PVOID Parameters);
typedef BOOLEAN HW_PASSIVE_INITIALIZE_ROUTINE(PVOID DeviceExtension);
typedef VOID HW_DPC_ROUTINE(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                            PVOID SystemArgument2);
typedef HW_DPC_ROUTINE *PHW_DPC_ROUTINE;
typedef BOOLEAN HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE(PVOID HwDeviceExtension, ULONG MessageId);

/* The lock and DPC routines, as the WDK defines them: inline wrappers of StorPortNotification. */
FORCEINLINE VOID StorPortAcquireSpinLock(PVOID DeviceExtension, STOR_SPINLOCK SpinLock,
                                         PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle) {
  StorPortNotification(AcquireSpinLock, DeviceExtension, SpinLock, LockContext, LockHandle);
}

FORCEINLINE VOID StorPortReleaseSpinLock(PVOID DeviceExtension, PSTOR_LOCK_HANDLE LockHandle) {
  StorPortNotification(ReleaseSpinLock, DeviceExtension, LockHandle);
}

FORCEINLINE VOID StorPortInitializeDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                       PHW_DPC_ROUTINE HwDpcRoutine) {
  StorPortNotification(InitializeDpc, DeviceExtension, Dpc, HwDpcRoutine);
}

FORCEINLINE BOOLEAN StorPortIssueDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                     PVOID SystemArgument1, PVOID SystemArgument2) {
  StorPortNotification(IssueDpc, DeviceExtension, Dpc, SystemArgument1, SystemArgument2);
  return TRUE;
}

/* Per-message MSI locks. */
ULONG NTAPI StorPortAcquireMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                       PULONG OldIrql);
ULONG NTAPI StorPortReleaseMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                       ULONG OldIrql);

#endif
