//===- Sarif.cpp - Build the SARIF log with llvm::json ---------------------===//

#include "Sarif.h"
#include "Paths.h"

#include "wdklock/Version.h"

#include "llvm/ADT/StringMap.h"

namespace json = llvm::json;

namespace wdklock {

static const char SchemaUri[] = "https://json.schemastore.org/sarif-2.1.0.json";
static const char ProjectUri[] = "https://github.com/wdklock/wdklock";
static const char CoverageDocUri[] =
    "https://github.com/wdklock/wdklock/blob/main/docs/coverage.md";

// json::Value keeps a StringRef without copying it: every string goes in as std::string.
static json::Object text(llvm::StringRef S) { return json::Object{{"text", S.str()}}; }

static json::Object physicalLocation(const Location &L) {
  json::Object Physical{{"artifactLocation", json::Object{{"uri", fileUri(L.File)}}}};
  if (L.Line) {
    json::Object Region{{"startLine", L.Line}};
    if (L.Column)
      Region["startColumn"] = L.Column;
    Physical["region"] = std::move(Region);
  }
  return Physical;
}

static json::Object location(const Location &L, llvm::StringRef Message = "") {
  json::Object Loc{{"physicalLocation", physicalLocation(L)}};
  if (!Message.empty())
    Loc["message"] = text(Message);
  return Loc;
}

namespace {
/// The rules table; a checker the catalog does not know (a newer plugin) gets a bare rule.
class Rules {
public:
  explicit Rules(const CheckerCatalog &Catalog) {
    for (const CheckerDescription &D : Catalog.checkers())
      add(D.Name, D.Description, D.helpUri());
  }
  unsigned indexOf(llvm::StringRef Checker) {
    auto It = Index.find(Checker);
    if (It != Index.end())
      return It->second;
    return add(Checker, "", "");
  }
  /// The rule of the lock sites that were not explored, added on first use.
  unsigned coverageIndex() {
    auto It = Index.find(CoverageRuleId);
    if (It != Index.end())
      return It->second;
    return add(CoverageRuleId,
               "A lock call site that no analysed path reached: the analysis says nothing "
               "about it (budget exhausted, only analysed through callers, or unreachable)",
               CoverageDocUri, "none");
  }
  json::Array take() { return std::move(Table); }

private:
  unsigned add(llvm::StringRef Name, llvm::StringRef Description, llvm::StringRef HelpUri,
               llvm::StringRef Level = "warning") {
    json::Object Rule{{"id", Name.str()},
                      {"name", Name.substr(Name.rfind('.') + 1).str()},
                      {"defaultConfiguration", json::Object{{"level", Level.str()}}}};
    if (!Description.empty()) {
      Rule["shortDescription"] = text(Description);
      Rule["fullDescription"] = text(Description);
    }
    if (!HelpUri.empty())
      Rule["helpUri"] = HelpUri.str();
    Table.push_back(std::move(Rule));
    return Index[Name] = Table.size() - 1;
  }

  json::Array Table;
  llvm::StringMap<unsigned> Index;
};
} // namespace

static json::Object result(const Finding &F, Rules &Table) {
  json::Object R{{"ruleId", F.Checker},
                 {"ruleIndex", Table.indexOf(F.Checker)},
                 {"level", "warning"},
                 {"message", text(F.Text)},
                 {"locations", json::Array{location(F.Loc)}}};
  if (!F.Notes.empty()) {
    json::Array Steps;
    for (const Message &N : F.Notes)
      Steps.push_back(json::Object{{"location", location(N.Loc, N.Text)}});
    R["codeFlows"] = json::Array{
        json::Object{{"threadFlows", json::Array{json::Object{{"locations", std::move(Steps)}}}}}};
  }
  return R;
}

/// A lock site that was not explored: a result to review, not a problem.
static json::Object siteResult(const LockSite &S, Rules &Table) {
  json::Object Properties{
      {"status", siteStatusName(S.Status)}, {"function", S.Function}, {"routine", S.Routine}};
  if (!S.Reason.empty())
    Properties["reason"] = S.Reason;
  return json::Object{{"ruleId", CoverageRuleId},
                      {"ruleIndex", Table.coverageIndex()},
                      {"kind", "review"},
                      {"level", "none"},
                      {"message", text(siteMessage(S))},
                      {"locations", json::Array{location(S.Loc)}},
                      {"properties", std::move(Properties)}};
}

static json::Object siteCounts(const SiteCounts &C) {
  json::Object O{{"explored", C.Explored},
                 {"budget", C.Budget},
                 {"notAnalysed", C.NotAnalysed},
                 {"unreachable", C.Unreachable},
                 {"budgetFunctions", C.BudgetFunctions},
                 {"notAnalysedFunctions", C.NotAnalysedFunctions}};
  if (C.UncountedFiles)
    O["uncountedFiles"] = C.UncountedFiles;
  return O;
}

/// One error notification per compiler error and one per file that was not analysed.
static json::Array notifications(const RunReport &Report) {
  json::Array Out;
  for (const FileResult &F : Report.Files) {
    if (F.Status == FileStatus::Analysed)
      continue;
    for (const Message &E : F.Errors) {
      json::Object N{{"level", "error"}, {"message", text(E.Text)}};
      if (!E.Loc.File.empty())
        N["locations"] = json::Array{location(E.Loc)};
      Out.push_back(std::move(N));
    }
    Out.push_back(json::Object{
        {"level", "error"},
        {"message", text("not analysed: " + F.Reason)},
        {"locations", json::Array{location(Location{F.File, 0, 0})}}});
  }
  return Out;
}

json::Value buildSarif(const RunReport &Report, const CheckerCatalog &Catalog, llvm::StringRef Cwd,
                       bool WithSites) {
  Rules Table(Catalog);
  json::Array Results;
  for (const Finding &F : Report.Findings)
    Results.push_back(result(F, Table));
  if (WithSites)
    for (const LockSite &S : Report.Sites)
      if (S.Status != SiteStatus::Explored)
        Results.push_back(siteResult(S, Table));
  json::Object Driver{{"name", "wdklock"},
                      {"version", WDKLOCK_VERSION},
                      {"semanticVersion", WDKLOCK_VERSION},
                      {"informationUri", ProjectUri},
                      {"rules", Table.take()}};
  json::Object Invocation{{"executionSuccessful", Report.NotAnalysed == 0},
                          {"toolExecutionNotifications", notifications(Report)}};
  if (!Cwd.empty())
    Invocation["workingDirectory"] = json::Object{{"uri", fileUri(Cwd) + "/"}};
  if (Report.SiteTotals.Counted)
    Invocation["properties"] = json::Object{{"lockSites", siteCounts(Report.SiteTotals)}};
  json::Object Run{{"tool", json::Object{{"driver", std::move(Driver)}}},
                   {"invocations", json::Array{std::move(Invocation)}},
                   {"results", std::move(Results)}};
  return json::Object{{"$schema", SchemaUri},
                      {"version", "2.1.0"},
                      {"runs", json::Array{std::move(Run)}}};
}

} // namespace wdklock
