//===- Callbacks.h - Functions the driver hands to the system -*- C++ -*-===//
//
// A driver entry point is not always declared with a role type. Older code and code without
// SAL declares its DPC as a plain function and registers it:
//
//   KeInitializeDpc(&Ext->Dpc, CompletionDpc, Ext);
//   StorPortInitializeDpc(Ext, &Ext->Dpc, CompletionDpc);
//   DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead;
//   HwInitData.HwStartIo = AdapterStartIo;
//
// The system calls such a function, so it is an entry point too. A function counts when its
// address is passed to a routine declared in a system header, stored in a field of a
// structure declared in a system header, or listed in an initializer of such a structure.
// Only functions defined in the translation unit are collected; only code outside system
// headers is read.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_CALLBACKS_H
#define WDKLOCK_CALLBACKS_H

#include "llvm/ADT/DenseSet.h"

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace wdklock {

class RegisteredCallbacks {
public:
  /// Reads the translation unit of \p Ctx; call once.
  void collect(clang::ASTContext &Ctx);
  /// True when \p FD (any declaration of it) is handed to the system.
  bool contains(const clang::FunctionDecl *FD) const;

private:
  llvm::DenseSet<const clang::FunctionDecl *> Functions;
};

} // namespace wdklock

#endif
