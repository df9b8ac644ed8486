// The IOCTL-dispatcher case the coverage tests use to run a function out of its node budget:
// each case takes the in-stack queued lock on Ext->Lock into the local 'h' and branches twice
// under it. Needs an 'Ext' with KSPIN_LOCK Lock, LONG Count and LONG Stats[64] in scope.
#ifndef WDKLOCK_TEST_DISPATCHER_CASES_H
#define WDKLOCK_TEST_DISPATCHER_CASES_H

#define CASE(n)                                                                                 \
  case n:                                                                                       \
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);                                             \
    if (Ext->Stats[n] > 10) { Ext->Count++; }                                                   \
    if (Ext->Stats[n + 1] > 20) { Ext->Count--; }                                               \
    KeReleaseInStackQueuedSpinLock(&h);                                                         \
    break;

#endif
