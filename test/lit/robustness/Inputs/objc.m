typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct { void *a, *b; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE);
@interface Locker
- (void)KeReleaseInStackQueuedSpinLock:(PKLOCK_QUEUE_HANDLE)h;
@end
@implementation Locker
- (void)KeReleaseInStackQueuedSpinLock:(PKLOCK_QUEUE_HANDLE)h { }
- (void)work:(PKSPIN_LOCK)l {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(l, &h);
  [self KeReleaseInStackQueuedSpinLock:&h];
  KeReleaseInStackQueuedSpinLock(&h);
}
@end
