/* Makes the analysis process die: clang traps on this pragma (a stand-in for an analyzer
   crash, to show that the other files' results survive it). */
#include <ntddk.h>
#pragma clang __debug crash
VOID NeverAnalysed(VOID) {}
