//===- RoleTypes.h - Driver entry-point role types --------------*- C++ -*-===//
//
// A function declared with a role type (`DRIVER_DISPATCH MyDispatch;`) is a driver entry
// point: the kernel calls it, so no lock may be held when it returns. This is the list of
// role types, plus the parser for the checker option that extends it.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_ROLETYPES_H
#define WDKLOCK_ROLETYPES_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace wdklock {

class RoleTypeSet {
public:
  /// The built-in WDM, KMDF, NDIS and StorPort role types.
  RoleTypeSet();

  /// Adds the names in a comma- or semicolon-separated list. A name ending in '*' is a prefix
  /// ("EVT_MYDRV_*"). Returns false and sets \p Error for a malformed entry (a name that is not
  /// a C identifier); the valid entries are still added.
  bool addList(llvm::StringRef List, std::string &Error);

  /// True when \p TypedefName names a role type.
  bool contains(llvm::StringRef TypedefName) const;

  /// True when \p TypedefName is a StorPort miniport routine type (HW_*).
  static bool isMiniportRoutineType(llvm::StringRef TypedefName);

private:
  std::vector<std::string> Exact;
  std::vector<std::string> Prefixes;
};

} // namespace wdklock

#endif
