//===- LspDiagnostics.cpp - From the wrapper's SARIF to LSP diagnostics ---===//
#include "LspDiagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <vector>

using namespace llvm;

namespace wdklock::lsp {

//===----------------------------------------------------------------------===//
// URIs and paths
//===----------------------------------------------------------------------===//

static std::string percentDecode(StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == '%' && I + 2 < S.size() && isHexDigit(S[I + 1]) && isHexDigit(S[I + 2])) {
      Out.push_back(static_cast<char>(hexFromNibbles(S[I + 1], S[I + 2])));
      I += 2;
    } else {
      Out.push_back(S[I]);
    }
  }
  return Out;
}

/// `scheme:` with a scheme of two letters or more (one letter is a drive: C:/x).
static bool hasScheme(StringRef S) {
  size_t Colon = S.find(':');
  if (Colon == StringRef::npos || Colon < 2 || !isAlpha(S[0]))
    return false;
  return all_of(S.take_front(Colon),
                [](char C) { return isAlnum(C) || C == '+' || C == '-' || C == '.'; });
}

std::optional<std::string> uriToPath(StringRef Uri) {
  if (!Uri.consume_front_insensitive("file:"))
    return std::nullopt;
  StringRef Authority;
  if (Uri.consume_front("//")) {
    Authority = Uri.take_until([](char C) { return C == '/'; });
    Uri = Uri.drop_front(Authority.size());
  }
  Uri = Uri.take_until([](char C) { return C == '?' || C == '#'; });
  std::string Path = percentDecode(Uri);
  if (Path.empty())
    return std::nullopt;
  // file:///C:/dir/x.c names C:/dir/x.c.
  if (Path.size() >= 3 && Path[0] == '/' && isAlpha(Path[1]) && Path[2] == ':')
    Path.erase(0, 1);
  if (!Authority.empty() && !Authority.equals_insensitive("localhost"))
    Path = "//" + percentDecode(Authority) + Path;
  SmallString<256> Native(Path);
  sys::path::native(Native);
  return std::string(Native);
}

static SmallString<256> normalised(StringRef Path) {
  SmallString<256> P(Path);
  sys::fs::make_absolute(P);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  sys::path::native(P);
  return P;
}

std::string pathToUri(StringRef Path) {
  std::string P = sys::path::convert_to_slash(normalised(Path));
  if (P.size() >= 2 && isAlpha(P[0]) && P[1] == ':')
    P.insert(0, "/");
  std::string Uri = "file://";
  for (char C : P) {
    if (isAlnum(C) || StringRef("-._~/:").contains(C)) {
      Uri.push_back(C);
    } else {
      Uri.push_back('%');
      Uri += utohexstr(static_cast<unsigned char>(C), /*LowerCase=*/false, /*Width=*/2);
    }
  }
  return Uri;
}

bool samePath(StringRef A, StringRef B) {
  if (normalised(A) == normalised(B))
    return true;
  bool Same = false;
  return !sys::fs::equivalent(A, B, Same) && Same;
}

//===----------------------------------------------------------------------===//
// Positions
//===----------------------------------------------------------------------===//

namespace {

/// The lines of the files a log points into, each file read once.
class SourceLines {
public:
  /// Line Line0 (0-based) of Path without its line break, if the file is readable.
  std::optional<StringRef> line(StringRef Path, int64_t Line0) {
    auto [It, New] = Files.try_emplace(Path);
    File &F = It->second;
    if (New) {
      if (auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false)) {
        F.Buf = std::move(*Buf);
        SmallVector<StringRef, 0> Parts;
        F.Buf->getBuffer().split(Parts, '\n');
        for (StringRef L : Parts)
          F.Lines.push_back(L.rtrim('\r'));
      }
    }
    if (Line0 < 0 || static_cast<size_t>(Line0) >= F.Lines.size())
      return std::nullopt;
    return F.Lines[Line0];
  }

private:
  struct File {
    std::unique_ptr<MemoryBuffer> Buf;
    std::vector<StringRef> Lines;
  };
  StringMap<File> Files;
};

/// Where the first Count columns of a line end, in bytes and in UTF-16 code units. Columns
/// are code points (SARIF's default columnKind) or UTF-16 units (columnKind utf16CodeUnits).
/// Columns past the end of the line count one unit each.
struct Offset {
  size_t Bytes = 0;
  int64_t Utf16 = 0;
};

Offset walkColumns(StringRef Line, int64_t Count, bool Utf16Columns) {
  Offset O;
  int64_t Walked = 0;
  while (Walked < Count && O.Bytes < Line.size()) {
    unsigned char Lead = Line[O.Bytes];
    size_t Len = Lead < 0xC0 ? 1 : Lead < 0xE0 ? 2 : Lead < 0xF0 ? 3 : 4;
    Len = std::min(Len, Line.size() - O.Bytes);
    unsigned Units = Len == 4 ? 2 : 1;
    O.Bytes += Len;
    O.Utf16 += Units;
    Walked += Utf16Columns ? Units : 1;
  }
  O.Utf16 += Count - Walked > 0 ? Count - Walked : 0;
  return O;
}

int64_t utf16Length(StringRef Line) {
  int64_t Units = 0;
  for (size_t I = 0; I < Line.size(); ++I) {
    unsigned char C = Line[I];
    if ((C & 0xC0) != 0x80) // not a continuation byte: a new code point
      Units += C >= 0xF0 ? 2 : 1;
  }
  return Units;
}

struct Position {
  int64_t Line = 0, Character = 0;
};

json::Object toJSON(Position Start, Position End) {
  return json::Object{{"start", json::Object{{"line", Start.Line}, {"character", Start.Character}}},
                      {"end", json::Object{{"line", End.Line}, {"character", End.Character}}}};
}

/// Everything a run's locations are resolved against.
struct RunContext {
  const Document &Doc;
  SourceLines &Src;
  const json::Object *BaseIds = nullptr;  // run.originalUriBaseIds
  const json::Array *Artifacts = nullptr; // run.artifacts
  bool Utf16Columns = false;
  StringMap<bool> InDocCache;

  bool inDoc(StringRef Path) {
    auto [It, New] = InDocCache.try_emplace(Path, false);
    if (New)
      It->second = samePath(Path, Doc.Path);
    return It->second;
  }

  std::string uriFor(StringRef Path) { return inDoc(Path) ? Doc.Uri : pathToUri(Path); }

  std::optional<std::string> resolve(StringRef Uri, std::optional<StringRef> BaseId,
                                     int Depth = 0) {
    if (hasScheme(Uri))
      return uriToPath(Uri);
    std::string Rel = percentDecode(Uri);
    if (sys::path::is_absolute(Rel)) {
      SmallString<256> P(Rel);
      sys::path::native(P);
      return std::string(P);
    }
    SmallString<256> Base;
    const json::Object *BaseLoc =
        BaseId && BaseIds && Depth < 4 ? BaseIds->getObject(*BaseId) : nullptr;
    if (BaseLoc && BaseLoc->getString("uri")) {
      if (auto B = resolve(*BaseLoc->getString("uri"), BaseLoc->getString("uriBaseId"), Depth + 1))
        Base = *B;
    }
    if (Base.empty())
      Base = sys::path::parent_path(Doc.Path);
    sys::path::append(Base, Rel);
    sys::path::native(Base);
    return std::string(Base);
  }

  std::optional<std::string> artifactPath(const json::Object *Artifact, int Depth = 0) {
    if (!Artifact)
      return std::nullopt;
    if (auto Uri = Artifact->getString("uri"))
      return resolve(*Uri, Artifact->getString("uriBaseId"));
    auto Index = Artifact->getInteger("index");
    if (Index && Artifacts && *Index >= 0 && static_cast<size_t>(*Index) < Artifacts->size() &&
        Depth < 2)
      if (const json::Object *A = (*Artifacts)[*Index].getAsObject())
        return artifactPath(A->getObject("location"), Depth + 1);
    return std::nullopt;
  }

  /// The LSP range of a SARIF region in Path. Without an end, the range covers the
  /// identifier at the start (or one character); without a start column, the whole line.
  json::Object range(StringRef Path, const json::Object *Region) {
    int64_t StartLine = Region ? Region->getInteger("startLine").value_or(1) : 1;
    StartLine = std::max<int64_t>(StartLine, 1);
    std::optional<int64_t> StartCol = Region ? Region->getInteger("startColumn") : std::nullopt;
    std::optional<StringRef> Text = Src.line(Path, StartLine - 1);
    Position Start{StartLine - 1, 0};
    if (!StartCol) {
      Position End{StartLine - 1, Text ? utf16Length(*Text) : 0};
      return toJSON(Start, End);
    }
    int64_t Col0 = std::max<int64_t>(*StartCol, 1) - 1;
    Offset S = Text ? walkColumns(*Text, Col0, Utf16Columns) : Offset{0, Col0};
    Start.Character = S.Utf16;

    int64_t EndLine = Region->getInteger("endLine").value_or(StartLine);
    std::optional<int64_t> EndCol = Region->getInteger("endColumn");
    if (EndCol && (EndLine > StartLine || (EndLine == StartLine && *EndCol > *StartCol))) {
      std::optional<StringRef> EndText = Src.line(Path, EndLine - 1);
      int64_t ECol0 = std::max<int64_t>(*EndCol, 1) - 1;
      Position End{EndLine - 1, EndText ? walkColumns(*EndText, ECol0, Utf16Columns).Utf16 : ECol0};
      return toJSON(Start, End);
    }
    // An empty region: cover the identifier that starts there, or one character.
    Position End = Start;
    if (Text && S.Bytes < Text->size()) {
      StringRef Rest = Text->drop_front(S.Bytes);
      size_t Word = 0;
      while (Word < Rest.size() && (isAlnum(Rest[Word]) || Rest[Word] == '_'))
        ++Word;
      End.Character += Word ? static_cast<int64_t>(Word) : walkColumns(Rest, 1, false).Utf16;
    } else {
      End.Character += 1;
    }
    return toJSON(Start, End);
  }
};

/// A resolved SARIF location: a file and an LSP range in it.
struct Place {
  std::string Path;
  json::Object Range;
  int64_t Line1 = 0; // 1-based, for messages
};

std::optional<Place> place(RunContext &C, const json::Object *Location) {
  const json::Object *Physical = Location ? Location->getObject("physicalLocation") : nullptr;
  if (!Physical)
    return std::nullopt;
  std::optional<std::string> Path = C.artifactPath(Physical->getObject("artifactLocation"));
  if (!Path)
    return std::nullopt;
  const json::Object *Region = Physical->getObject("region");
  Place P{*Path, C.range(*Path, Region), 1};
  if (Region)
    P.Line1 = Region->getInteger("startLine").value_or(1);
  return P;
}

std::string messageText(const json::Object *Holder) {
  const json::Object *Message = Holder ? Holder->getObject("message") : nullptr;
  if (!Message)
    return "";
  if (auto Text = Message->getString("text"))
    return Text->str();
  if (auto Markdown = Message->getString("markdown"))
    return Markdown->str();
  return "";
}

int severityOf(std::optional<StringRef> Level) {
  if (!Level)
    return 2;
  return StringSwitch<int>(*Level).Case("error", 1).Case("note", 3).Case("none", 4).Default(2);
}

/// The path notes of a result, in order: its first thread flow, else its related locations.
std::vector<const json::Object *> pathSteps(const json::Object &Result,
                                            std::vector<std::string> &Messages) {
  std::vector<const json::Object *> Steps;
  const json::Array *Flows = Result.getArray("codeFlows");
  const json::Object *Flow = Flows && !Flows->empty() ? (*Flows)[0].getAsObject() : nullptr;
  const json::Array *Threads = Flow ? Flow->getArray("threadFlows") : nullptr;
  const json::Object *Thread = Threads && !Threads->empty() ? (*Threads)[0].getAsObject() : nullptr;
  if (const json::Array *Locs = Thread ? Thread->getArray("locations") : nullptr) {
    for (const json::Value &V : *Locs) {
      const json::Object *TFL = V.getAsObject();
      const json::Object *Loc = TFL ? TFL->getObject("location") : nullptr;
      if (!Loc)
        continue;
      Steps.push_back(Loc);
      Messages.push_back(messageText(Loc));
    }
    return Steps;
  }
  if (const json::Array *Related = Result.getArray("relatedLocations"))
    for (const json::Value &V : *Related)
      if (const json::Object *Loc = V.getAsObject()) {
        Steps.push_back(Loc);
        Messages.push_back(messageText(Loc));
      }
  return Steps;
}

} // namespace

//===----------------------------------------------------------------------===//
// SARIF -> diagnostics
//===----------------------------------------------------------------------===//

Expected<json::Array> diagnosticsFromSarif(StringRef Sarif, const Document &Doc,
                                           bool PathInMessage) {
  Expected<json::Value> Log = json::parse(Sarif);
  if (!Log)
    return Log.takeError();
  const json::Object *Root = Log->getAsObject();
  const json::Array *Runs = Root ? Root->getArray("runs") : nullptr;
  if (!Runs)
    return createStringError(inconvertibleErrorCode(), "the SARIF log has no runs");

  SourceLines Src;
  json::Array Diagnostics;
  for (const json::Value &RunValue : *Runs) {
    const json::Object *Run = RunValue.getAsObject();
    if (!Run)
      continue;
    RunContext C{Doc, Src, nullptr, nullptr, false, {}};
    C.BaseIds = Run->getObject("originalUriBaseIds");
    C.Artifacts = Run->getArray("artifacts");
    C.Utf16Columns = Run->getString("columnKind") == StringRef("utf16CodeUnits");

    // Rules: id -> helpUri, and index -> id for results that only give ruleIndex.
    StringMap<std::string> HelpUris;
    std::vector<std::string> RuleIds;
    const json::Object *Tool = Run->getObject("tool");
    const json::Object *Driver = Tool ? Tool->getObject("driver") : nullptr;
    if (const json::Array *Rules = Driver ? Driver->getArray("rules") : nullptr)
      for (const json::Value &V : *Rules) {
        const json::Object *Rule = V.getAsObject();
        std::string Id = Rule ? Rule->getString("id").value_or("").str() : "";
        RuleIds.push_back(Id);
        if (auto Help = Rule ? Rule->getString("helpUri") : std::nullopt)
          HelpUris[Id] = Help->str();
      }

    static const json::Array NoResults;
    const json::Array *Results = Run->getArray("results");
    for (const json::Value &V : Results ? *Results : NoResults) {
      const json::Object *Result = V.getAsObject();
      if (!Result)
        continue;
      std::string RuleId = Result->getString("ruleId").value_or("").str();
      if (RuleId.empty()) {
        auto Index = Result->getInteger("ruleIndex");
        if (Index && *Index >= 0 && static_cast<size_t>(*Index) < RuleIds.size())
          RuleId = RuleIds[*Index];
      }

      std::vector<std::string> StepMessages;
      std::vector<const json::Object *> StepLocs = pathSteps(*Result, StepMessages);
      json::Array Related;
      std::string PathText; // the notes as text lines, for PathInMessage
      std::optional<json::Object> LastStepInDoc;
      for (size_t I = 0; I < StepLocs.size(); ++I) {
        std::optional<Place> P = place(C, StepLocs[I]);
        if (!P)
          continue;
        if (C.inDoc(P->Path))
          LastStepInDoc = P->Range;
        if (PathInMessage) {
          PathText += "\n  ";
          if (!C.inDoc(P->Path))
            PathText += (sys::path::filename(P->Path) + ":").str();
          PathText += ("line " + Twine(P->Line1) + ": " + StepMessages[I]).str();
        }
        Related.push_back(
            json::Object{{"location", json::Object{{"uri", C.uriFor(P->Path)},
                                                   {"range", json::Object(P->Range)}}},
                         {"message", StepMessages[I]}});
      }

      std::string Message = messageText(Result);
      const json::Array *Locations = Result->getArray("locations");
      std::optional<Place> Primary =
          Locations && !Locations->empty() ? place(C, (*Locations)[0].getAsObject()) : std::nullopt;
      json::Object Range;
      if (Primary && C.inDoc(Primary->Path)) {
        Range = std::move(Primary->Range);
      } else {
        // Found in another file (a header): show it where its path last was in this one.
        if (Primary)
          Message =
              (sys::path::filename(Primary->Path) + ":" + Twine(Primary->Line1) + ": " + Message)
                  .str();
        Range = LastStepInDoc ? std::move(*LastStepInDoc) : toJSON({0, 0}, {0, 0});
      }

      Message += PathText;
      json::Object Diagnostic{{"range", std::move(Range)},
                              {"severity", severityOf(Result->getString("level"))},
                              {"source", "wdklock"},
                              {"message", Message}};
      if (!RuleId.empty()) {
        Diagnostic["code"] = RuleId;
        auto Help = HelpUris.find(RuleId);
        if (Help != HelpUris.end() && !Help->second.empty())
          Diagnostic["codeDescription"] = json::Object{{"href", Help->second}};
      }
      if (!Related.empty())
        Diagnostic["relatedInformation"] = std::move(Related);
      Diagnostics.push_back(std::move(Diagnostic));
    }
  }
  return Diagnostics;
}

json::Value failureDiagnostic(const Document &Doc, StringRef Reason) {
  SourceLines Src;
  std::optional<StringRef> First = Src.line(Doc.Path, 0);
  int64_t End = First ? utf16Length(*First) : 0;
  return json::Object{{"range", toJSON({0, 0}, {0, End})},
                      {"severity", 1},
                      {"source", "wdklock"},
                      {"message", ("wdklock could not analyse this file: " + Reason).str()}};
}

std::string firstErrorLine(StringRef Stderr) {
  SmallVector<StringRef, 16> Lines;
  Stderr.split(Lines, '\n');
  StringRef First;
  for (StringRef L : Lines) {
    L = L.trim();
    if (L.empty())
      continue;
    if (L.contains("error:"))
      return L.str();
    if (First.empty())
      First = L;
  }
  return First.str();
}

} // namespace wdklock::lsp
