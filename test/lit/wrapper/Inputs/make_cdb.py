"""Writes a compile_commands.json for driver sources, with absolute paths.

usage: make_cdb.py <out.json> "<compile flags>" <source>...

Odd entries use "arguments", even ones "command", so both forms are exercised.
"""
import json
import os
import shlex
import sys

out, flags, sources = sys.argv[1], shlex.split(sys.argv[2]), sys.argv[3:]
entries = []
for i, src in enumerate(sources):
    src = os.path.abspath(src)
    directory = os.path.dirname(src)
    args = ["clang"] + flags + ["-c", os.path.basename(src), "-o", os.path.basename(src) + ".o"]
    entry = {"directory": directory, "file": src}
    if i % 2:
        entry["command"] = " ".join(shlex.quote(a) for a in args)
    else:
        entry["arguments"] = args
    entries.append(entry)
with open(out, "w") as f:
    json.dump(entries, f, indent=2)
