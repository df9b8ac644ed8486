// Handles whose history the analyzer has not seen are unknown, never blamed: parameters,
// globals, heap memory, and handles whose address went to code the analyzer cannot see.
// RUN: %analyze %ddk %s

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK Lock; KLOCK_QUEUE_HANDLE Handle; ULONG Flags; } EXT, *PEXT;

KLOCK_QUEUE_HANDLE g_Handle;
void OpaqueInit(PKLOCK_QUEUE_HANDLE Handle);
void OpaqueUse(PEXT Ext);
struct WORK { KLOCK_QUEUE_HANDLE Handle; int Id; };
void OpaqueWork(struct WORK *Work);

void ReleaseParameter(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle);
}

void ReleaseGlobal(void) {
  KeReleaseInStackQueuedSpinLock(&g_Handle);
}

void ReleaseDeviceExtensionHandle(PDEVICE_OBJECT DeviceObject) {
  PEXT Ext = (PEXT)DeviceObject->DeviceExtension;
  KeReleaseInStackQueuedSpinLock(&Ext->Handle);
}

void ReleaseHeapHandle(void) {
  PKLOCK_QUEUE_HANDLE p = (PKLOCK_QUEUE_HANDLE)ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), 'kcoL');
  if (!p)
    return;
  KeReleaseInStackQueuedSpinLock(p);
  ExFreePoolWithTag(p, 'kcoL');
}

void ReleaseAfterUnknownFunctionSawIt(void) {
  KLOCK_QUEUE_HANDLE h;
  OpaqueInit(&h);
  KeReleaseInStackQueuedSpinLock(&h);
}

void ReleaseInsideEscapedStruct(void) {
  struct WORK w;
  OpaqueWork(&w);
  KeReleaseInStackQueuedSpinLock(&w.Handle);
}

// An unknown function that receives the extension may release its handle.
DRIVER_DISPATCH DispatchHandsOff;
NTSTATUS DispatchHandsOff(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PEXT Ext = (PEXT)DeviceObject->DeviceExtension;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &Ext->Handle);
  OpaqueUse(Ext);
  return STATUS_SUCCESS;
}

// A held local handle given to unknown code: no leak report either.
void HeldHandleEscapes(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  OpaqueInit(&h);
}

// A symbolic array index may name the element that was acquired.
void SymbolicIndex(PEXT Ext, unsigned i) {
  KLOCK_QUEUE_HANDLE handles[4];
  if (i >= 4)
    return;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &handles[0]);
  KeReleaseInStackQueuedSpinLock(&handles[i]);
}

// A NULL or integer handle is not something the checker can name: silent (the kernel would
// fault; that is a null-dereference problem, not a lock-pairing one).
void NullHandle(PEXT Ext) {
  KeReleaseInStackQueuedSpinLock(NULL);
  KeReleaseInStackQueuedSpinLock((PKLOCK_QUEUE_HANDLE)0x1000);
}

// Once the analyzer has seen the acquire and the release, even a heap handle is known.
void HeapHandleDoubleRelease(PEXT Ext) {
  PKLOCK_QUEUE_HANDLE p = (PKLOCK_QUEUE_HANDLE)ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), 'kcoL');
  if (!p) // expected-note {{Assuming 'p' is non-null}} expected-note {{Taking false branch}}
    return;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, p); // expected-note {{the lock handle acquired here by KeAcquireInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(p); // expected-note {{the lock handle released here by KeReleaseInStackQueuedSpinLock}}
  KeReleaseInStackQueuedSpinLock(p); // expected-warning {{the lock handle is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{the lock handle is released by KeReleaseInStackQueuedSpinLock but was already released}}
  ExFreePoolWithTag(p, 'kcoL');
}
