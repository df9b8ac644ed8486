//===- RoleTypes.cpp - Driver entry-point role types ----------------------===//
#include "wdklock/RoleTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace wdklock {

static const char *const BuiltinRoleTypes[] = {
    // WDM
    "DRIVER_INITIALIZE", "DRIVER_ADD_DEVICE", "DRIVER_DISPATCH", "DRIVER_DISPATCH_PAGED",
    "DRIVER_DISPATCH_RAISED", "DRIVER_STARTIO", "DRIVER_UNLOAD", "DRIVER_CANCEL",
    "IO_COMPLETION_ROUTINE", "KDEFERRED_ROUTINE", "KSERVICE_ROUTINE",
    "KMESSAGE_SERVICE_ROUTINE", "IO_WORKITEM_ROUTINE", "IO_WORKITEM_ROUTINE_EX",
    "WORKER_THREAD_ROUTINE", "KSTART_ROUTINE", "IO_DPC_ROUTINE", "DRIVER_CONTROL",
    "DRIVER_LIST_CONTROL", "KSYNCHRONIZE_ROUTINE", "IO_TIMER_ROUTINE",
    "DRIVER_FS_NOTIFICATION",
    // StorPort miniport routines
    "HW_INITIALIZE", "HW_STARTIO", "HW_BUILDIO", "HW_INTERRUPT", "HW_FIND_ADAPTER",
    "HW_RESET_BUS", "HW_ADAPTER_CONTROL", "HW_TIMER", "HW_DPC_ROUTINE",
    "HW_PASSIVE_INITIALIZE_ROUTINE", "HW_UNIT_CONTROL", "HW_TRACING_ENABLED",
    "HW_CLEANUP_TRACING", "HW_PROCESS_SERVICE_REQUEST", "HW_COMPLETE_SERVICE_IRP",
    "HW_INITIALIZE_TRACING", "HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE", "HW_WORKITEM",
    "HW_STATE_CHANGE"};

// KMDF event callbacks and NDIS miniport / protocol / filter handlers.
static const char *const BuiltinRolePrefixes[] = {"EVT_WDF_", "MINIPORT_", "PROTOCOL_",
                                                  "FILTER_"};

RoleTypeSet::RoleTypeSet() {
  Exact.assign(std::begin(BuiltinRoleTypes), std::end(BuiltinRoleTypes));
  Prefixes.assign(std::begin(BuiltinRolePrefixes), std::end(BuiltinRolePrefixes));
}

static bool isIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

bool RoleTypeSet::addList(StringRef List, std::string &Error) {
  SmallVector<StringRef, 8> Items;
  StringRef Rest = List;
  while (!Rest.empty()) {
    size_t Cut = Rest.find_first_of(",;");
    Items.push_back(Rest.substr(0, Cut));
    Rest = Cut == StringRef::npos ? StringRef() : Rest.substr(Cut + 1);
  }
  bool Ok = true;
  for (StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    bool IsPrefix = Item.consume_back("*");
    if (!isIdentifier(Item)) {
      if (Ok)
        Error = "'" + Item.str() + (IsPrefix ? "*" : "") + "' is not a type name";
      Ok = false;
      continue;
    }
    (IsPrefix ? Prefixes : Exact).push_back(Item.str());
  }
  return Ok;
}

bool RoleTypeSet::contains(StringRef Name) const {
  if (is_contained(Exact, Name))
    return true;
  return any_of(Prefixes, [&](const std::string &P) { return Name.starts_with(P); });
}

bool RoleTypeSet::isMiniportRoutineType(StringRef Name) { return Name.starts_with("HW_"); }

} // namespace wdklock
