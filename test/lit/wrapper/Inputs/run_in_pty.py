"""Runs a command with its stderr on a pseudo-terminal (stdout stays a pipe) and prints
what arrived on the terminal, with the carriage returns and escapes shown, then the exit
status: so a test can see a progress line that is only drawn for terminals.

usage: run_in_pty.py <command> [args...]
"""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    data += chunk
rc = proc.wait()
text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "<CR>").replace("\x1b[K", "<EL>")
print(text)
print("rc=%d" % rc)
