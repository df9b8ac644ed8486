//===- LspTransport.h - JSON-RPC over stdio with LSP framing ----*- C++ -*-===//
//
// A message on the wire is a header block and a body:
//
//   Content-Length: 52\r\n
//   \r\n
//   {"jsonrpc":"2.0","id":1,"method":"shutdown"}...
//
// The reader is forgiving: a header line that is not `Name: value` is skipped, and a
// `Content-Length:` glued to the end of such garbage (the body of a message that had no
// length, say) is found again, so one bad message costs one message. A header block with no
// usable length is reported so the server can answer with an error.
//
//===----------------------------------------------------------------------===//
#ifndef WDKLOCK_LSPTRANSPORT_H
#define WDKLOCK_LSPTRANSPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"

#include <cstdio>
#include <mutex>
#include <string>

namespace wdklock::lsp {

/// Log lines go to stderr (stdout carries only LSP messages).
enum class LogLevel { Error, Info, Verbose };
void setLogLevel(LogLevel Level);
bool logs(LogLevel Level);
void log(LogLevel Level, const llvm::Twine &Message);

/// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
};

/// One thing read from the client.
struct Frame {
  enum Kind { Message, BadHeader, End } K = End;
  std::string Body;  ///< Message: the body, not yet parsed.
  std::string Error; ///< BadHeader: what was wrong with the header block.
};

/// Reads frames from one stream and writes messages to another. Reading happens on one
/// thread; sending is safe from any thread.
class Transport {
public:
  Transport(std::FILE *In, std::FILE *Out) : In(In), Out(Out) {}

  /// Blocks until a whole message, a bad header block or the end of input.
  Frame read();

  void notify(llvm::StringRef Method, llvm::json::Value Params);
  void reply(llvm::json::Value Id, llvm::json::Value Result);
  void replyError(llvm::json::Value Id, int Code, llvm::StringRef Message);

private:
  void send(llvm::json::Value Message);
  /// Reads up to '\n' (dropped, and a '\r' before it); false at the end of input.
  bool readLine(std::string &Line);

  std::FILE *In;
  std::FILE *Out;
  std::mutex OutLock;
};

} // namespace wdklock::lsp

#endif
