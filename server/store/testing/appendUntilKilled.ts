// Test fixture for the crash test (eventStore.crash.test.ts), run as a child process:
// appends batches of 1..5 events to one conference, as fast as it can, forever, and prints
// `acked <lastSeq> <batch>` after each append resolves. The parent SIGKILLs it mid-loop.
// Writing to a pipe is synchronous on Linux, so a line the parent read was printed after the ack.
import type { EventStore } from '../EventStore.js';
import { PgEventStore } from '../pgEventStore.js';
import { SqliteEventStore } from '../sqliteEventStore.js';
import { testEventSchema, type TestEvent } from './testEvents.js';

const CRASH_CONFERENCE = 'hn-crash-test';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: appendUntilKilled.ts <dataDir | postgres://…>\n');
  process.exit(2);
}

const store: EventStore<TestEvent> = /^postgres(ql)?:/.test(target)
  ? await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: target })
  : new SqliteEventStore({ eventSchema: testEventSchema, dataDir: target });
let head = await store.lastSeq(CRASH_CONFERENCE);
// Carry on the batch numbering of the previous (killed) run, so the log reads as one sequence.
const last = head > 0 ? (await store.read(CRASH_CONFERENCE, head - 1))[0]?.event : undefined;
const firstBatch = last?.type === 'Tick' ? last.batch + 1 : 1;
process.stdout.write(`ready ${head}\n`);
for (let batch = firstBatch; ; batch++) {
  const of = 1 + (batch % 5);
  const events: TestEvent[] = Array.from({ length: of }, (_, index) => ({ type: 'Tick', batch, index, of }));
  const { lastSeq } = await store.append(CRASH_CONFERENCE, head, events);
  head = lastSeq;
  process.stdout.write(`acked ${lastSeq} ${batch}\n`);
}
