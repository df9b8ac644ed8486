#include "queue_lock.h"

LONG Pop(QUEUE *Queue) {
  KLOCK_QUEUE_HANDLE h;
  LONG Depth;
  LockQueue(Queue, &h);
  Depth = --Queue->Depth;
  UnlockQueue(&h);
  return Depth;
}
