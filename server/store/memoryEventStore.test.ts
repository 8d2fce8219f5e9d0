import { runEventStoreContract } from './eventStore.contract.js';
import { createMemoryLogBacking, MemoryEventStore } from './memoryEventStore.js';
import { testEventSchema } from './testing/testEvents.js';

runEventStoreContract('memory', async () => {
  const backing = createMemoryLogBacking();
  return {
    open: () => new MemoryEventStore({ eventSchema: testEventSchema, backing }),
    writeRawEvent: (conferenceId, seq, raw) => {
      const log = backing.conferences.get(conferenceId);
      if (!log) throw new Error(`no conference ${conferenceId}`);
      log.rows.set(seq, raw);
    },
    deleteRawEvent: (conferenceId, seq) => {
      backing.conferences.get(conferenceId)?.rows.delete(seq);
    },
    writeRawSnapshot: (conferenceId, raw) => {
      const snapshot = backing.snapshots.get(conferenceId);
      backing.snapshots.set(conferenceId, { seq: snapshot?.seq ?? 1, json: raw });
    },
    cleanup: async () => {},
  };
}, { midWriteFailure: false });
