#!/usr/bin/env bash
# Advisories for the production dependencies (npm audit --omit=dev): fails (exit 1) on a high or
# critical advisory whose GHSA id is not in scripts/audit-exceptions.txt (one id a line, # for the
# reason). When the registry's advisory endpoint cannot be reached it says AUDIT NOT RUN and exits
# 2: "not run" is never reported as a pass (docs/SECURITY.md). Only npm's JSON report on stdout
# counts as an audit: npm's error JSON (e.g. {"message":"405 Method Not Allowed …"}) is not one.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exceptions="${HOINGHI_AUDIT_EXCEPTIONS:-scripts/audit-exceptions.txt}"
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
# bounded: a registry that never answers must not hold CI up (no answer is AUDIT NOT RUN)
out=$(timeout 120 npm audit --omit=dev --json 2>"$errors")
printf '%s' "$out" | EXCEPTIONS="$exceptions" ERRORS="$errors" node -e '
const fs = require("fs");
let report;
try { report = JSON.parse(fs.readFileSync(0, "utf8")); } catch { report = null; }
// An audit report has auditReportVersion and metadata.vulnerabilities; anything else is npm telling why it could not audit.
if (!report || typeof report.auditReportVersion !== "number" || typeof report.metadata?.vulnerabilities !== "object") {
  const why = [report?.message ?? report?.error?.summary, ...fs.readFileSync(process.env.ERRORS, "utf8").split("\n").filter((l) => /npm (warn|error) audit/.test(l))].filter(Boolean);
  console.log("AUDIT NOT RUN: the advisory endpoint could not be reached from this machine:\n" + [...new Set(why)].slice(0, 4).join("\n"));
  process.exit(2);
}
const allowed = new Set(fs.readFileSync(process.env.EXCEPTIONS, "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean));
const bad = [];
const excused = [];
for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
  for (const via of v.via ?? [])
    if (typeof via === "object" && ["high", "critical"].includes(via.severity)) {
      const id = String(via.url ?? "").split("/").pop();
      (allowed.has(id) ? excused : bad).push(`${name}: ${via.severity} ${via.title} ${via.url}`);
    }
if (excused.length) console.log("audit: excepted (scripts/audit-exceptions.txt):\n" + excused.join("\n"));
if (bad.length) { console.log("AUDIT FAILED:\n" + bad.join("\n")); process.exit(1); }
console.log(`audit: no high or critical advisory outside the exception list (${allowed.size} exceptions; ${JSON.stringify(report.metadata.vulnerabilities)})`);
'
