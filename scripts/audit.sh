#!/usr/bin/env bash
# Advisories for the production dependencies (npm audit --omit=dev): fails on a high or critical
# advisory whose id is not in scripts/audit-exceptions.txt (one GHSA id a line, # for the reason).
# When the registry's advisory endpoint cannot be reached it says so and exits 2: "not run" is
# never reported as a pass (docs/SECURITY.md).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(npm audit --omit=dev --json 2>&1)
if ! printf '%s' "$out" | node -e 'JSON.parse(require("fs").readFileSync(0,"utf8")).vulnerabilities' >/dev/null 2>&1; then
  echo "AUDIT NOT RUN: the advisory endpoint could not be reached from this machine:"
  printf '%s\n' "$out" | grep -E 'npm (warn|error)|"summary"|"detail"' | head -5
  exit 2
fi
printf '%s' "$out" | node -e '
const fs = require("fs");
const report = JSON.parse(fs.readFileSync(0, "utf8"));
const allowed = new Set(fs.readFileSync("scripts/audit-exceptions.txt", "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean));
const bad = [];
for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
  for (const via of v.via ?? [])
    if (typeof via === "object" && ["high", "critical"].includes(via.severity) && !allowed.has(String(via.url ?? "").split("/").pop()))
      bad.push(`${name}: ${via.severity} ${via.title} ${via.url}`);
if (bad.length) { console.log("AUDIT FAILED:\n" + bad.join("\n")); process.exit(1); }
console.log(`audit: no high or critical advisory outside scripts/audit-exceptions.txt (${allowed.size} exceptions)`);
'
