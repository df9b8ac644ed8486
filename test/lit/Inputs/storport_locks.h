/* The StorPort lock API for tests. mingw-w64's storport.h lacks it, so this header is
 * written from the documented WDK declarations (storport.h): the STOR_SPINLOCK values and the
 * STOR_LOCK_HANDLE layout (shared with wdklock's own storport.h), the notification enumerators
 * and the FORCEINLINE wrappers.
 * Define STOR_NO_INLINE_BODIES to get plain declarations instead of the inline wrappers. */
#ifndef WDKLOCK_TEST_STORPORT_LOCKS_H
#define WDKLOCK_TEST_STORPORT_LOCKS_H

typedef void *PVOID;
typedef unsigned long ULONG, *PULONG;
typedef unsigned char UCHAR, BOOLEAN;

#include "../../../include/wdklock/ddk/stor_lock_types.h"

typedef enum _SCSI_NOTIFICATION_TYPE {
  RequestComplete,
  NextRequest,
  NextLuRequest,
  ResetDetected,
  CallDisableInterrupts,
  CallEnableInterrupts,
  RequestTimerCall,
  BusChangeDetected,
  WMIEvent,
  WMIReregister,
  LinkUp,
  LinkDown,
  QueryTickCount,
  BufferOverrunDetected,
  TraceNotification,
  GetExtendedFunctionTable,
  EnablePassiveInitialization = 0x1000,
  InitializeDpc,
  IssueDpc,
  AcquireSpinLock,
  ReleaseSpinLock
} SCSI_NOTIFICATION_TYPE;

ULONG StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...);

#ifdef STOR_NO_INLINE_BODIES
void StorPortAcquireSpinLock(PVOID DeviceExtension, STOR_SPINLOCK SpinLock, PVOID LockContext,
                             PSTOR_LOCK_HANDLE LockHandle);
void StorPortReleaseSpinLock(PVOID DeviceExtension, PSTOR_LOCK_HANDLE LockHandle);
#else
static __inline void StorPortAcquireSpinLock(PVOID DeviceExtension, STOR_SPINLOCK SpinLock,
                                             PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle) {
  StorPortNotification(AcquireSpinLock, DeviceExtension, SpinLock, LockContext, LockHandle);
}
static __inline void StorPortReleaseSpinLock(PVOID DeviceExtension, PSTOR_LOCK_HANDLE LockHandle) {
  StorPortNotification(ReleaseSpinLock, DeviceExtension, LockHandle);
}
#endif

ULONG StorPortAcquireMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId, PULONG OldIrql);
ULONG StorPortReleaseMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId, ULONG OldIrql);

/* Miniport routine role types. */
typedef struct _SCSI_REQUEST_BLOCK *PSCSI_REQUEST_BLOCK;
struct _STOR_DPC;
typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef BOOLEAN HW_BUILDIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef void HW_DPC_ROUTINE(struct _STOR_DPC *Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                            PVOID SystemArgument2);
typedef void HW_TIMER(PVOID DeviceExtension);
typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef BOOLEAN HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE(PVOID HwDeviceExtension, ULONG MessageId);

#endif
