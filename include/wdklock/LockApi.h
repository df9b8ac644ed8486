//===- LockApi.h - The table of Windows kernel lock routines ----*- C++ -*-===//
//
// The single place that names kernel lock routines. Each row says what a routine does to a
// lock handle: which argument is the handle, which names the spin lock, how many arguments a
// call must have to be the kernel routine, and which IRQL pairing it belongs to.
//
// Adding a lock pair is one row here plus one lit test; the checker never spells a routine
// name.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_LOCKAPI_H
#define WDKLOCK_LOCKAPI_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace wdklock {

/// What a call does to its handle.
enum class LockOp : uint8_t { Acquire, Release };

/// Which lock API a routine belongs to. Each family is owned by a checker name.
enum class LockFamily : uint8_t {
  InStackQueued, ///< KLOCK_QUEUE_HANDLE routines: wdk.QueuedSpinLock(Release)
  StorPort,      ///< STOR_LOCK_HANDLE routines: wdk.StorPortSpinLock
  StorPortMSI,   ///< MSI spin locks keyed by (extension, MessageId): modelled only
};

/// How an acquire and a release must pair up for the IRQL to come out right. A release
/// must have the same pairing as the acquire it ends.
enum class IrqlPairing : uint8_t {
  SavesIrql, ///< acquire saves OldIrql, release restores it
  DpcLevel,  ///< caller already at DISPATCH_LEVEL (AtDpcLevel / FromDpcLevel)
  ForDpc,    ///< the ...ForDpc pair, which only pairs with itself
  StorPort,  ///< StorPort handles: one pairing for every STOR_SPINLOCK kind
};

/// One kernel routine.
struct LockRoutine {
  const char *Name;    ///< the routine's name at global scope
  LockOp Op;
  LockFamily Family;
  IrqlPairing Pairing;
  unsigned NumArgs;    ///< a call with any other argument count is not this routine
  int HandleArg;       ///< index of the handle pointer, or -1 (MSI locks have no handle)
  int LockArg;         ///< index of the spin lock pointer (queued) or the extension (StorPort)
  int LockKindArg;     ///< StorPort: index of the STOR_SPINLOCK / MessageId argument, else -1
  /// For multiplexed routines (StorPortNotification): argument 0 must be this enumerator,
  /// matched by name or by value.
  const char *SelectorName;
  int64_t SelectorValue;
  /// The declaration's parameter count when it differs from NumArgs (variadic routines).
  unsigned NumParams = 0;

  unsigned declaredParams() const { return NumParams ? NumParams : NumArgs; }
};

/// Every routine the checkers know, in table order.
llvm::ArrayRef<LockRoutine> lockRoutines();

/// True when some row has this name (a cheap first filter).
bool isLockRoutineName(llvm::StringRef Name);

/// The row for a call to \p Name with \p NumArgs arguments. \p Selector is argument 0's
/// enumerator name (empty when it is not an enumerator) and \p SelectorValue its value
/// (nullopt when not a constant); they only matter for multiplexed routines.
const LockRoutine *findLockRoutine(llvm::StringRef Name, unsigned NumArgs,
                                   llvm::StringRef Selector = "",
                                   std::optional<int64_t> SelectorValue = std::nullopt);

/// True when a handle acquired by \p Acquire may be released by \p Release.
bool pairsWith(const LockRoutine &Acquire, const LockRoutine &Release);

/// A routine that copies memory: copying a held handle makes a copy that must not be
/// released.
struct CopyRoutine {
  const char *Name;
  unsigned NumArgs;
  int DestArg;
  int SourceArg;
};
llvm::ArrayRef<CopyRoutine> copyRoutines();

/// STOR_SPINLOCK's DpcLock. Its LockContext, the argument after the lock kind, is the STOR_DPC
/// whose spin lock it is: every DPC object has its own, so the DPC names the lock.
constexpr int64_t StorPortDpcLock = 1;

/// The routine's name as messages print it; multiplexed routines add their selector
/// ("StorPortNotification(AcquireSpinLock)").
std::string displayName(const LockRoutine &R);

/// The first release routine that ends a handle acquired by \p Acquire.
const LockRoutine *matchingRelease(const LockRoutine &Acquire);


} // namespace wdklock

#endif
