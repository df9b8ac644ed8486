typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct { void *a, *b; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
extern "C" void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
extern "C" void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE);
#define __global__ __attribute__((global))
__global__ void kernel(int *p) { p[0] = 1; }
void host(PKSPIN_LOCK l) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(l, &h);
  KeReleaseInStackQueuedSpinLock(&h);
}
