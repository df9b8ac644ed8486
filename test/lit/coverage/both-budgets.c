// A function can hit both budgets: one path is dropped at the loop bound and the node budget
// runs out on the others. The remark names both, so that neither reason hides the other.
// Depth-first exploration takes the branch that skips the dispatcher first, so the engine walks
// the loop to its bound before the dispatcher uses up the 800 nodes (the default order visits
// new blocks first and would spend the nodes on the dispatcher before going round the loop
// again).
// RUN: %analyze %ddk -I %testinc -Xclang -analyzer-config -Xclang max-nodes=800,exploration_strategy=dfs,wdk.LockModeling:ReportUnexploredSites=true %s
// RUN: rm -f %t.jsonl
// RUN: %clang --analyze -fplugin=%plugin -Xclang -analyzer-checker=wdk -o /dev/null %ddk -I %testinc -Xclang -analyzer-config -Xclang max-nodes=800,exploration_strategy=dfs,wdk.LockModeling:SiteCoverageFile=%t.jsonl %s
// RUN: FileCheck %s < %t.jsonl
// CHECK: "function":"LoopOrDispatcher"{{.*}}"reason":"loop bound reached and analysis budget exhausted"{{.*}}"status":"budget"

#include <ntddk.h>

typedef struct _EXT { KSPIN_LOCK Lock; LONG Count; LONG Stats[64]; } EXT, *PEXT;

#include "dispatcher_cases.h" // CASE(n)

void LoopOrDispatcher(PEXT Ext, int code, int n) {
  KLOCK_QUEUE_HANDLE h;
  if (n > 0) {
    switch (code) {
      CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9)
      CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16) CASE(17) CASE(18) CASE(19)
    }
    // expected-remark@-3 0+ {{lock site not explored (loop bound reached and analysis budget exhausted in 'LoopOrDispatcher')}}
    // expected-remark@-3 1+ {{lock site not explored (loop bound reached and analysis budget exhausted in 'LoopOrDispatcher')}}
    return;
  }
  for (int i = 0; i < 16; i++)
    Ext->Count += i;
  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h); // expected-remark {{lock site not explored (loop bound reached and analysis budget exhausted in 'LoopOrDispatcher')}}
  KeReleaseInStackQueuedSpinLock(&h);             // expected-remark {{lock site not explored (loop bound reached and analysis budget exhausted in 'LoopOrDispatcher')}}
}
