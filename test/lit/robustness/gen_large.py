"""Generates large driver sources for the robustness tests: one function of N lines, or a
translation unit with N functions. Every function is correct, so the checkers must be silent."""
import sys

HEADER = """#include <ntddk.h>
typedef struct _EXT { KSPIN_LOCK Lock; KSPIN_LOCK Other; LONG Count; BOOLEAN Flag; } EXT, *PEXT;
"""


def long_function(lines):
    out = [HEADER, "void Long(PEXT Ext, int a) {", "  KLOCK_QUEUE_HANDLE h;"]
    n = 0
    while len(out) < lines:
        out.append("  KeAcquireInStackQueuedSpinLock(&Ext->Lock, &h);")
        out.append("  Ext->Count += %d;" % n)
        out.append("  if (Ext->Flag) Ext->Count--;")
        out.append("  KeReleaseInStackQueuedSpinLock(&h);")
        n += 1
    out.append("}")
    return "\n".join(out) + "\n"


def many_functions(count):
    out = [HEADER]
    for i in range(count):
        lock = "Lock" if i % 2 else "Other"
        out.append("void F%d(PEXT Ext, int a) {\n  KLOCK_QUEUE_HANDLE h;\n"
                   "  KeAcquireInStackQueuedSpinLock(&Ext->%s, &h);\n"
                   "  if (a) { Ext->Count++; KeReleaseInStackQueuedSpinLock(&h); return; }\n"
                   "  Ext->Count--;\n  KeReleaseInStackQueuedSpinLock(&h);\n}" % (i, lock))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    kind, n = sys.argv[1], int(sys.argv[2])
    sys.stdout.write(long_function(n) if kind == "lines" else many_functions(n))
