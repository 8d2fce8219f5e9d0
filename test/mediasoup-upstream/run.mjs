// Runs mediasoup's upstream test suite (17 files shipped compiled in the npm package) against the
// worker this project builds from source (patched or not): the worker's own guard, in CI.
// The package does not ship the DTLS certificate pair test-Worker.js loads from test/data/, so a
// throwaway self-signed pair is made with openssl on first run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const testDir = join(root, 'node_modules', 'mediasoup', 'node', 'lib', 'test');
const dataDir = join(testDir, 'data');
const worker = process.env.MEDIASOUP_WORKER_BIN ?? join(root, 'node_modules', 'mediasoup', 'worker', 'out', 'Release', 'mediasoup-worker');

function fail(message) {
  process.stderr.write(`[mediasoup upstream tests] ${message}\n`);
  process.exit(1);
}

if (!existsSync(testDir)) fail(`no compiled tests at ${testDir}: is mediasoup installed?`);
if (!existsSync(worker)) fail(`no worker at ${worker}: run bash scripts/setup.sh`);

const cert = join(dataDir, 'dtls-cert.pem');
const key = join(dataDir, 'dtls-key.pem');
if (!existsSync(cert) || !existsSync(key)) {
  mkdirSync(dataDir, { recursive: true });
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=mediasoup-test'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) fail(`openssl could not make the test certificate pair: ${made.stderr}`);
}

const args = [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', join(here, 'jest.config.mjs'), ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, MEDIASOUP_WORKER_BIN: worker } });
process.exit(run.status ?? 1);
