// One load-generator process of the signalling benches: it holds a share of the socket.io clients
// (so the clients' parsing is spread over processes and cores instead of bounding the bench) and
// answers the coordinator (bench/lib/signal-run.ts) over stdin/stdout, one JSON line each way:
//   {"op":"connect","clients":[{url,token,conf,node,lastSeq}],"parallel":20} → {"connected":n,"seconds":s,"failed":{reason:n}}
//   {"op":"deliveries","sent":[…],"ownerNode":[…]}                  → Deliveries (signal-client.ts)
//   {"op":"loop","start":true} → {} then {"op":"loop"} → LoopPhase   (this process's event loop over a phase)
//   {"op":"close"}                                                   → exits
import { createInterface } from 'node:readline';
import type { ClientSpec } from './lib/client-processes.js';
import { LoopWatch } from './lib/loop-watch.js';
import { connectAll, connectClient, deliveries, monotonicMs, type BenchClient, type Sent } from './lib/signal-client.js';

type Request =
  | { op: 'connect'; clients: ClientSpec[]; parallel: number }
  | { op: 'deliveries'; sent: Sent[]; ownerNode: number[] }
  | { op: 'loop'; start?: boolean }
  | { op: 'close' };

const clients: BenchClient[] = [];
const reply = (x: unknown) => process.stdout.write(`${JSON.stringify(x)}\n`);
const watch = new LoopWatch();

for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line) as Request;
  if (req.op === 'connect') {
    const t0 = monotonicMs();
    try {
      const failed: Record<string, number> = {};
      clients.push(...(await connectAll(req.clients, req.parallel, (c) => connectClient(c.url, c.token, c.conf, c.node, c.lastSeq), failed)));
      reply({ connected: clients.length, seconds: (monotonicMs() - t0) / 1000, failed });
    } catch (error) {
      reply({ error: String(error) });
    }
  } else if (req.op === 'deliveries') {
    reply(deliveries(req.sent, clients, req.ownerNode));
  } else if (req.op === 'loop') {
    if (req.start) {
      watch.start();
      reply({});
    } else reply(watch.stop());
  } else {
    for (const c of clients) c.socket.close();
    process.exit(0);
  }
}
// stdin closed: the coordinator is gone (it failed); the open sockets must not keep this process alive.
process.exit(0);
