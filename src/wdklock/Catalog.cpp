//===- Catalog.cpp - Read the checker registry; apply --checks ------------===//

#include "Catalog.h"

#include "wdklock/Checkers.h"
#include "wdklock/Compat.h"

#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Core/CheckerRegistryData.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/GlobPattern.h"

namespace wdklock {

static const char Package[] = "wdk.";

std::string CheckerDescription::helpUri() const {
  return std::string(CheckerDocsBase) + llvm::StringRef(Name).drop_front(strlen(Package)).str() +
         ".md";
}

CheckerCatalog::CheckerCatalog(std::vector<CheckerDescription> List) : Checkers(std::move(List)) {
  llvm::sort(Checkers, [](const CheckerDescription &A, const CheckerDescription &B) {
    return A.Name < B.Name;
  });
}

std::optional<CheckerCatalog> CheckerCatalog::load(const CheckerSource &Source,
                                                   std::string &Error) {
  compat::QuietDiagnostics Diags;
  clang::AnalyzerOptions AnOpts;
  clang::ento::CheckerRegistryData Data;
  std::vector<std::string> Plugins;
  std::vector<std::function<void(clang::ento::CheckerRegistry &)>> Fns;
  if (Source.Plugin.empty())
    Fns.push_back(registerWdkCheckers);
  else
    Plugins.push_back(Source.Plugin);
  clang::ento::CheckerRegistry Registry(Data, Plugins, Diags.engine(), AnOpts, Fns);

  // Copy everything out now: the registry keeps StringRefs into its callers' strings.
  std::vector<CheckerDescription> List;
  auto [LedgerChecker, LedgerOption] = llvm::StringRef(SiteLedgerOption).split(':');
  bool SiteLedger = false;
  for (const clang::ento::CheckerInfo &Info : Data.Checkers) {
    if (Info.FullName == LedgerChecker)
      SiteLedger |= llvm::any_of(Info.CmdLineOptions, [&](const clang::ento::CmdLineOption &O) {
        return O.OptionName == LedgerOption;
      });
    if (Info.IsHidden || !Info.FullName.starts_with(Package))
      continue;
    CheckerDescription D;
    D.Name = Info.FullName.str();
    // The plugin appends "(wdklock <version>, built for clang <version>)" so that clang's
    // checker list says which clang it needs; the catalog describes the check only.
    llvm::StringRef Desc = Info.Desc;
    size_t Build = Desc.rfind(" (wdklock ");
    D.Description = (Build != llvm::StringRef::npos && Desc.ends_with(")") ? Desc.take_front(Build)
                                                                             : Desc)
                        .str();
    for (const clang::ento::CmdLineOption &O : Info.CmdLineOptions)
      if (!O.IsHidden)
        D.Options.push_back({O.OptionName.str(), O.OptionType.str(), O.DefaultValStr.str(),
                             O.Description.str()});
    List.push_back(std::move(D));
  }
  if (List.empty()) {
    Error = (Source.Plugin.empty() ? std::string("the built-in checker library")
                                   : "plugin " + Source.Plugin) +
            " registers no wdk checkers";
    return std::nullopt;
  }
  CheckerCatalog Catalog(std::move(List));
  Catalog.SiteLedger = SiteLedger;
  return Catalog;
}

const CheckerDescription *CheckerCatalog::find(llvm::StringRef Name) const {
  for (const CheckerDescription &D : Checkers)
    if (D.Name == Name)
      return &D;
  return nullptr;
}

bool CheckerCatalog::applyChecks(llvm::StringRef Globs, std::vector<std::string> &Enabled,
                                 std::string &Error) const {
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Globs.split(Items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    bool Remove = Item.consume_front("-");
    auto Pattern = llvm::GlobPattern::create(Item);
    if (!Pattern) {
      Error = "bad check glob '" + Item.str() + "': " + llvm::toString(Pattern.takeError());
      return false;
    }
    bool Any = false;
    for (const CheckerDescription &D : Checkers) {
      if (!Pattern->match(D.Name))
        continue;
      Any = true;
      auto It = llvm::find(Enabled, D.Name);
      if (Remove && It != Enabled.end())
        Enabled.erase(It);
      else if (!Remove && It == Enabled.end())
        Enabled.push_back(D.Name);
    }
    if (!Any) {
      std::vector<std::string> Names;
      for (const CheckerDescription &D : Checkers)
        Names.push_back(D.Name);
      Error = "'" + Item.str() + "' matches no checker (there are " +
              llvm::join(Names, ", ") + ")";
      return false;
    }
  }
  llvm::sort(Enabled);
  return true;
}

bool CheckerCatalog::validateOption(llvm::StringRef Key, llvm::StringRef Value,
                                    std::string &Error) const {
  auto [Checker, Option] = Key.split(':');
  const CheckerDescription *D = find(Checker);
  if (Option.empty() || !D) {
    Error = "'" + Key.str() + "' is not a checker option (write <checker>:<option>, e.g. " +
            "wdk.QueuedSpinLockRelease:ReportUnknownHandles)";
    return false;
  }
  for (const CheckerOptionInfo &O : D->Options) {
    if (O.Name != Option)
      continue;
    long long Int;
    if (O.Type == "bool" && Value != "true" && Value != "false") {
      Error = "'" + Key.str() + "' takes true or false, not '" + Value.str() + "'";
      return false;
    }
    if (O.Type == "int" && Value.getAsInteger(0, Int)) {
      Error = "'" + Key.str() + "' takes an integer, not '" + Value.str() + "'";
      return false;
    }
    return true;
  }
  std::vector<std::string> Names;
  for (const CheckerOptionInfo &O : D->Options)
    Names.push_back(O.Name);
  Error = Checker.str() + " has no option '" + Option.str() + "'" +
          (Names.empty() ? std::string(" (it takes none)")
                         : " (it takes " + llvm::join(Names, ", ") + ")");
  return false;
}

} // namespace wdklock
