/*
 * storport.h for analysing StorPort miniports against mingw-w64's DDK headers.
 *
 * wdklock puts this directory ahead of mingw-w64's ddk/ in its default flags, so that a
 * miniport written against the WDK (`#include <storport.h>`) compiles for the analysis.
 * mingw-w64's own storport.h cannot be used alone: it needs the types of ntddk.h before its
 * srb.h, and after srb.h it defines SCSI_WMI_REQUEST_BLOCK a second time; its register and
 * port accessors have ScsiPort's shape (no HwDeviceExtension argument). It also lacks the
 * StorPort lock API, the miniport routine types and newer routines. This header includes it
 * with these problems worked around, then adds what is missing, written from the documented
 * WDK declarations. It is for analysis only: it does not make a driver that links.
 */
#ifndef WDKLOCK_DDK_STORPORT_H
#define WDKLOCK_DDK_STORPORT_H

#include <ntddk.h>
/* srb.h's HW_INITIALIZATION_DATA is ScsiPort's, without StorPort's HwBuildIo and later
   fields: it is declared under other names, and StorPort's below (with StorPortInitialize). */
#define _HW_INITIALIZATION_DATA _WDKLOCK_SCSIPORT_HW_INITIALIZATION_DATA
#define HW_INITIALIZATION_DATA WDKLOCK_SCSIPORT_HW_INITIALIZATION_DATA
#define PHW_INITIALIZATION_DATA WDKLOCK_SCSIPORT_PHW_INITIALIZATION_DATA
#define StorPortInitialize WdklockMingw_StorPortInitialize
#include <srb.h>

/* mingw-w64's storport.h repeats srb.h's SCSI_WMI_REQUEST_BLOCK: give its copy other names. */
#define _SCSI_WMI_REQUEST_BLOCK _WDKLOCK_STORPORT_SCSI_WMI_REQUEST_BLOCK
#define SCSI_WMI_REQUEST_BLOCK WDKLOCK_STORPORT_SCSI_WMI_REQUEST_BLOCK
#define PSCSI_WMI_REQUEST_BLOCK WDKLOCK_STORPORT_PSCSI_WMI_REQUEST_BLOCK
/* Its register and port accessors lack the WDK's first argument: they are declared under other
   names, and the WDK's forms below. */
#define StorPortReadPortUchar WdklockMingw_StorPortReadPortUchar
#define StorPortReadPortUshort WdklockMingw_StorPortReadPortUshort
#define StorPortReadPortUlong WdklockMingw_StorPortReadPortUlong
#define StorPortReadRegisterUchar WdklockMingw_StorPortReadRegisterUchar
#define StorPortReadRegisterUshort WdklockMingw_StorPortReadRegisterUshort
#define StorPortReadRegisterUlong WdklockMingw_StorPortReadRegisterUlong
#define StorPortWritePortUchar WdklockMingw_StorPortWritePortUchar
#define StorPortWritePortUshort WdklockMingw_StorPortWritePortUshort
#define StorPortWritePortUlong WdklockMingw_StorPortWritePortUlong
#define StorPortWriteRegisterUchar WdklockMingw_StorPortWriteRegisterUchar
#define StorPortWriteRegisterUshort WdklockMingw_StorPortWriteRegisterUshort
#define StorPortWriteRegisterUlong WdklockMingw_StorPortWriteRegisterUlong
#include_next <storport.h>
#undef _SCSI_WMI_REQUEST_BLOCK
#undef SCSI_WMI_REQUEST_BLOCK
#undef PSCSI_WMI_REQUEST_BLOCK
#undef StorPortReadPortUchar
#undef StorPortReadPortUshort
#undef StorPortReadPortUlong
#undef StorPortReadRegisterUchar
#undef StorPortReadRegisterUshort
#undef StorPortReadRegisterUlong
#undef StorPortWritePortUchar
#undef StorPortWritePortUshort
#undef StorPortWritePortUlong
#undef StorPortWriteRegisterUchar
#undef StorPortWriteRegisterUshort
#undef StorPortWriteRegisterUlong
#undef _HW_INITIALIZATION_DATA
#undef HW_INITIALIZATION_DATA
#undef PHW_INITIALIZATION_DATA
#undef StorPortInitialize

UCHAR NTAPI StorPortReadPortUchar(PVOID HwDeviceExtension, PUCHAR Port);
USHORT NTAPI StorPortReadPortUshort(PVOID HwDeviceExtension, PUSHORT Port);
ULONG NTAPI StorPortReadPortUlong(PVOID HwDeviceExtension, PULONG Port);
UCHAR NTAPI StorPortReadRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register);
USHORT NTAPI StorPortReadRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register);
ULONG NTAPI StorPortReadRegisterUlong(PVOID HwDeviceExtension, PULONG Register);
VOID NTAPI StorPortWritePortUchar(PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value);
VOID NTAPI StorPortWritePortUshort(PVOID HwDeviceExtension, PUSHORT Port, USHORT Value);
VOID NTAPI StorPortWritePortUlong(PVOID HwDeviceExtension, PULONG Port, ULONG Value);
VOID NTAPI StorPortWriteRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register, UCHAR Value);
VOID NTAPI StorPortWriteRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register, USHORT Value);
VOID NTAPI StorPortWriteRegisterUlong(PVOID HwDeviceExtension, PULONG Register, ULONG Value);

/* Status codes of the newer routines. */
#define STOR_STATUS_SUCCESS 0x00000000UL
#define STOR_STATUS_UNSUCCESSFUL 0xC1000001UL
#define STOR_STATUS_NOT_IMPLEMENTED 0xC1000002UL
#define STOR_STATUS_INSUFFICIENT_RESOURCES 0xC1000003UL
#define STOR_STATUS_BUFFER_TOO_SMALL 0xC1000004UL
#define STOR_STATUS_ACCESS_DENIED 0xC1000005UL
#define STOR_STATUS_INVALID_PARAMETER 0xC1000006UL
#define STOR_STATUS_BUSY 0xC100000CUL

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
typedef VOID HW_TIMER_EX(PVOID DeviceExtension, PVOID Context);
typedef HW_TIMER_EX *PHW_TIMER_EX;
typedef VOID HW_TRACING_ENABLED(PVOID HwDeviceExtension, BOOLEAN Enabled);
typedef ULONG sp_DRIVER_INITIALIZE(PVOID DriverObject, PVOID RegistryPath);

typedef HW_BUILDIO *PHW_BUILDIO;
typedef HW_TRACING_ENABLED *PHW_TRACING_ENABLED;
typedef VOID HW_FREE_ADAPTER_RESOURCES(PVOID DeviceExtension);
typedef HW_FREE_ADAPTER_RESOURCES *PHW_FREE_ADAPTER_RESOURCES;
typedef VOID HW_PROCESS_SERVICE_REQUEST(PVOID DeviceExtension, PVOID Irp);
typedef HW_PROCESS_SERVICE_REQUEST *PHW_PROCESS_SERVICE_REQUEST;
typedef VOID HW_COMPLETE_SERVICE_IRP(PVOID DeviceExtension);
typedef HW_COMPLETE_SERVICE_IRP *PHW_COMPLETE_SERVICE_IRP;
typedef VOID HW_INITIALIZE_TRACING(PVOID Arg1, PVOID Arg2);
typedef HW_INITIALIZE_TRACING *PHW_INITIALIZE_TRACING;
typedef VOID HW_CLEANUP_TRACING(PVOID Arg1);
typedef HW_CLEANUP_TRACING *PHW_CLEANUP_TRACING;

typedef enum _SCSI_UNIT_CONTROL_TYPE {
  ScsiQuerySupportedUnitControlTypes = 0,
  ScsiUnitUsage,
  ScsiUnitStart,
  ScsiUnitPower,
  ScsiUnitPoFxPowerInfo,
  ScsiUnitPoFxPowerRequired,
  ScsiUnitPoFxPowerActive,
  ScsiUnitPoFxPowerSetFState,
  ScsiUnitPoFxPowerControl,
  ScsiUnitRemove,
  ScsiUnitSurpriseRemoval,
  ScsiUnitRichDescription,
  ScsiUnitQueryBusType,
  ScsiUnitQueryFruId,
  ScsiUnitReportInternalData,
  ScsiUnitControlMax
} SCSI_UNIT_CONTROL_TYPE, *PSCSI_UNIT_CONTROL_TYPE;
typedef enum _SCSI_UNIT_CONTROL_STATUS {
  ScsiUnitControlSuccess = 0,
  ScsiUnitControlUnsuccessful
} SCSI_UNIT_CONTROL_STATUS, *PSCSI_UNIT_CONTROL_STATUS;
typedef SCSI_UNIT_CONTROL_STATUS HW_UNIT_CONTROL(PVOID DeviceExtension,
                                                 SCSI_UNIT_CONTROL_TYPE ControlType,
                                                 PVOID Parameters);
typedef HW_UNIT_CONTROL *PHW_UNIT_CONTROL;

/* StorPort's HW_INITIALIZATION_DATA (ScsiPort's fields, then StorPort's), and the virtual
   miniport's. */
#define WDKLOCK_STORPORT_HW_INITIALIZATION_FIELDS                                              \
  ULONG HwInitializationDataSize;                                                              \
  INTERFACE_TYPE AdapterInterfaceType;                                                         \
  PHW_INITIALIZE HwInitialize;                                                                 \
  PHW_STARTIO HwStartIo;                                                                       \
  PHW_INTERRUPT HwInterrupt;                                                                   \
  WDKLOCK_FIND_ADAPTER_TYPE HwFindAdapter;                                                     \
  PHW_RESET_BUS HwResetBus;                                                                    \
  PHW_DMA_STARTED HwDmaStarted;                                                                \
  PHW_ADAPTER_STATE HwAdapterState;                                                            \
  ULONG DeviceExtensionSize;                                                                   \
  ULONG SpecificLuExtensionSize;                                                               \
  ULONG SrbExtensionSize;                                                                      \
  ULONG NumberOfAccessRanges;                                                                  \
  PVOID Reserved;                                                                              \
  UCHAR MapBuffers;                                                                            \
  BOOLEAN NeedPhysicalAddresses;                                                               \
  BOOLEAN TaggedQueuing;                                                                       \
  BOOLEAN AutoRequestSense;                                                                    \
  BOOLEAN MultipleRequestPerLu;                                                                \
  BOOLEAN ReceiveEvent;                                                                        \
  USHORT VendorIdLength;                                                                       \
  PVOID VendorId;                                                                              \
  union {                                                                                      \
    USHORT ReservedUshort;                                                                     \
    USHORT PortVersionFlags;                                                                   \
  };                                                                                           \
  USHORT DeviceIdLength;                                                                       \
  PVOID DeviceId;                                                                              \
  PHW_ADAPTER_CONTROL HwAdapterControl;                                                        \
  PHW_BUILDIO HwBuildIo;                                                                       \
  PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;                                           \
  PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest;                                         \
  PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;                                               \
  PHW_INITIALIZE_TRACING HwInitializeTracing;                                                  \
  PHW_CLEANUP_TRACING HwCleanupTracing;                                                        \
  PHW_TRACING_ENABLED HwTracingEnabled;                                                        \
  ULONG FeatureSupport;                                                                        \
  ULONG SrbTypeFlags;                                                                          \
  ULONG AddressTypeFlags;                                                                      \
  ULONG Reserved1;                                                                             \
  PHW_UNIT_CONTROL HwUnitControl;

#define WDKLOCK_FIND_ADAPTER_TYPE PHW_FIND_ADAPTER
typedef struct _HW_INITIALIZATION_DATA {
  WDKLOCK_STORPORT_HW_INITIALIZATION_FIELDS
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;
#undef WDKLOCK_FIND_ADAPTER_TYPE

typedef ULONG VIRTUAL_HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext,
                                      PVOID BusInformation, PVOID LowerDevice,
                                      PCHAR ArgumentString,
                                      PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                      PBOOLEAN Again);
typedef VIRTUAL_HW_FIND_ADAPTER *PVIRTUAL_HW_FIND_ADAPTER;
#define WDKLOCK_FIND_ADAPTER_TYPE PVIRTUAL_HW_FIND_ADAPTER
typedef struct _VIRTUAL_HW_INITIALIZATION_DATA {
  WDKLOCK_STORPORT_HW_INITIALIZATION_FIELDS
} VIRTUAL_HW_INITIALIZATION_DATA, *PVIRTUAL_HW_INITIALIZATION_DATA;
#undef WDKLOCK_FIND_ADAPTER_TYPE
#undef WDKLOCK_STORPORT_HW_INITIALIZATION_FIELDS

ULONG NTAPI StorPortInitialize(PVOID Argument1, PVOID Argument2,
                               struct _HW_INITIALIZATION_DATA *HwInitializationData,
                               PVOID HwContext);

#define STOR_MAP_NO_BUFFERS 0
#define STOR_MAP_ALL_BUFFERS 1
#define STOR_MAP_NON_READ_WRITE_BUFFERS 2
#define STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE 3
#define STOR_FEATURE_VIRTUAL_MINIPORT 0x00000001
#define STOR_FEATURE_ATA_PASS_THROUGH 0x00000002
#define STOR_FEATURE_FULL_PWR_FX_SUPPORT 0x00000004
#define SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK 0x1
#define SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK 0x2
#define ADDRESS_TYPE_FLAG_BTL8 0x1

ULONG NTAPI StorPortGetOriginalMdl(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                   PVOID *Mdl);
ULONG NTAPI StorPortCompleteServiceIrp(PVOID HwDeviceExtension, PVOID Irp);

/* Timers. */
ULONG NTAPI StorPortInitializeTimer(PVOID HwDeviceExtension, PVOID *TimerHandle);
ULONG NTAPI StorPortRequestTimer(PVOID HwDeviceExtension, PVOID TimerHandle,
                                 PHW_TIMER_EX TimerCallback, PVOID CallbackContext,
                                 ULONGLONG TimerValue, ULONGLONG TolerableDelay);
ULONG NTAPI StorPortFreeTimer(PVOID HwDeviceExtension, PVOID TimerHandle);
ULONG NTAPI StorPortQueryPerformanceCounter(PVOID HwDeviceExtension,
                                            PLARGE_INTEGER PerformanceFrequency,
                                            PLARGE_INTEGER PerformanceCounter);

/* Per-request performance parameters (StorPortGetStartIoPerfParams). */
#define STOR_PERF_DPC_REDIRECTION 0x00000001
#define STOR_PERF_CONCURRENT_CHANNELS 0x00000002
#define STOR_PERF_INTERRUPT_MESSAGE_RANGES 0x00000004
#define STOR_PERF_ADV_CONFIG_LOCALITY 0x00000008
#define STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO 0x00000010
typedef struct _STARTIO_PERFORMANCE_PARAMETERS {
  ULONG Version;
  ULONG Size;
  ULONG MessageNumber;
  ULONG ChannelNumber;
} STARTIO_PERFORMANCE_PARAMETERS, *PSTARTIO_PERFORMANCE_PARAMETERS;
ULONG NTAPI StorPortGetStartIoPerfParams(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                         PSTARTIO_PERFORMANCE_PARAMETERS StartIoPerfParams);

/* Addresses and state-change notification. */
#define STOR_ADDRESS_TYPE_BTL8 0x1
#define STATE_CHANGE_LUN 0x1
#define STATE_CHANGE_TARGET 0x2
#define STATE_CHANGE_BUS 0x4
typedef struct _STOR_ADDRESS {
  USHORT Type;
  USHORT Port;
  ULONG AddressLength;
  UCHAR AddressData[4];
} STOR_ADDRESS, *PSTOR_ADDRESS;
typedef struct _STOR_ADDR_BTL8 {
  USHORT Type;
  USHORT Port;
  ULONG AddressLength;
  UCHAR Path;
  UCHAR Target;
  UCHAR Lun;
  UCHAR Reserved;
} STOR_ADDR_BTL8, *PSTOR_ADDR_BTL8;
typedef VOID HW_STATE_CHANGE_DETECTED_CALLBACK(PVOID HwDeviceExtension, PVOID Context,
                                               SHORT AddressType, PVOID Address, ULONG Status);
typedef HW_STATE_CHANGE_DETECTED_CALLBACK *PHW_STATE_CHANGE_DETECTED_CALLBACK;
ULONG NTAPI StorPortStateChangeDetected(PVOID HwDeviceExtension, ULONG ChangedEntity,
                                        PSTOR_ADDRESS Address, ULONG Attributes,
                                        PHW_STATE_CHANGE_DETECTED_CALLBACK Callback,
                                        PVOID CallbackContext);

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

/* Pool, system addresses, memory copy, processor number, queue depth (WDK 8 and later). */
ULONG NTAPI StorPortAllocatePool(PVOID HwDeviceExtension, ULONG NumberOfBytes, ULONG Tag,
                                 PVOID *BufferPointer);
ULONG NTAPI StorPortFreePool(PVOID HwDeviceExtension, PVOID BufferPointer);
ULONG NTAPI StorPortGetSystemAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                     PVOID *SystemAddress);
VOID NTAPI StorPortCopyMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
ULONG NTAPI StorPortGetCurrentProcessorNumber(PVOID HwDeviceExtension,
                                              PPROCESSOR_NUMBER ProcNumber);
BOOLEAN NTAPI StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId,
                                          UCHAR TargetId, UCHAR Lun, ULONG Depth);

/* Work items. */
typedef VOID HW_WORKITEM(PVOID HwDeviceExtension, PVOID Context, PVOID Worker);
typedef HW_WORKITEM *PHW_WORKITEM;
ULONG NTAPI StorPortInitializeWorker(PVOID HwDeviceExtension, PVOID *Worker);
ULONG NTAPI StorPortQueueWorkItem(PVOID HwDeviceExtension, PHW_WORKITEM WorkItemCallback,
                                  PVOID Worker, PVOID Context);
ULONG NTAPI StorPortFreeWorker(PVOID HwDeviceExtension, PVOID Worker);

/* Per-message MSI locks. */
ULONG NTAPI StorPortAcquireMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                       PULONG OldIrql);
ULONG NTAPI StorPortReleaseMSISpinLock(PVOID HwDeviceExtension, ULONG MessageId,
                                       ULONG OldIrql);

#endif
