"""Reads the 'lock sites: N explored' counts from wdklock's stderr under --depth=quick,
default and deep, and checks that each preset explores at least as many sites as the one
before it. Prints 'quick Q <= default D <= deep E explored' (with '<' where strictly fewer).

usage: explored_order.py <quick.err> <default.err> <deep.err>
"""
import re
import sys

counts = []
for path in sys.argv[1:4]:
    m = re.search(r"^wdklock: lock sites: (\d+) explored", open(path).read(), re.M)
    if not m:
        print("no lock-site summary in " + path)
        sys.exit(1)
    counts.append(int(m.group(1)))
q, d, e = counts
if not q <= d <= e:
    print("NOT ORDERED: quick %d, default %d, deep %d" % (q, d, e))
    sys.exit(1)
print("quick %d %s default %d %s deep %d explored" % (q, "<" if q < d else "<=", d,
                                                      "<" if d < e else "<=", e))
