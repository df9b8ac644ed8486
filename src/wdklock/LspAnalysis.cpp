//===- LspAnalysis.cpp - The language server's analyses, off the message loop ---===//
#include "LspAnalysis.h"
#include "LspTransport.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <chrono>

#ifdef _WIN32
#define NOMINMAX
#include <windows.h>
#else
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
extern char **environ;
#endif

using namespace llvm;

namespace wdklock::lsp {

//===----------------------------------------------------------------------===//
// Compilation database
//===----------------------------------------------------------------------===//

static bool hasCompileCommands(StringRef Dir) {
  SmallString<256> P(Dir);
  sys::path::append(P, "compile_commands.json");
  return sys::fs::is_regular_file(P);
}

/// Whether File lies under Dir (component-wise: /a/bc is not under /a/b).
static bool isUnder(StringRef File, StringRef Dir) {
  auto F = sys::path::begin(File), FE = sys::path::end(File);
  for (auto D = sys::path::begin(Dir), DE = sys::path::end(Dir); D != DE; ++D, ++F) {
    if (*D == "." && std::next(D) == DE)
      break;
    if (F == FE || *F != *D)
      return false;
  }
  return true;
}

std::optional<std::string> findCompilationDatabase(ArrayRef<std::string> Roots, StringRef File,
                                                   StringRef ExplicitDir) {
  if (!ExplicitDir.empty()) {
    SmallString<256> Dir(ExplicitDir);
    if (!sys::path::is_absolute(Dir) && !Roots.empty()) {
      // Relative to the first workspace root (spelled without the two-argument
      // make_absolute, which moved from sys::fs to sys::path in LLVM 22).
      SmallString<256> Absolute(Roots.front());
      sys::path::append(Absolute, Dir);
      Dir = Absolute;
    }
    if (hasCompileCommands(Dir))
      return std::string(Dir);
    log(LogLevel::Error, "no compile_commands.json in compilationDatabasePath " + Dir);
  }
  std::vector<std::string> Containing;
  for (const std::string &Root : Roots)
    if (isUnder(File, Root))
      Containing.push_back(Root);
  // The deepest root first: a nested workspace folder knows its own build.
  std::stable_sort(Containing.begin(), Containing.end(),
                   [](const std::string &A, const std::string &B) { return A.size() > B.size(); });
  for (const std::string &Root : Containing) {
    if (hasCompileCommands(Root))
      return Root;
    SmallString<256> Build(Root);
    sys::path::append(Build, "build");
    if (hasCompileCommands(Build))
      return std::string(Build);
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Children
//===----------------------------------------------------------------------===//

namespace {

/// A running analysis. On POSIX it leads a process group of its own, so that stopping it
/// also stops the analysis children the wrapper starts; elsewhere LLVM starts it and only
/// the process itself is stopped.
class Child {
public:
  /// Starts Program with Args (Args[0] is the program's name); stdin and stdout are the
  /// null device (they are the LSP channel here), stderr goes to ErrPath.
  static std::optional<Child> start(StringRef Program, ArrayRef<StringRef> Args, StringRef ErrPath,
                                    std::string &Error);
  /// Whether it has ended; it is not reaped yet, so its pid stays ours.
  bool ended() const;
  /// Stops it and what it started.
  void kill() const;
  /// Reaps it once it has ended or been stopped: the exit status, or -2 with Why set when
  /// a signal ended it.
  int wait(std::string &Why) const;

private:
  sys::ProcessInfo PI;
};

#ifdef _WIN32
std::optional<Child> Child::start(StringRef Program, ArrayRef<StringRef> Args, StringRef ErrPath,
                                  std::string &Error) {
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(""), ErrPath};
  bool Failed = false;
  Child C;
  C.PI = sys::ExecuteNoWait(Program, Args, std::nullopt, Redirects, 0, &Error, &Failed);
  if (Failed || C.PI.Pid == sys::ProcessInfo::InvalidPid)
    return std::nullopt;
  return C;
}

bool Child::ended() const { return WaitForSingleObject(PI.Process, 0) == WAIT_OBJECT_0; }

void Child::kill() const { TerminateProcess(PI.Process, 3); }

int Child::wait(std::string &Why) const { return sys::Wait(PI, std::nullopt, &Why).ReturnCode; }
#else
std::optional<Child> Child::start(StringRef Program, ArrayRef<StringRef> Args, StringRef ErrPath,
                                  std::string &Error) {
  std::string ProgramZ = Program.str(), ErrZ = ErrPath.str();
  std::vector<std::string> Strings(Args.begin(), Args.end());
  std::vector<char *> Argv;
  for (std::string &S : Strings)
    Argv.push_back(S.data());
  Argv.push_back(nullptr);

  posix_spawn_file_actions_t Files;
  posix_spawnattr_t Attr;
  posix_spawn_file_actions_init(&Files);
  posix_spawnattr_init(&Attr);
  posix_spawn_file_actions_addopen(&Files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Files, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Files, 2, ErrZ.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_setpgroup(&Attr, 0); // a new group, led by the child
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETPGROUP);
  pid_t Pid = 0;
  int Err = posix_spawn(&Pid, ProgramZ.c_str(), &Files, &Attr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Files);
  posix_spawnattr_destroy(&Attr);
  if (Err) {
    Error = std::strerror(Err);
    return std::nullopt;
  }
  Child C;
  C.PI.Pid = Pid;
  return C;
}

bool Child::ended() const {
  siginfo_t Info;
  Info.si_pid = 0;
  if (waitid(P_PID, PI.Pid, &Info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return true; // nothing to wait for: wait() says why
  return Info.si_pid != 0;
}

void Child::kill() const { ::kill(-PI.Pid, SIGKILL); }

int Child::wait(std::string &Why) const {
  // Whatever the leader left running in its group goes too. The leader is not reaped yet, so
  // the group id is still ours.
  ::kill(-PI.Pid, SIGKILL);
  int Status = 0;
  pid_t R;
  do
    R = waitpid(PI.Pid, &Status, 0);
  while (R == -1 && errno == EINTR);
  if (R == -1) {
    Why = std::strerror(errno);
    return -1;
  }
  if (WIFSIGNALED(Status)) {
    Why = strsignal(WTERMSIG(Status));
    return -2;
  }
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
}
#endif

std::string readFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true, /*RequiresNullTerminator=*/false);
  return Buf ? (*Buf)->getBuffer().str() : "";
}

json::Array failure(const Document &Doc, const Twine &Reason) {
  std::string Text = Reason.str();
  log(LogLevel::Error, Doc.Path + ": " + Text);
  json::Array A;
  A.push_back(failureDiagnostic(Doc, Text));
  return A;
}

} // namespace

std::optional<json::Array> Analyzer::analyse(const AnalysisTask &Job,
                                             function_ref<bool()> Cancelled) {
  const Document &Doc = Job.Doc;
  SmallString<128> SarifPath, ErrPath;
  if (std::error_code EC = sys::fs::createTemporaryFile("wdklock-lsp", "sarif", SarifPath))
    return failure(Doc, "cannot create a temporary file: " + EC.message());
  if (std::error_code EC = sys::fs::createTemporaryFile("wdklock-lsp", "stderr", ErrPath)) {
    sys::fs::remove(SarifPath);
    return failure(Doc, "cannot create a temporary file: " + EC.message());
  }
  auto Cleanup = make_scope_exit([&] {
    sys::fs::remove(SarifPath);
    sys::fs::remove(ErrPath);
  });

  SmallVector<StringRef, 8> Args{Opts.Self, "--format=sarif", "-o", SarifPath};
  if (Job.ShowUnexplored)
    Args.push_back("--show-unexplored");
  std::string DepthArg = "--depth=" + Opts.Depth;
  if (!Opts.Depth.empty())
    Args.push_back(DepthArg);
  if (Job.CompileDbDir)
    Args.append({"-p", *Job.CompileDbDir});
  Args.push_back(Doc.Path);
  if (logs(LogLevel::Info)) {
    std::string Command;
    for (StringRef A : Args)
      Command += (Command.empty() ? "" : " ") + A.str();
    log(LogLevel::Info, "running " + Command);
  }
  auto Start = std::chrono::steady_clock::now();
  std::string Why;
  std::optional<Child> C = Child::start(Opts.Self, Args, ErrPath, Why);
  if (!C)
    return failure(Doc, "cannot run " + Opts.Self + ": " + Why);

  // Poll rather than block, so a newer save, a close or shutdown can stop the child.
  auto Deadline = Start + std::chrono::seconds(Opts.TimeoutSeconds);
  while (!C->ended()) {
    if (Cancelled()) {
      C->kill();
      C->wait(Why);
      log(LogLevel::Info, Doc.Path + ": analysis stopped (saved again, closed or shutting down)");
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() > Deadline) {
      C->kill();
      C->wait(Why);
      return failure(Doc, "the analysis took longer than " + Twine(Opts.TimeoutSeconds) +
                              " s and was stopped");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  int Status = C->wait(Why);
  auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  Start)
                .count();
  std::string Stderr = readFile(ErrPath);
  log(LogLevel::Info, Doc.Path + ": exit status " + Twine(Status) + " after " + Twine(Ms) + " ms");
  if (!Stderr.empty())
    log(Status == 0 || Status == 1 ? LogLevel::Verbose : LogLevel::Info,
        "stderr of the analysis:\n" + StringRef(Stderr).rtrim());

  if (Status == 0 || Status == 1) {
    Expected<json::Array> Diags =
        diagnosticsFromSarif(readFile(SarifPath), Doc, Opts.PathInMessage);
    if (!Diags)
      return failure(Doc, "cannot read the analysis's SARIF log: " + toString(Diags.takeError()));
    return std::move(*Diags);
  }
  std::string Line = firstErrorLine(Stderr);
  if (Status == 2)
    return failure(Doc, Line.empty() ? "the analysis failed without saying why" : Line);
  std::string Reason = Status == -2 ? "the analyzer crashed (" + Why + ")"
                                    : "the analyzer exited with status " + std::to_string(Status);
  if (!Line.empty())
    Reason += ": " + Line;
  return failure(Doc, Reason);
}

//===----------------------------------------------------------------------===//
// Scheduling
//===----------------------------------------------------------------------===//

Analyzer::Analyzer(Options O, Publisher P) : Opts(std::move(O)), Publish(std::move(P)) {
  for (unsigned I = 0; I < std::max(1u, Opts.Workers); ++I)
    Workers.emplace_back([this] { work(); });
}

Analyzer::~Analyzer() { stop(); }

void Analyzer::stop() {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Stopping = true;
  }
  Wake.notify_all();
  for (std::thread &T : Workers)
    if (T.joinable())
      T.join();
}

void Analyzer::schedule(AnalysisTask Job) {
  std::string Uri = Job.Doc.Uri;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Stopping)
    return;
  Entry &E = Docs[Uri];
  E.Job = std::move(Job);
  E.Open = true;
  ++E.Gen;
  if (E.Running || E.Queued)
    return; // the running analysis is stale now; its worker queues this one again
  E.Queued = true;
  Queue.push_back(Uri);
  Wake.notify_one();
}

void Analyzer::close(const std::string &Uri) {
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = Docs.find(Uri);
  if (It != Docs.end()) {
    ++It->second.Gen;
    It->second.Open = false;
    if (!It->second.Running)
      Docs.erase(It); // a queued URI without an entry is skipped
  }
  Publish(Uri, json::Array());
}

void Analyzer::work() {
  std::unique_lock<std::mutex> Guard(Lock);
  for (;;) {
    Wake.wait(Guard, [&] { return Stopping || !Queue.empty(); });
    if (Stopping)
      return;
    std::string Uri = std::move(Queue.front());
    Queue.pop_front();
    auto It = Docs.find(Uri);
    if (It == Docs.end() || !It->second.Queued)
      continue;            // closed, or a duplicate left behind by close and reopen
    Entry &E = It->second; // stays put: entries are erased only when not running
    E.Queued = false;
    E.Running = true;
    const uint64_t Gen = E.Gen;
    AnalysisTask Job = E.Job;

    Guard.unlock();
    std::optional<json::Array> Diags = analyse(Job, [&] {
      std::lock_guard<std::mutex> G(Lock);
      return Stopping || E.Gen != Gen;
    });
    Guard.lock();

    E.Running = false;
    if (!E.Open) {
      Docs.erase(Uri);
      continue;
    }
    if (E.Gen == Gen && Diags && !Stopping)
      Publish(Uri, std::move(*Diags));
    else if (E.Gen != Gen && !E.Queued) {
      E.Queued = true;
      Queue.push_back(Uri);
      Wake.notify_one();
    }
  }
}

} // namespace wdklock::lsp
