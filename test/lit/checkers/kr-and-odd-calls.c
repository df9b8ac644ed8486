// Old and odd C: calls with missing or extra arguments are not the kernel routine and are
// ignored; wrong argument types and routines reached through function pointers never crash.
// RUN: %analyze -std=c89 -Wno-implicit-function-declaration -Wno-int-conversion -Wno-strict-prototypes -Wno-deprecated-non-prototype %s

typedef unsigned long long KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE { void *Next; void *Lock; unsigned char OldIrql; } KLOCK_QUEUE_HANDLE;

void KeAcquireInStackQueuedSpinLock();
void KeReleaseInStackQueuedSpinLock();

void MissingArguments(PKSPIN_LOCK l) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(l);
  KeReleaseInStackQueuedSpinLock();
}

void ExtraArguments(PKSPIN_LOCK l) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(l, &h, 1);
  KeReleaseInStackQueuedSpinLock(&h, 2);
}

void WrongTypes(PKSPIN_LOCK l) {
  KLOCK_QUEUE_HANDLE h = {0};
  KeAcquireInStackQueuedSpinLock(1.5, 7);
  KeReleaseInStackQueuedSpinLock(h);
  KeReleaseInStackQueuedSpinLock(42);
}

typedef void (*RELEASE_FN)();
RELEASE_FN g_Release = KeReleaseInStackQueuedSpinLock;

void ThroughFunctionPointer(RELEASE_FN Release) {
  KLOCK_QUEUE_HANDLE h;
  Release(&h);
  g_Release(&h);
}

/* A routine declared without a prototype is not matched even with the right argument
   count (the declaration's parameter count must match too): silence, never a guess.
   Real drivers get the prototypes from the WDK headers. */
void CorrectArgumentCountNoPrototype(void) {
  KLOCK_QUEUE_HANDLE h;
  KeReleaseInStackQueuedSpinLock(&h);
}
/* expected-no-diagnostics */
