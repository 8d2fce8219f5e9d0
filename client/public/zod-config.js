// Read by zod when it loads, so this classic script runs before the app's modules. The consoles'
// Content-Security-Policy has no 'unsafe-eval'; zod probes `new Function('')` while building its
// object schemas to decide whether to compile parsers, and Firefox reports the refused probe as a
// console error on every load (issue 12, test/browser/firefox.test.ts). jitless skips the probe;
// the interpreted parsers are what the policy leaves us anyway.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
