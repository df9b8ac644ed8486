// C++: RAII guards around the kernel routines, and functions that share the kernel routines'
// names but are not them (namespaces, classes, templates, lambdas).
// RUN: %analyze -x c++ -std=c++17 -I %testinc %s

#include "wdk_min.h"

class QueuedLockGuard {
public:
  explicit QueuedLockGuard(PKSPIN_LOCK Lock) { KeAcquireInStackQueuedSpinLock(Lock, &Handle); }
  ~QueuedLockGuard() { KeReleaseInStackQueuedSpinLock(&Handle); }
  QueuedLockGuard(const QueuedLockGuard &) = delete;
  QueuedLockGuard &operator=(const QueuedLockGuard &) = delete;

private:
  KLOCK_QUEUE_HANDLE Handle;
};

// A guard that can unlock early: the held_ member next to the handle must keep its value
// across the kernel calls.
class UnlockableGuard {
public:
  explicit UnlockableGuard(PKSPIN_LOCK Lock) : held_(true) {
    KeAcquireInStackQueuedSpinLock(Lock, &handle_);
  }
  void unlock() {
    if (held_) {
      KeReleaseInStackQueuedSpinLock(&handle_);
      held_ = false;
    }
  }
  ~UnlockableGuard() {
    if (held_)
      KeReleaseInStackQueuedSpinLock(&handle_);
  }

private:
  KLOCK_QUEUE_HANDLE handle_;
  bool held_;
};

struct Device {
  KSPIN_LOCK Lock;
  int Count;
};

void GuardScope(Device &D) {
  QueuedLockGuard G(&D.Lock);
  D.Count++;
}

void GuardEarlyReturn(Device &D, bool Fail) {
  QueuedLockGuard G(&D.Lock);
  if (Fail)
    return;
  D.Count++;
}

void UnlockEarly(Device &D, bool Early) {
  UnlockableGuard G(&D.Lock);
  if (Early)
    G.unlock();
  D.Count++;
}

// Same names, different functions: none of these is the kernel routine.
namespace mock {
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE) {}
} // namespace mock

struct Tracer {
  void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE) {}
  static void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE) {}
};

template <typename T> void KeReleaseInStackQueuedSpinLock(T *, int Extra) {}

void SameNamesAreNotKernelRoutines(Device &D) {
  KLOCK_QUEUE_HANDLE h;
  mock::KeReleaseInStackQueuedSpinLock(&h);
  Tracer T;
  T.KeReleaseInStackQueuedSpinLock(&h);
  Tracer::KeAcquireInStackQueuedSpinLock(&D.Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h, 1);
  auto KeReleaseInStackQueuedSpinLockLambda = [](PKLOCK_QUEUE_HANDLE) {};
  KeReleaseInStackQueuedSpinLockLambda(&h);
}

// The real routine, called from C++, is still checked.
void RealRoutineFromCxx(Device &D) {
  KLOCK_QUEUE_HANDLE h;
  ::KeReleaseInStackQueuedSpinLock(&h); // expected-warning {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}} expected-note {{'h' is released by KeReleaseInStackQueuedSpinLock but was never acquired on this path}}
}

// A guard that releases twice is found through the inlined destructor.
class BrokenGuard {
public:
  explicit BrokenGuard(PKSPIN_LOCK Lock) { KeAcquireInStackQueuedSpinLock(Lock, &h); } // expected-note {{'G.h' acquired here by KeAcquireInStackQueuedSpinLock}} expected-note {{Returning from 'BrokenGuard' with 'G.h' held}}
  void release() { KeReleaseInStackQueuedSpinLock(&h); } // expected-note {{'G.h' released here by KeReleaseInStackQueuedSpinLock}}
  ~BrokenGuard() { KeReleaseInStackQueuedSpinLock(&h); } // expected-warning {{'G.h' is released by KeReleaseInStackQueuedSpinLock but was already released}} expected-note {{'G.h' is released by KeReleaseInStackQueuedSpinLock but was already released}}

private:
  KLOCK_QUEUE_HANDLE h;
};

void UsesBrokenGuard(Device &D) {
  BrokenGuard G(&D.Lock); // expected-note {{Calling constructor for 'BrokenGuard'}} expected-note {{Returning from constructor for 'BrokenGuard'}}
  G.release(); // expected-note {{Calling 'BrokenGuard::release'}} expected-note {{Returning from 'BrokenGuard::release'}}
} // expected-note {{Calling '~BrokenGuard'}}

// A C++ copy of a held guard's handle.
void CopyInCxx(Device &D) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&D.Lock, &h); // expected-note {{'h' acquired here by KeAcquireInStackQueuedSpinLock}}
  KLOCK_QUEUE_HANDLE copy = h; // expected-note {{'copy' copied here from 'h' while it is held}}
  KeReleaseInStackQueuedSpinLock(&copy); // expected-warning {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}} expected-note {{'copy' is released by KeReleaseInStackQueuedSpinLock but is a copy of 'h'}}
  KeReleaseInStackQueuedSpinLock(&h);
}
