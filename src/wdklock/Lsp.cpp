//===- Lsp.cpp - wdklock --lsp: a small language server for the wdk checkers ---===//
//
// clangd does not run the static analyzer, so editors run this server next to it. It speaks
// LSP 3.17 over stdio and does one thing: when a C or C++ file is opened or saved, it analyses
// the file as saved on disk and publishes the findings as diagnostics, each with its path
// notes as related information (and the lock sites the analysis did not explore as hints).
//
//   client                               server
//   initialize  ------------------------> capabilities: open/close and save, no edits
//   textDocument/didOpen, didSave  -----> analysis on a worker (LspAnalysis.h)
//               <------------------------ textDocument/publishDiagnostics
//   textDocument/didClose  -------------> publishDiagnostics with an empty list
//   shutdown, exit  --------------------> exit status 0 (exit alone: 1)
//
// The message loop never waits for an analysis. Broken input does not stop it: bad JSON is
// answered with ParseError, a bad header block with ParseError too, bad params with
// InvalidParams, an unknown request with MethodNotFound; unknown notifications are ignored.
// stdout carries only LSP messages (anything else that writes to fd 1 lands on stderr).
//
//===----------------------------------------------------------------------===//
#include "Lsp.h"
#include "Depth.h"
#include "LspAnalysis.h"
#include "LspDiagnostics.h"
#include "LspTransport.h"

#include "wdklock/Version.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <thread>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace llvm;

namespace wdklock {
namespace lsp {
namespace {

const char Usage[] = R"(usage: wdklock --lsp [options]

Runs the wdklock language server on stdin/stdout (LSP 3.17). Start it from an editor next
to clangd; it publishes the wdk checkers' findings for C and C++ files on open and save.

options:
  --jobs=N                 analyses at a time (default: the number of cores, at most 4)
  --analysis-timeout=SECS  stop an analysis that runs longer (default 300)
  --log=error|info|verbose log level on stderr (default info; verbose traces messages)
  --path-in-message        also write the path notes into each diagnostic's message, for
                           editors that do not show relatedInformation
  --depth=quick|default|deep
                           the analyses' budgets (see wdklock --help; default: default)
  --no-unexplored-hints    do not publish the lock sites the analysis did not explore as
                           hints (initializationOptions.unexploredHints: false does the same)
  --analyzer=PATH          run PATH instead of this wdklock for analyses
)";

struct Settings {
  Analyzer::Options Analysis;
  LogLevel Level = LogLevel::Info;
  bool UnexploredHints = true;
};

/// An absolute path without `.` and `..`.
std::string cleanPath(StringRef Path) {
  SmallString<256> P(Path);
  sys::fs::make_absolute(P);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

class Server {
public:
  Server(Transport &T, Analyzer::Options Opts, bool UnexploredHints)
      : T(T), Analyses(std::move(Opts),
                       [&T](const std::string &Uri, json::Array Diags) {
                         T.notify("textDocument/publishDiagnostics",
                                  json::Object{{"uri", Uri}, {"diagnostics", std::move(Diags)}});
                       }),
        UnexploredHints(UnexploredHints) {}

  /// Serves until `exit` or the end of input; returns the exit status.
  int run() {
    for (;;) {
      Frame F = T.read();
      if (F.K == Frame::End) {
        log(LogLevel::Error, "input ended before an exit notification");
        return 1;
      }
      if (F.K == Frame::BadHeader) {
        T.replyError(nullptr, ParseError, "invalid message header: " + F.Error);
        continue;
      }
      if (std::optional<int> Status = handle(F.Body))
        return *Status;
    }
  }

private:
  /// One message; an exit status when it was `exit`.
  std::optional<int> handle(StringRef Body) {
    Expected<json::Value> Message = json::parse(Body);
    if (!Message) {
      T.replyError(nullptr, ParseError, "Parse error: " + toString(Message.takeError()));
      return std::nullopt;
    }
    const json::Object *M = Message->getAsObject();
    if (!M) {
      T.replyError(nullptr, InvalidRequest, "a message must be a JSON object");
      return std::nullopt;
    }
    const json::Value *Id = M->get("id");
    const json::Value *MethodValue = M->get("method");
    if (!MethodValue) {
      if (Id && (M->get("result") || M->get("error")))
        return std::nullopt; // a response; this server sends no requests
      T.replyError(Id ? *Id : nullptr, InvalidRequest, "a message without a method");
      return std::nullopt;
    }
    if (Id && Id->kind() != json::Value::String && Id->kind() != json::Value::Number) {
      T.replyError(nullptr, InvalidRequest, "a request id must be a number or a string");
      return std::nullopt;
    }
    std::optional<StringRef> Method = MethodValue->getAsString();
    if (!Method) {
      if (Id)
        T.replyError(*Id, InvalidRequest, "the method must be a string");
      return std::nullopt;
    }
    if (M->getString("jsonrpc") != StringRef("2.0"))
      log(LogLevel::Info, "message without \"jsonrpc\": \"2.0\"");
    const json::Value *Params = M->get("params");
    if (Id) {
      request(*Id, *Method, Params);
      return std::nullopt;
    }
    return notification(*Method, Params);
  }

  //===--------------------------------------------------------------------===//
  // Requests
  //===--------------------------------------------------------------------===//

  void request(const json::Value &Id, StringRef Method, const json::Value *Params) {
    if (Method == "initialize")
      return initialize(Id, Params);
    if (!Initialized)
      return T.replyError(Id, ServerNotInitialized, "the server has not been initialized");
    if (ShutDown)
      return T.replyError(Id, InvalidRequest, "the server is shutting down");
    if (Method == "shutdown") {
      ShutDown = true;
      Analyses.stop();
      return T.reply(Id, nullptr);
    }
    T.replyError(Id, MethodNotFound, ("method not found: " + Method).str());
  }

  void initialize(const json::Value &Id, const json::Value *Params) {
    if (Initialized)
      return T.replyError(Id, InvalidRequest, "initialize was already received");
    const json::Object *P = Params ? Params->getAsObject() : nullptr;
    if (!P)
      return T.replyError(Id, InvalidParams, "initialize takes an InitializeParams object");
    auto BadType = [&](StringRef Field, StringRef Want) {
      T.replyError(Id, InvalidParams, ("initialize: " + Field + " must be " + Want).str());
    };
    auto IsNull = [](const json::Value *V) { return !V || V->kind() == json::Value::Null; };
    const json::Value *RootUri = P->get("rootUri"), *RootPath = P->get("rootPath"),
                      *Folders = P->get("workspaceFolders"),
                      *InitOptions = P->get("initializationOptions");
    if (!IsNull(RootUri) && !RootUri->getAsString())
      return BadType("rootUri", "a string or null");
    if (!IsNull(RootPath) && !RootPath->getAsString())
      return BadType("rootPath", "a string or null");
    if (!IsNull(Folders) && !Folders->getAsArray())
      return BadType("workspaceFolders", "an array or null");
    if (const json::Value *Caps = P->get("capabilities"); Caps && !Caps->getAsObject())
      return BadType("capabilities", "an object");

    std::vector<std::string> NewRoots;
    if (!IsNull(Folders)) {
      for (const json::Value &F : *Folders->getAsArray()) {
        const json::Object *Folder = F.getAsObject();
        std::optional<StringRef> Uri = Folder ? Folder->getString("uri") : std::nullopt;
        if (!Uri)
          return BadType("workspaceFolders[]", "objects with a uri");
        addRoot(NewRoots, *Uri);
      }
    }
    if (NewRoots.empty() && !IsNull(RootUri))
      addRoot(NewRoots, *RootUri->getAsString());
    if (NewRoots.empty() && !IsNull(RootPath) && !RootPath->getAsString()->empty())
      NewRoots.push_back(cleanPath(*RootPath->getAsString()));
    Roots = std::move(NewRoots);
    if (const json::Object *IO = InitOptions ? InitOptions->getAsObject() : nullptr) {
      if (auto Db = IO->getString("compilationDatabasePath"))
        ExplicitDb = Db->str();
      if (const json::Value *Hints = IO->get("unexploredHints")) {
        if (!Hints->getAsBoolean())
          return BadType("initializationOptions.unexploredHints", "a boolean");
        UnexploredHints = *Hints->getAsBoolean();
      }
    }

    Initialized = true;
    for (const std::string &R : Roots)
      log(LogLevel::Info, "workspace root " + R);
    T.reply(Id, json::Object{
                    {"capabilities",
                     json::Object{
                         {"positionEncoding", "utf-16"},
                         {"textDocumentSync",
                          json::Object{{"openClose", true}, {"change", 0}, {"save", true}}},
                     }},
                    {"serverInfo", json::Object{{"name", "wdklock"}, {"version", WDKLOCK_VERSION}}},
                });
  }

  static void addRoot(std::vector<std::string> &Roots, StringRef Uri) {
    if (std::optional<std::string> Path = uriToPath(Uri))
      Roots.push_back(cleanPath(*Path));
    else
      log(LogLevel::Error, "ignoring a workspace folder that is not a file URI: " + Uri);
  }

  //===--------------------------------------------------------------------===//
  // Notifications
  //===--------------------------------------------------------------------===//

  std::optional<int> notification(StringRef Method, const json::Value *Params) {
    if (Method == "exit")
      return ShutDown ? 0 : 1;
    if (!Initialized || ShutDown) {
      log(LogLevel::Verbose,
          "dropping " + Method + (ShutDown ? " after shutdown" : " before initialize"));
      return std::nullopt;
    }
    const json::Object *P = Params ? Params->getAsObject() : nullptr;
    if (Method == "textDocument/didOpen" || Method == "textDocument/didSave") {
      if (std::optional<std::string> Uri = documentUri(Method, P))
        analyse(*Uri, Method == "textDocument/didOpen");
    } else if (Method == "textDocument/didClose") {
      if (std::optional<std::string> Uri = documentUri(Method, P)) {
        Open.erase(*Uri);
        Analyses.close(*Uri);
      }
    } else if (Method == "workspace/didChangeWorkspaceFolders") {
      changeFolders(P ? P->getObject("event") : nullptr);
    } else if (Method != "initialized") {
      log(LogLevel::Verbose, "ignoring notification " + Method);
    }
    return std::nullopt;
  }

  /// params.textDocument.uri, or nothing (logged: a notification cannot be answered).
  std::optional<std::string> documentUri(StringRef Method, const json::Object *P) {
    const json::Object *Doc = P ? P->getObject("textDocument") : nullptr;
    std::optional<StringRef> Uri = Doc ? Doc->getString("uri") : std::nullopt;
    if (!Uri) {
      log(LogLevel::Error, Method + ": params.textDocument.uri is missing");
      return std::nullopt;
    }
    return Uri->str();
  }

  void analyse(const std::string &Uri, bool Opening) {
    auto It = Open.find(Uri);
    if (It == Open.end()) {
      if (!Opening) {
        log(LogLevel::Info, "didSave of a document that is not open: " + Uri);
        return;
      }
      std::optional<std::string> Path = uriToPath(Uri);
      if (!Path) {
        log(LogLevel::Info, "not a file URI, not analysed: " + Uri);
        return;
      }
      It = Open.emplace(Uri, Document{cleanPath(*Path), Uri}).first;
    }
    const Document &Doc = It->second;
    std::optional<std::string> Db = findCompilationDatabase(Roots, Doc.Path, ExplicitDb);
    log(LogLevel::Verbose, Doc.Path + ": compilation database " + (Db ? *Db : "(none)"));
    Analyses.schedule(AnalysisTask{Doc, Db, UnexploredHints});
  }

  void changeFolders(const json::Object *Event) {
    if (!Event)
      return;
    std::vector<std::string> Removed;
    if (const json::Array *R = Event->getArray("removed"))
      for (const json::Value &F : *R)
        if (const json::Object *O = F.getAsObject())
          if (auto Uri = O->getString("uri"))
            addRoot(Removed, *Uri);
    llvm::erase_if(Roots, [&](const std::string &Root) { return is_contained(Removed, Root); });
    if (const json::Array *A = Event->getArray("added"))
      for (const json::Value &F : *A)
        if (const json::Object *O = F.getAsObject())
          if (auto Uri = O->getString("uri"))
            addRoot(Roots, *Uri);
  }

  Transport &T;
  Analyzer Analyses;
  bool Initialized = false;
  bool ShutDown = false;
  std::vector<std::string> Roots;
  std::string ExplicitDb;
  bool UnexploredHints;                 // lock sites not explored as hints
  std::map<std::string, Document> Open; // by URI; the message loop's own
};

/// Parses the options after --lsp; an exit status when the server should not run.
std::optional<int> parseOptions(int argc, const char **argv, Settings &S) {
  unsigned Cores = std::thread::hardware_concurrency();
  S.Analysis.Workers = std::clamp(Cores, 1u, 4u);
  for (int I = 1; I < argc; ++I) {
    StringRef A = argv[I];
    StringRef V;
    auto Number = [&](StringRef Name, unsigned &Out) {
      if (V.getAsInteger(10, Out) || Out == 0) {
        errs() << "wdklock --lsp: " << Name << " needs a positive number, not '" << V << "'\n";
        return false;
      }
      return true;
    };
    if (A == "--lsp") {
      continue;
    } else if (A == "--help" || A == "-h") {
      outs() << Usage;
      return 0;
    } else if (A.consume_front("--jobs=") || A.consume_front("-j")) {
      V = A.empty() && I + 1 < argc ? StringRef(argv[++I]) : A;
      if (!Number("--jobs", S.Analysis.Workers))
        return 2;
    } else if (A.consume_front("--analysis-timeout=")) {
      V = A;
      if (!Number("--analysis-timeout", S.Analysis.TimeoutSeconds))
        return 2;
    } else if (A.consume_front("--log=")) {
      if (A == "error")
        S.Level = LogLevel::Error;
      else if (A == "info")
        S.Level = LogLevel::Info;
      else if (A == "verbose")
        S.Level = LogLevel::Verbose;
      else {
        errs() << "wdklock --lsp: --log takes error, info or verbose, not '" << A << "'\n";
        return 2;
      }
    } else if (A == "--path-in-message") {
      S.Analysis.PathInMessage = true;
    } else if (A == "--no-unexplored-hints") {
      S.UnexploredHints = false;
    } else if (A.consume_front("--depth=")) {
      if (!parseDepth(A)) {
        errs() << "wdklock --lsp: --depth takes quick, default or deep, not '" << A << "'\n";
        return 2;
      }
      S.Analysis.Depth = A.str();
    } else if (A.consume_front("--analyzer=")) {
      // A bare name is looked up on PATH, as a shell would.
      ErrorOr<std::string> Found = A.contains('/') || A.contains('\\')
                                       ? ErrorOr<std::string>(A.str())
                                       : sys::findProgramByName(A);
      if (!Found) {
        errs() << "wdklock --lsp: --analyzer: cannot find '" << A << "'\n";
        return 2;
      }
      S.Analysis.Self = *Found;
    } else {
      errs() << "wdklock --lsp: unknown option '" << argv[I] << "'\n" << Usage;
      return 2;
    }
  }
  if (S.Analysis.Self.empty()) {
    S.Analysis.Self = sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(reinterpret_cast<intptr_t>(&runLanguageServer)));
    if (S.Analysis.Self.empty())
      S.Analysis.Self = argv[0];
  }
  return std::nullopt;
}

/// The stream LSP messages go to. On POSIX, fd 1 is pointed at stderr afterwards, so nothing
/// else that prints to stdout can corrupt the channel, and children never inherit it.
std::FILE *takeStdout() {
  sys::ChangeStdinToBinary();
  sys::ChangeStdoutToBinary();
#ifndef _WIN32
  std::fflush(stdout);
  int Fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (Fd >= 0) {
    if (std::FILE *Out = ::fdopen(Fd, "w")) {
      ::dup2(STDERR_FILENO, STDOUT_FILENO);
      return Out;
    }
    ::close(Fd);
  }
#endif
  return stdout;
}

} // namespace
} // namespace lsp

int runLanguageServer(int argc, const char **argv) {
  using namespace lsp;
  Settings S;
  if (std::optional<int> Status = parseOptions(argc, argv, S))
    return *Status;
  setLogLevel(S.Level);
  log(LogLevel::Info, "wdklock " WDKLOCK_VERSION " language server; analyses run " +
                          S.Analysis.Self + ", " + Twine(S.Analysis.Workers) + " at a time");
  Transport T(stdin, takeStdout());
  int Status;
  {
    Server Srv(T, S.Analysis, S.UnexploredHints);
    Status = Srv.run();
  } // joins the workers, killing running analyses
  log(LogLevel::Info, "exiting with status " + Twine(Status));
  return Status;
}

} // namespace wdklock
