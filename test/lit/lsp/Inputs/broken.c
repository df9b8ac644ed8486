#include <ntddk.h>

VOID Broken(void) {
  KLOCK_QUEUE_HANDLE h
  KeReleaseInStackQueuedSpinLock(&h);
}
