//===- AnalyzerFuzzer.cpp - libFuzzer target: the wdk checkers in-process --------===//
//
// Feeds mutated driver sources to the static analyzer with the wdk checkers registered
// in-process, so that any crash or sanitizer report in the checkers (or in what they make the
// engine do) surfaces. Each input is C source appended to a small prelude declaring the lock API
// (the mingw-w64 headers would make every run slow), analysed with the core checkers and wdk.
//
// Built and run by scripts/fuzz-libfuzzer; the seed corpus is the lit tests.
//
//===----------------------------------------------------------------------===//
#include "wdklock/Checkers.h"
#include "wdklock/Compat.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Frontend/AnalysisConsumer.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "clang/Tooling/Tooling.h"

#include <cstdint>
#include <string>

using namespace clang;

namespace {

const char Prelude[] = R"(
typedef unsigned char KIRQL, UCHAR, BOOLEAN;
typedef unsigned long ULONG, *PULONG;
typedef long LONG, NTSTATUS;
typedef void *PVOID;
typedef unsigned long long ULONG_PTR, KSPIN_LOCK, *PKSPIN_LOCK;
typedef struct _KLOCK_QUEUE_HANDLE { void *Next; void *Lock; KIRQL OldIrql; } KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
void KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
void KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE);
void KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
void KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE);
void KeAcquireInStackQueuedSpinLockForDpc(PKSPIN_LOCK, PKLOCK_QUEUE_HANDLE);
void KeReleaseInStackQueuedSpinLockForDpc(PKLOCK_QUEUE_HANDLE);
typedef enum _STOR_SPINLOCK { InvalidLock, DpcLock, StartIoLock, InterruptLock } STOR_SPINLOCK;
typedef struct _STOR_LOCK_HANDLE { STOR_SPINLOCK Lock; struct { struct { PVOID Next; PVOID Lock; } LockQueue; KIRQL OldIrql; } Context; } STOR_LOCK_HANDLE, *PSTOR_LOCK_HANDLE;
typedef enum _SCSI_NOTIFICATION_TYPE { RequestComplete, EnablePassiveInitialization = 0x1000, InitializeDpc, IssueDpc, AcquireSpinLock, ReleaseSpinLock } SCSI_NOTIFICATION_TYPE;
ULONG StorPortNotification(SCSI_NOTIFICATION_TYPE, PVOID, ...);
void StorPortAcquireSpinLock(PVOID, STOR_SPINLOCK, PVOID, PSTOR_LOCK_HANDLE);
void StorPortReleaseSpinLock(PVOID, PSTOR_LOCK_HANDLE);
ULONG StorPortAcquireMSISpinLock(PVOID, ULONG, PULONG);
ULONG StorPortReleaseMSISpinLock(PVOID, ULONG, ULONG);
void *memcpy(void *, const void *, unsigned long);
typedef NTSTATUS DRIVER_DISPATCH(PVOID, PVOID);
typedef void KDEFERRED_ROUTINE(PVOID, PVOID, PVOID, PVOID);
typedef BOOLEAN HW_STARTIO(PVOID, PVOID);
)";

class AnalyzeAction : public ASTFrontendAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    AnalyzerOptions &Opts = wdklock::compat::analyzerOptions(CI.getInvocation());
    Opts.CheckersAndPackages = {{"core", true}, {"wdk", true}};
    Opts.AnalysisDiagOpt = PD_NONE;
    Opts.AnalyzerDisplayProgress = false;
    std::unique_ptr<ento::AnalysisASTConsumer> Consumer = ento::CreateAnalysisConsumer(CI);
    Consumer->AddCheckerRegistrationFn(
        [](ento::CheckerRegistry &Registry) { wdklock::registerWdkCheckers(Registry); });
    return Consumer;
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size > 16 * 1024)
    return 0; // keep each run short; large inputs are the scaled tests' business
  std::string Code = Prelude;
  Code.append(reinterpret_cast<const char *>(Data), Size);
  for (const char *Lang : {"-xc", "-xc++"}) {
    std::vector<std::string> Args = {Lang, "-w", "-ferror-limit=5", "-fsyntax-only",
                                     "-Wno-everything"};
    clang::tooling::runToolOnCodeWithArgs(std::make_unique<AnalyzeAction>(), Code, Args,
                                          Lang[3] == 'c' && Lang[4] == '+' ? "input.cpp"
                                                                          : "input.c");
  }
  return 0;
}
