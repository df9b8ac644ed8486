#!/usr/bin/env python3
"""A scripted LSP client for testing `wdklock --lsp`.

    lsp_client.py --root DIR --script FILE [--timeout SECS] -- SERVER [ARGS...]

Starts SERVER, plays the script's `LSP:` lines (any prefix such as `#` before `LSP:` is
ignored) and prints what came back in a stable form for FileCheck. Paths in the script are
relative to --root; URIs in the output are printed relative to it. Every wait is bounded by
--timeout; a timeout prints `TIMEOUT ...` and makes the client exit 1.

Commands:
  initialize [DIR|-]        initialize with rootUri DIR (default: the root; `-`: null), then
                            `initialized`
  initialize-folders DIR..  initialize with workspaceFolders instead of rootUri
  open PATH [LANG]          textDocument/didOpen with the file's text (LANG default c)
  save PATH                 textDocument/didSave
  close PATH                textDocument/didClose
  copy SRC DST              copy a file (to change it between open and save)
  diagnostics PATH          wait for the next publishDiagnostics for PATH and print it
  request METHOD [JSON]     send a request, wait for its answer, print it
  notify METHOD [JSON]      send a notification
  body TEXT                 send TEXT as a correctly framed body (escapes such as \\n work)
  raw TEXT                  send TEXT as it is (escapes work): a broken header, say
  error                     wait for an error answer with id null and print it
  shutdown                  request shutdown and print the answer
  exit                      send exit, wait for the server to end, print its status
  eof                       close the server's stdin, wait for it to end, print its status
  sleep SECS

Timing lines (`timing: PATH first diagnostics N ms after didOpen`) go to stderr.
"""
import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


class Timeout(Exception):
    pass


class ServerProcess:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.pending = []  # received, not yet consumed, in order
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(("eof", None))
                    return
                line = line.rstrip(b"\r\n")
                if not line:
                    break
                name, sep, value = line.partition(b":")
                if not sep:
                    self.inbox.put(("protocol-error", "not a header line: %r" % line))
                    return
                headers[name.strip().lower()] = value.strip()
            if b"content-length" not in headers:
                self.inbox.put(("protocol-error", "no Content-Length in %r" % headers))
                return
            body = out.read(int(headers[b"content-length"]))
            try:
                self.inbox.put(("message", json.loads(body)))
            except ValueError as e:
                self.inbox.put(("protocol-error", "bad JSON from the server: %s" % e))
                return

    def send_bytes(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def wait_for(self, match, what, timeout):
        """The first pending or arriving message for which match(message) is true."""
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.pending):
                if match(m):
                    return self.pending.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout(what)
            try:
                kind, value = self.inbox.get(timeout=left)
            except queue.Empty:
                raise Timeout(what)
            if kind == "message":
                self.pending.append(value)
            elif kind == "eof":
                self.inbox.put((kind, value))  # stays at the end
                raise Timeout(what + " (the server closed stdout)")
            else:
                raise Timeout(what + " (" + value + ")")

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("the server to exit")


class Client:
    def __init__(self, server, root, timeout):
        self.server = server
        self.root = os.path.realpath(root)
        self.timeout = timeout
        self.next_id = 1
        self.sent_at = {}  # uri -> (time, event) of the last didOpen/didSave
        self.first_seen = set()

    # Paths and URIs.
    def path(self, rel):
        return os.path.join(self.root, rel)

    def uri(self, rel):
        return "file://" + urllib.request.pathname2url(os.path.realpath(self.path(rel)))

    def show_uri(self, uri):
        if not uri.startswith("file://"):
            return uri
        path = urllib.request.url2pathname(urllib.parse.urlparse(uri).path)
        rel = os.path.relpath(path, self.root)
        return rel if not rel.startswith("..") else path

    # Messages.
    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.server.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.server.wait_for(lambda m: m.get("id") == rid and "method" not in m,
                                    "the answer to %s" % method, self.timeout)

    def notify(self, method, params):
        self.server.send({"jsonrpc": "2.0", "method": method, "params": params})

    def print_answer(self, label, answer):
        if "error" in answer:
            err = answer["error"]
            print("%s: error %s %s" % (label, err.get("code"), err.get("message")))
        else:
            print("%s: result %s" % (label, json.dumps(answer.get("result"), sort_keys=True)))

    def print_range(self, r):
        s, e = r["start"], r["end"]
        return "%d:%d-%d:%d" % (s["line"], s["character"], e["line"], e["character"])

    def print_diagnostics(self, params):
        diags = params["diagnostics"]
        print("diagnostics %s: %d" % (self.show_uri(params["uri"]), len(diags)))
        names = {1: "error", 2: "warning", 3: "information", 4: "hint"}
        for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"],
                                              d["range"]["start"]["character"], d["message"])):
            print("  %s %s %s [%s] %s" % (names.get(d.get("severity"), d.get("severity")),
                                          self.print_range(d["range"]), d.get("source"),
                                          d.get("code", "-"), d["message"]))
            if "codeDescription" in d:
                print("    href %s" % d["codeDescription"]["href"])
            for r in d.get("relatedInformation", []):
                loc = r["location"]
                print("    note %s %s: %s" % (self.show_uri(loc["uri"]),
                                              self.print_range(loc["range"]), r["message"]))

    # Commands.
    def cmd_initialize(self, args, folders=False):
        params = {"processId": os.getpid(), "capabilities": {},
                  "clientInfo": {"name": "lsp_client.py"}}
        if folders:
            params["rootUri"] = None
            params["workspaceFolders"] = [{"uri": self.uri(a), "name": a} for a in args]
        else:
            params["rootUri"] = None if args[:1] == ["-"] else self.uri(args[0] if args else ".")
        answer = self.request("initialize", params)
        if "error" in answer:
            self.print_answer("initialize", answer)
            return
        result = answer["result"]
        print("initialize: server %s %s" % (result["serverInfo"]["name"],
                                            result["serverInfo"].get("version")))
        print("initialize: textDocumentSync %s" %
              json.dumps(result["capabilities"]["textDocumentSync"], sort_keys=True))
        self.notify("initialized", {})

    def cmd_initialize_folders(self, args):
        self.cmd_initialize(args, folders=True)

    def stamp(self, rel, event):
        self.sent_at[self.uri(rel)] = (time.monotonic(), event)

    def cmd_open(self, args):
        rel, lang = args[0], (args[1] if len(args) > 1 else "c")
        with open(self.path(rel), encoding="utf-8") as f:
            text = f.read()
        self.stamp(rel, "didOpen")
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri(rel), "languageId": lang, "version": 1, "text": text}})

    def cmd_save(self, args):
        self.stamp(args[0], "didSave")
        self.notify("textDocument/didSave", {"textDocument": {"uri": self.uri(args[0])}})

    def cmd_close(self, args):
        self.notify("textDocument/didClose", {"textDocument": {"uri": self.uri(args[0])}})

    def cmd_copy(self, args):
        shutil.copyfile(self.path(args[0]), self.path(args[1]))

    def cmd_diagnostics(self, args):
        uri = self.uri(args[0])
        m = self.server.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri, "diagnostics for %s" % args[0], self.timeout)
        if uri in self.sent_at:
            at, event = self.sent_at.pop(uri)
            sys.stderr.write("timing: %s diagnostics %d ms after %s\n"
                             % (args[0], (time.monotonic() - at) * 1000, event))
        self.print_diagnostics(m["params"])

    def cmd_request(self, args):
        params = json.loads(" ".join(args[1:])) if len(args) > 1 else None
        self.print_answer(args[0], self.request(args[0], params))

    def cmd_notify(self, args):
        self.notify(args[0], json.loads(" ".join(args[1:])) if len(args) > 1 else None)

    def cmd_body(self, args, line):
        body = unescape(line.split(None, 1)[1]).encode()
        self.server.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def cmd_raw(self, args, line):
        self.server.send_bytes(unescape(line.split(None, 1)[1]).encode())

    def cmd_error(self, args):
        m = self.server.wait_for(lambda m: "error" in m and m.get("id", 0) is None,
                                 "an error answer with id null", self.timeout)
        self.print_answer("error", m)

    def cmd_shutdown(self, args):
        self.print_answer("shutdown", self.request("shutdown", None))

    def finish(self, status):
        print("exit status %d" % status)
        for m in self.server.pending:
            what = m.get("method") or ("answer %s" % m.get("id"))
            uri = m.get("params", {}).get("uri") if isinstance(m.get("params"), dict) else None
            print("unconsumed %s %s" % (what, self.show_uri(uri) if uri else ""))

    def cmd_exit(self, args):
        self.notify("exit", None)
        self.finish(self.server.wait_exit(self.timeout))

    def cmd_eof(self, args):
        self.server.proc.stdin.close()
        self.finish(self.server.wait_exit(self.timeout))

    def cmd_sleep(self, args):
        time.sleep(float(args[0]))


def unescape(text):
    return text.encode("utf-8").decode("unicode_escape")


def script_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*(?:#|//|;)*\s*LSP:\s*(.*?)\s*$", line)
            if m and m.group(1):
                yield m.group(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("server", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    argv = opts.server[1:] if opts.server[:1] == ["--"] else opts.server
    server = ServerProcess(argv)
    client = Client(server, opts.root, opts.timeout)
    status = 0
    try:
        for line in script_lines(opts.script):
            words = line.split()
            handler = getattr(client, "cmd_" + words[0].replace("-", "_"), None)
            if handler is None:
                sys.exit("lsp_client.py: unknown command %r" % words[0])
            if words[0] in ("body", "raw"):
                handler(words[1:], line)
            else:
                handler(words[1:])
            sys.stdout.flush()
    except Timeout as t:
        print("TIMEOUT waiting for %s" % t)
        status = 1
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
    sys.exit(status)


if __name__ == "__main__":
    main()
