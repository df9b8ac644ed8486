// Honest coverage: with wdk.LockModeling:ReportUnexploredSites, every lock call site that no
// explored path reached gets a remark saying why. A small node budget makes one function run
// out; a constant loop bound above 4 hides what follows the loop; a dead branch is unreachable.
// RUN: %analyze %ddk -I %testinc -Xclang -analyzer-config -Xclang max-nodes=400,wdk.LockModeling:ReportUnexploredSites=true %s
// RUN: %analyze %ddk -I %testinc -Xclang -analyzer-config -Xclang max-nodes=400 -DNO_REMARKS %s
//
// The same data as JSON lines, for the wrapper:
// RUN: rm -f %t.jsonl
// RUN: %clang --analyze -fplugin=%plugin -Xclang -analyzer-checker=wdk -o /dev/null %ddk -I %testinc -Xclang -analyzer-config -Xclang max-nodes=400,wdk.LockModeling:SiteCoverageFile=%t.jsonl %s
// RUN: FileCheck %s --check-prefix=JSON < %t.jsonl
// JSON-DAG: "function":"Dispatcher"{{.*}}"status":"explored"
// JSON-DAG: "function":"Dispatcher"{{.*}}"reason":"analysis budget exhausted"{{.*}}"status":"budget"
// JSON-DAG: "function":"AfterLongLoop"{{.*}}"reason":"loop bound reached"{{.*}}"status":"budget"
// JSON-DAG: "function":"DeadBranch"{{.*}}"status":"unreachable"
// JSON-DAG: "function":"FullyExplored"{{.*}}"status":"explored"

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK Lock; LONG Count; LONG Stats[64]; } EXT, *PEXT;

#include "dispatcher_cases.h" // CASE(n)

// An IOCTL-style dispatcher: more cases than the node budget can follow.
void Dispatcher(PEXT Ext, int code) {
  KLOCK_QUEUE_HANDLE h;
  switch (code) {
    CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9)
    CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16) CASE(17) CASE(18) CASE(19)
  }
}
#ifndef NO_REMARKS
// expected-remark@-5 0+ {{lock site not explored (analysis budget exhausted in 'Dispatcher')}}
// expected-remark@-5 1+ {{lock site not explored (analysis budget exhausted in 'Dispatcher')}}
#endif

void AfterLongLoop(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  for (int i = 0; i < 16; i++)
    Ext->Count += i;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  KeReleaseInStackQueuedSpinLock(&h);
#ifndef NO_REMARKS
  // expected-remark@-3 {{lock site not explored (loop bound reached in 'AfterLongLoop')}}
  // expected-remark@-3 {{lock site not explored (loop bound reached in 'AfterLongLoop')}}
#endif
}

void DeadBranch(PEXT Ext) {
  KLOCK_QUEUE_HANDLE h;
  int never = 0;
  if (never) {
    KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
    KeReleaseInStackQueuedSpinLock(&h);
#ifndef NO_REMARKS
    // expected-remark@-3 {{lock site unreachable (no feasible path reaches it in 'DeadBranch')}}
    // expected-remark@-3 {{lock site unreachable (no feasible path reaches it in 'DeadBranch')}}
#endif
  }
}

// Fully explored: no remark.
void FullyExplored(PEXT Ext, int a) {
  KLOCK_QUEUE_HANDLE h;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);
  if (a)
    Ext->Count++;
  KeReleaseInStackQueuedSpinLock(&h);
}
#ifdef NO_REMARKS
// expected-no-diagnostics
#endif
