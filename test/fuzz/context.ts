import type { Fuzz } from '../../shared/meeting/fuzz-commands.js';
import type { FuzzConference } from './conference.js';
import type { Findings } from './findings.js';
import type { LogReader } from './logReader.js';

// What every phase of a fuzz cycle works with: the seeded generator, the server, the cycle's
// conference, the oracle (the server's SQLite file) and where findings go.

export interface PhaseContext {
  readonly fuzz: Fuzz;
  readonly url: string;
  readonly conference: FuzzConference;
  readonly log: LogReader;
  readonly findings: Findings;
}
