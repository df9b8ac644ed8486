#include "queue_lock.h"

void Push(QUEUE *Queue) {
  KLOCK_QUEUE_HANDLE h;
  LockQueue(Queue, &h);
  Queue->Depth++;
  UnlockQueue(&h);
}
