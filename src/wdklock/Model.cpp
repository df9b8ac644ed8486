//===- Model.cpp - JSON for jobs and results, and their order -------------===//

#include "Model.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <tuple>

namespace json = llvm::json;

namespace wdklock {

bool operator==(const Location &A, const Location &B) {
  return std::tie(A.File, A.Line, A.Column) == std::tie(B.File, B.Line, B.Column);
}
bool operator<(const Location &A, const Location &B) {
  return std::tie(A.File, A.Line, A.Column) < std::tie(B.File, B.Line, B.Column);
}
bool operator==(const Message &A, const Message &B) {
  return A.Loc == B.Loc && A.Text == B.Text;
}
static bool operator<(const Message &A, const Message &B) {
  return std::tie(A.Loc, A.Text) < std::tie(B.Loc, B.Text);
}
bool operator==(const Finding &A, const Finding &B) {
  return A.Loc == B.Loc && A.Checker == B.Checker && A.Text == B.Text && A.Notes == B.Notes;
}
bool operator<(const Finding &A, const Finding &B) {
  return std::tie(A.Loc, A.Checker, A.Text, A.Notes) <
         std::tie(B.Loc, B.Checker, B.Text, B.Notes);
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

/// Each enum's names in JSON, one table for both directions.
template <typename E, size_t N> using NameTable = std::pair<const char *, E>[N];
static const NameTable<NativeOutput, 3> OutputNames = {
    {"none", NativeOutput::None}, {"html", NativeOutput::Html}, {"plist", NativeOutput::Plist}};
static const NameTable<FileStatus, 3> StatusNames = {{"analysed", FileStatus::Analysed},
                                                     {"failed", FileStatus::Failed},
                                                     {"crashed", FileStatus::Crashed}};
static const NameTable<SiteStatus, 4> SiteStatusNames = {{"explored", SiteStatus::Explored},
                                                         {"budget", SiteStatus::Budget},
                                                         {"not-analysed", SiteStatus::NotAnalysed},
                                                         {"unreachable", SiteStatus::Unreachable}};

template <typename E, size_t N> static const char *nameOf(E Value, const NameTable<E, N> &Names) {
  for (const auto &[Name, V] : Names)
    if (V == Value)
      return Name;
  return Names[0].first;
}

template <typename E, size_t N>
static bool lookupName(llvm::StringRef S, E &Out, const NameTable<E, N> &Names) {
  for (const auto &[Name, Value] : Names)
    if (S == Name) {
      Out = Value;
      return true;
    }
  return false;
}

template <typename E, size_t N>
static bool valueOf(const json::Value &V, E &Out, json::Path P, const NameTable<E, N> &Names) {
  if (auto S = V.getAsString())
    if (lookupName(*S, Out, Names))
      return true;
  P.report("unknown enumerator");
  return false;
}

const char *siteStatusName(SiteStatus S) { return nameOf(S, SiteStatusNames); }

bool parseSiteStatus(llvm::StringRef Name, SiteStatus &S) {
  return lookupName(Name, S, SiteStatusNames);
}

static bool fromJSON(const json::Value &V, NativeOutput &O, json::Path P) {
  return valueOf(V, O, P, OutputNames);
}

static bool fromJSON(const json::Value &V, FileStatus &S, json::Path P) {
  return valueOf(V, S, P, StatusNames);
}

static bool fromJSON(const json::Value &V, SiteStatus &S, json::Path P) {
  return valueOf(V, S, P, SiteStatusNames);
}

static json::Value toJSON(const AnalysisSettings &S) {
  json::Object Options;
  for (const auto &[Key, Value] : S.CheckerOptions)
    Options[Key] = Value;
  return json::Object{{"checkers", S.Checkers},     {"options", std::move(Options)},
                      {"plugin", S.Plugin},         {"output", nameOf(S.Output, OutputNames)},
                      {"outputPath", S.OutputPath}, {"resourceDir", S.ResourceDir},
                      {"depth", S.Depth},           {"countSites", S.CountSites}};
}

static bool fromJSON(const json::Value &V, AnalysisSettings &S, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("checkers", S.Checkers) && O.map("options", S.CheckerOptions) &&
         O.map("plugin", S.Plugin) && O.map("output", S.Output) &&
         O.map("outputPath", S.OutputPath) && O.map("resourceDir", S.ResourceDir) &&
         O.mapOptional("depth", S.Depth) && O.mapOptional("countSites", S.CountSites);
}

json::Value toJSON(const AnalysisJob &J) {
  return json::Object{{"file", J.File},           {"directory", J.Directory},
                      {"command", J.CommandLine}, {"origin", J.Origin},
                      {"settings", toJSON(J.Settings)}, {"timeout", J.TimeoutSeconds}};
}

bool fromJSON(const json::Value &V, AnalysisJob &J, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Timeout = 0;
  if (!O || !O.map("file", J.File) || !O.map("directory", J.Directory) ||
      !O.map("command", J.CommandLine) || !O.map("origin", J.Origin) ||
      !O.map("settings", J.Settings) || !O.mapOptional("timeout", Timeout))
    return false;
  if (Timeout < 0 || Timeout > UINT32_MAX) {
    P.field("timeout").report("out of range");
    return false;
  }
  J.TimeoutSeconds = unsigned(Timeout);
  return true;
}

static json::Value toJSON(const Location &L) {
  return json::Object{{"file", L.File}, {"line", L.Line}, {"column", L.Column}};
}

static bool fromJSON(const json::Value &V, Location &L, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Line = 0, Column = 0;
  if (!O || !O.map("file", L.File) || !O.map("line", Line) || !O.map("column", Column))
    return false;
  if (Line < 0 || Column < 0 || Line > UINT32_MAX || Column > UINT32_MAX) {
    P.report("line or column out of range");
    return false;
  }
  L.Line = unsigned(Line);
  L.Column = unsigned(Column);
  return true;
}

static json::Value toJSON(const Message &M) {
  return json::Object{{"location", toJSON(M.Loc)}, {"text", M.Text}};
}

static bool fromJSON(const json::Value &V, Message &M, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("location", M.Loc) && O.map("text", M.Text);
}

static json::Value toJSON(const std::vector<Message> &Ms) {
  json::Array A;
  for (const Message &M : Ms)
    A.push_back(toJSON(M));
  return A;
}

static json::Value toJSON(const Finding &F) {
  return json::Object{{"checker", F.Checker},
                      {"text", F.Text},
                      {"location", toJSON(F.Loc)},
                      {"notes", toJSON(F.Notes)}};
}

static bool fromJSON(const json::Value &V, Finding &F, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("checker", F.Checker) && O.map("text", F.Text) &&
         O.map("location", F.Loc) && O.map("notes", F.Notes);
}

static json::Value toJSON(const LockSite &S) {
  json::Object O{{"location", toJSON(S.Loc)},
                 {"function", S.Function},
                 {"routine", S.Routine},
                 {"status", siteStatusName(S.Status)}};
  if (!S.Reason.empty())
    O["reason"] = S.Reason;
  if (S.FunctionEndUnreached)
    O["functionEndUnreached"] = true;
  return O;
}

static bool fromJSON(const json::Value &V, LockSite &S, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("location", S.Loc) && O.map("function", S.Function) &&
         O.map("routine", S.Routine) && O.map("status", S.Status) &&
         O.mapOptional("reason", S.Reason) &&
         O.mapOptional("functionEndUnreached", S.FunctionEndUnreached);
}

json::Value toJSON(const FileResult &R) {
  json::Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJSON(F));
  json::Object O{{"file", R.File},
                 {"status", nameOf(R.Status, StatusNames)},
                 {"reason", R.Reason},
                 {"errors", toJSON(R.Errors)},
                 {"findings", std::move(Findings)},
                 {"outputPath", R.OutputPath}};
  if (R.SitesCounted) {
    json::Array Sites;
    for (const LockSite &S : R.Sites)
      Sites.push_back(toJSON(S));
    O["sites"] = std::move(Sites);
  }
  return O;
}

bool fromJSON(const json::Value &V, FileResult &R, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("file", R.File) || !O.map("status", R.Status) || !O.map("reason", R.Reason) ||
      !O.map("errors", R.Errors) || !O.map("findings", R.Findings) ||
      !O.map("outputPath", R.OutputPath))
    return false;
  // "sites" is there exactly when the ledger was collected.
  std::optional<std::vector<LockSite>> Sites;
  if (!O.map("sites", Sites))
    return false;
  R.SitesCounted = Sites.has_value();
  R.Sites = Sites ? std::move(*Sites) : std::vector<LockSite>();
  return true;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

template <typename T> bool readJSONFile(llvm::StringRef Path, T &Out, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = Path.str() + ": " + Buffer.getError().message();
    return false;
  }
  auto Parsed = json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    Error = Path.str() + ": " + llvm::toString(Parsed.takeError());
    return false;
  }
  json::Path::Root Root;
  if (!fromJSON(*Parsed, Out, json::Path(Root))) {
    Error = Path.str() + ": " + llvm::toString(Root.getError());
    return false;
  }
  return true;
}

template bool readJSONFile(llvm::StringRef, AnalysisJob &, std::string &);
template bool readJSONFile(llvm::StringRef, FileResult &, std::string &);

bool writeJSONFile(llvm::StringRef Path, const json::Value &V, std::string &Error) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = Path.str() + ": " + EC.message();
    return false;
  }
  OS << V;
  OS.close();
  if (OS.has_error()) {
    Error = Path.str() + ": " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

} // namespace wdklock
