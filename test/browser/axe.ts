import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core run inside a console's page (issue 12: accessibility of every console). The source is
// evaluated rather than added as a <script>: the consoles' Content-Security-Policy admits only
// their own scripts, and an evaluated expression is not subject to it.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What we fail on: axe's two highest impacts, on the WCAG 2.1 A and AA rules and axe's best practices. */
const FAILING = new Set(['serious', 'critical']);

export type AxeFinding = { console: string; rule: string; impact: string; help: string; targets: string[] };

export async function axeFindings(page: Page, consoleName: string): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'minor', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => FAILING.has(v.impact))
    .map((v) => ({ console: consoleName, rule: v.id, impact: v.impact, help: v.help, targets: v.targets.slice(0, 5) }));
}

/** One test file's audit: `audit(page, name)` keeps a screen's findings (printed with AXE_LOG=1), `findings` is checked at the end. */
export function axeAudit(): { findings: AxeFinding[]; audit: (page: Page, name: string) => Promise<void> } {
  const findings: AxeFinding[] = [];
  const audit = async (page: Page, name: string) => {
    const found = await axeFindings(page, name);
    if (process.env.AXE_LOG) process.stdout.write(`[axe] ${name}: ${JSON.stringify(found, null, 1)}\n`);
    findings.push(...found);
  };
  return { findings, audit };
}
