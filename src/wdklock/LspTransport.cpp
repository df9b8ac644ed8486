//===- LspTransport.cpp - JSON-RPC over stdio with LSP framing ------------===//
#include "LspTransport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <cstring>

using namespace llvm;

namespace wdklock::lsp {

//===----------------------------------------------------------------------===//
// Log
//===----------------------------------------------------------------------===//

static std::atomic<LogLevel> CurrentLevel{LogLevel::Info};
static std::mutex LogLock;

void setLogLevel(LogLevel Level) { CurrentLevel = Level; }

bool logs(LogLevel Level) { return Level <= CurrentLevel.load(); }

void log(LogLevel Level, const Twine &Message) {
  if (!logs(Level))
    return;
  const char Tag = Level == LogLevel::Error ? 'E' : Level == LogLevel::Info ? 'I' : 'V';
  auto Now = std::chrono::system_clock::now();
  std::lock_guard<std::mutex> Guard(LogLock);
  errs() << Tag << '[' << formatv("{0:%H:%M:%S.%L}", Now) << "] wdklock-lsp: " << Message << '\n';
  errs().flush();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

namespace {
/// Header lines longer than this are garbage; the rest of such a line is skipped.
constexpr size_t MaxHeaderLine = 64 * 1024;
/// A body larger than this is refused rather than buffered.
constexpr size_t MaxBody = 256 * 1024 * 1024;
} // namespace

bool Transport::readLine(std::string &Line) {
  Line.clear();
  for (;;) {
    int C = std::getc(In);
    if (C == EOF)
      return !Line.empty();
    if (C == '\n')
      break;
    if (Line.size() < MaxHeaderLine)
      Line.push_back(static_cast<char>(C));
  }
  if (!Line.empty() && Line.back() == '\r')
    Line.pop_back();
  return true;
}

Frame Transport::read() {
  std::optional<size_t> Length;
  std::string Problem;       // why the block has no usable length
  unsigned SkippedLines = 0; // lines that were not headers
  bool AnyLine = false;
  std::string Line;
  for (;;) {
    if (!readLine(Line))
      return Frame{Frame::End, "", ""};
    if (Line.empty()) {
      if (!AnyLine)
        continue; // blank lines between messages
      break;
    }
    AnyLine = true;
    StringRef L(Line);
    // "Content-Length" may come after garbage on the same line (an unframed body).
    size_t At = L.find_insensitive("content-length:");
    if (At != StringRef::npos) {
      if (At != 0)
        ++SkippedLines;
      StringRef Value = L.drop_front(At + strlen("content-length:")).trim();
      size_t N = 0;
      if (Value.getAsInteger(10, N))
        Problem = ("invalid Content-Length '" + Value + "'").str();
      else if (N > MaxBody)
        Problem = ("Content-Length " + Twine(N) + " is too large").str();
      else {
        Length = N;
        Problem.clear();
      }
      continue;
    }
    size_t Colon = L.find(':');
    auto IsNameChar = [](char C) { return isAlnum(C) || C == '-'; };
    if (Colon == StringRef::npos || Colon == 0 || !all_of(L.take_front(Colon), IsNameChar)) {
      ++SkippedLines;
      log(LogLevel::Verbose, "skipping header garbage: " + L.take_front(80));
    }
    // Other headers (Content-Type) are accepted and ignored.
  }
  if (SkippedLines)
    log(LogLevel::Error, "skipped " + Twine(SkippedLines) + " line(s) that were not headers");
  if (!Length)
    return Frame{Frame::BadHeader, "",
                 Problem.empty() ? "header block without Content-Length" : Problem};

  std::string Body(*Length, '\0');
  if (std::fread(Body.data(), 1, *Length, In) != *Length) {
    log(LogLevel::Error, "input ended inside a message body");
    return Frame{Frame::End, "", ""};
  }
  if (logs(LogLevel::Verbose))
    log(LogLevel::Verbose, "<<< " + Body);
  return Frame{Frame::Message, std::move(Body), ""};
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

void Transport::send(json::Value Message) {
  std::string Body;
  raw_string_ostream(Body) << Message;
  if (logs(LogLevel::Verbose))
    log(LogLevel::Verbose, ">>> " + Body);
  std::lock_guard<std::mutex> Guard(OutLock);
  std::fprintf(Out, "Content-Length: %zu\r\n\r\n", Body.size());
  std::fwrite(Body.data(), 1, Body.size(), Out);
  std::fflush(Out);
}

void Transport::notify(StringRef Method, json::Value Params) {
  send(json::Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

void Transport::reply(json::Value Id, json::Value Result) {
  send(json::Object{{"jsonrpc", "2.0"}, {"id", std::move(Id)}, {"result", std::move(Result)}});
}

void Transport::replyError(json::Value Id, int Code, StringRef Message) {
  log(LogLevel::Info, "answering error " + Twine(Code) + ": " + Message);
  send(json::Object{{"jsonrpc", "2.0"},
                    {"id", std::move(Id)},
                    {"error", json::Object{{"code", Code}, {"message", Message}}}});
}

} // namespace wdklock::lsp
