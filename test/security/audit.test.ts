import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/audit.sh as CI runs it, with npm replaced by a stand-in that answers what the registry
// would: an unreachable advisory endpoint must read AUDIT NOT RUN (exit 2), never a pass; a high
// advisory fails unless its GHSA id is in the exception list. No network is used.

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/audit.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'hoinghi-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(vulnerabilities: Record<string, unknown>, counts: Record<string, number>): string {
  return JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } } });
}

const HIGH = {
  express: {
    name: 'express',
    severity: 'high',
    via: [{ source: 1, name: 'express', title: 'Open redirect', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'high' }],
  },
};

function run(stdout: string, stderr: string, exceptions = ''): { status: number | null; out: string } {
  const bin = mkdtempSync(path.join(dir, 'bin-'));
  writeFileSync(path.join(bin, 'stdout.json'), stdout);
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\n${stderr ? `echo '${stderr}' >&2\n` : ''}cat '${path.join(bin, 'stdout.json')}'\nexit 1\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
  const list = path.join(bin, 'exceptions.txt');
  writeFileSync(list, exceptions);
  const res = spawnSync('bash', [SCRIPT], { env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, HOINGHI_AUDIT_EXCEPTIONS: list }, encoding: 'utf8' });
  return { status: res.status, out: res.stdout + res.stderr };
}

describe('scripts/audit.sh', () => {
  it('the endpoint answering 405 (npm prints its error as JSON on stdout) is AUDIT NOT RUN, exit 2, not a pass', () => {
    const error = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '' });
    const res = run(error, 'npm warn audit 405 Method Not Allowed');
    expect(res.status).toBe(2);
    expect(res.out).toContain('AUDIT NOT RUN');
    expect(res.out).toContain('405 Method Not Allowed');
  });

  it('the same with npm’s warnings silenced (npm_config_loglevel=silent: only the error JSON) is still AUDIT NOT RUN', () => {
    // The script before this test took any JSON for a report and passed with "no high or critical advisory".
    const error = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '' });
    const res = run(error, '');
    expect(res.status).toBe(2);
    expect(res.out).toContain('AUDIT NOT RUN');
  });

  it('no answer at all is AUDIT NOT RUN', () => {
    expect(run('', 'npm error network request failed')).toMatchObject({ status: 2 });
  });

  it('a high advisory fails, exit 1, naming it', () => {
    const res = run(report(HIGH, { high: 1, total: 1 }), '');
    expect(res.status).toBe(1);
    expect(res.out).toContain('AUDIT FAILED');
    expect(res.out).toContain('GHSA-aaaa-bbbb-cccc');
  });

  it('a high advisory in the exception list passes and is still shown', () => {
    const res = run(report(HIGH, { high: 1, total: 1 }), '', '# express behind our own redirect check\nGHSA-aaaa-bbbb-cccc\n');
    expect(res.status).toBe(0);
    expect(res.out).toContain('excepted');
  });

  it('moderate advisories only pass; a clean report passes', () => {
    const moderate = { qs: { name: 'qs', severity: 'moderate', via: [{ title: 'x', url: 'https://github.com/advisories/GHSA-xxxx-yyyy-zzzz', severity: 'moderate' }] } };
    expect(run(report(moderate, { moderate: 1, total: 1 }), '')).toMatchObject({ status: 0 });
    expect(run(report({}, {}), '')).toMatchObject({ status: 0 });
  });
});
