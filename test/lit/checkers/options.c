// Checker options: a malformed RoleTypes list is a clear error, and ReportUnknownHandles
// turns on reports for handles of unknown history.
// RUN: not %clang --analyze -fplugin=%plugin -Xclang -analyzer-checker=wdk -o /dev/null %ddk \
// RUN:   -Xclang -analyzer-config -Xclang 'wdk.QueuedSpinLock:RoleTypes=GOOD;9bad' %s 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: invalid input for checker option 'wdk.QueuedSpinLock:RoleTypes', that expects a ';'-separated list of type names, each optionally ending in '*' ('9bad' is not a type name)
//
// The clang driver ignores unknown analyzer options unless compatibility mode is off:
// RUN: not %clang --analyze -fplugin=%plugin -Xclang -analyzer-checker=wdk -o /dev/null %ddk \
// RUN:   -Xclang -analyzer-config-compatibility-mode=false \
// RUN:   -Xclang -analyzer-config -Xclang wdk.QueuedSpinLock:NoSuchOption=1 %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: checker 'wdk.QueuedSpinLock' has no option called 'NoSuchOption'
//
// RUN: %clang -cc1 -load %plugin -analyzer-checker-option-help 2>&1 | FileCheck %s --check-prefix=HELP
// HELP: wdk.QueuedSpinLock:RoleTypes
// HELP: wdk.QueuedSpinLockRelease:ReportUnknownHandles
// HELP: wdk.StorPortSpinLock:RoleTypes
//
// RUN: %clang -cc1 -load %plugin -analyzer-checker-help 2>&1 | FileCheck %s --check-prefix=CHECKERS
// CHECKERS: wdk.QueuedSpinLock {{.*}}(wdklock {{[0-9.]+}}, built for clang {{[0-9]+\.[0-9]+\.[0-9]+}})
// CHECKERS: wdk.QueuedSpinLockRelease {{.*}}(wdklock {{[0-9.]+}}, built for clang {{[0-9]+\.[0-9]+\.[0-9]+}})
// CHECKERS: wdk.StorPortSpinLock {{.*}}(wdklock {{[0-9.]+}}, built for clang {{[0-9]+\.[0-9]+\.[0-9]+}})
//
// RUN: %analyze %ddk -Xclang -analyzer-config -Xclang wdk.QueuedSpinLockRelease:ReportUnknownHandles=true -DREPORT_UNKNOWN %s
// RUN: %analyze %ddk %s

#include <ntddk.h>

void ReleaseParameter(PKLOCK_QUEUE_HANDLE Handle) {
  KeReleaseInStackQueuedSpinLock(Handle);
#ifdef REPORT_UNKNOWN
  // expected-warning@-2 {{'*Handle' is released by KeReleaseInStackQueuedSpinLock but no acquire of it was seen on this path}}
  // expected-note@-3 {{'*Handle' is released by KeReleaseInStackQueuedSpinLock but no acquire of it was seen on this path}}
#else
  // expected-no-diagnostics
#endif
}
