"""Checks the structure of a wdklock SARIF log and prints a digest for FileCheck.

usage: check_sarif.py <log.sarif>

Fails (exit 1, with the reason) unless: version 2.1.0 with a $schema; one run whose
tool.driver names wdklock and has rules with id, descriptions and helpUri; every result has
a ruleId naming a rule (and ruleIndex pointing at it), a message, a physical location with
a file URI and a region, and, when it has path notes, codeFlows/threadFlows whose locations
carry messages; one invocation with a workingDirectory. A finding is level "warning" without a
kind (or kind "fail"); a lock site that was not explored (rule wdk.coverage, from
--show-unexplored) is kind "review", level "none", with properties.status and .function and
no code flow, and comes after every finding. The invocation's properties.lockSites, when
present, holds the site counts. Then prints one line per result, per notification and for the
counts.
"""
import json
import sys


def fail(why):
    print("SARIF-INVALID: " + why)
    sys.exit(1)


def check_location(loc, where):
    phys = loc.get("physicalLocation")
    if not isinstance(phys, dict):
        fail(where + ": no physicalLocation")
    uri = phys.get("artifactLocation", {}).get("uri", "")
    if not uri.startswith("file:///"):
        fail(where + ": artifact uri is not an absolute file URI: %r" % uri)
    region = phys.get("region", {})
    return uri, region


log = json.load(open(sys.argv[1]))
if log.get("version") != "2.1.0":
    fail("version is %r" % log.get("version"))
if "sarif" not in log.get("$schema", ""):
    fail("no $schema")
runs = log.get("runs")
if not isinstance(runs, list) or len(runs) != 1:
    fail("expected exactly one run")
run = runs[0]
driver = run["tool"]["driver"]
if driver.get("name") != "wdklock":
    fail("tool.driver.name is %r" % driver.get("name"))
rules = driver.get("rules", [])
ids = [r.get("id") for r in rules]
for r in rules:
    for key in ("id", "shortDescription", "fullDescription", "helpUri"):
        if key not in r:
            fail("rule %r lacks %s" % (r.get("id"), key))
    if not r["helpUri"].endswith(r["id"].split(".")[-1] + ".md"):
        fail("rule %s: helpUri %s" % (r["id"], r["helpUri"]))
    level = r.get("defaultConfiguration", {}).get("level")
    if level != ("none" if r["id"] == "wdk.coverage" else "warning"):
        fail("rule %s: default level %r" % (r["id"], level))
print("RULES " + " ".join(ids))

SITE_STATUSES = ("budget", "not-analysed", "unreachable")
seen_site = False
for res in run.get("results", []):
    rule = res.get("ruleId")
    if rule not in ids:
        fail("result ruleId %r is not a rule" % rule)
    if ids[res.get("ruleIndex", -1)] != rule:
        fail("result ruleIndex does not point at %s" % rule)
    text = res.get("message", {}).get("text")
    if not text:
        fail("result without message")
    uri, region = check_location(res["locations"][0], "result")
    if "startLine" not in region:
        fail("result without startLine")
    if rule == "wdk.coverage":
        seen_site = True
        props = res.get("properties", {})
        if res.get("kind") != "review" or res.get("level") != "none":
            fail("a lock-site result must be kind review, level none: %r" % res)
        if props.get("status") not in SITE_STATUSES or not props.get("function"):
            fail("a lock-site result without properties.status/function: %r" % props)
        if "codeFlows" in res:
            fail("a lock-site result with a code flow")
        print("SITE %s %s:%d:%d %s" % (props["status"], uri.rsplit("/", 1)[-1],
                                       region["startLine"], region.get("startColumn", 0), text))
        continue
    if seen_site:
        fail("a finding after a lock-site result")
    if res.get("kind", "fail") != "fail" or res.get("level") != "warning":
        fail("a finding must be level warning (kind fail or absent)")
    steps = []
    for flow in res.get("codeFlows", []):
        for tf in flow["threadFlows"]:
            for step in tf["locations"]:
                loc = step["location"]
                _, r = check_location(loc, "threadFlow step")
                msg = loc.get("message", {}).get("text")
                if not msg:
                    fail("threadFlow step without message")
                steps.append("%d: %s" % (r["startLine"], msg))
    print("RESULT %s %s:%d:%d %s" % (rule, uri.rsplit("/", 1)[-1], region["startLine"],
                                     region.get("startColumn", 0), text))
    for s in steps:
        print("  STEP " + s)

invocations = run.get("invocations", [])
if len(invocations) != 1:
    fail("expected one invocation")
for inv in invocations:
    if not inv.get("workingDirectory", {}).get("uri", "").startswith("file:///"):
        fail("invocation without a file:// workingDirectory")
    print("EXECUTION-SUCCESSFUL %s" % inv.get("executionSuccessful"))
    for n in inv.get("toolExecutionNotifications", []):
        uri = ""
        if n.get("locations"):
            uri, _ = check_location(n["locations"][0], "notification")
        print("NOTIFICATION %s %s %s" % (n.get("level"), uri.rsplit("/", 1)[-1],
                                         n["message"]["text"]))
    sites = inv.get("properties", {}).get("lockSites")
    if sites is not None:
        keys = ("explored", "budget", "notAnalysed", "unreachable", "budgetFunctions",
                "notAnalysedFunctions")
        if any(not isinstance(sites.get(k), int) for k in keys):
            fail("properties.lockSites lacks a count: %r" % sites)
        print("LOCK-SITES " + " ".join("%s=%d" % (k, sites[k]) for k in keys))
