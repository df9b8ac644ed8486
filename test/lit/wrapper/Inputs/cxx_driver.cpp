// A C++ driver source: <ntddk.h> from mingw-w64 with wdklock's default flags.
#include <ntddk.h>

struct Queue {
  KSPIN_LOCK Lock;
  LONG Depth;
};

class QueueLock {
public:
  explicit QueueLock(Queue &Q) { KeAcquireInStackQueuedSpinLock(&Q.Lock, &Handle); }
  ~QueueLock() { KeReleaseInStackQueuedSpinLock(&Handle); }

private:
  KLOCK_QUEUE_HANDLE Handle;
};

void Balanced(Queue &Q) {
  QueueLock Guard(Q);
  Q.Depth++;
}

NTSTATUS Unbalanced(__in Queue &Q, __in bool Fail) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Q.Lock, &h);
  if (Fail)
    return STATUS_UNSUCCESSFUL;
  Q.Depth--;
  KeReleaseInStackQueuedSpinLock(&h);
  return STATUS_SUCCESS;
}
