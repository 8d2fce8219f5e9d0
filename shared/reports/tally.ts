// Tallies of any group of attendees (a point, an organisation, an organisation at one point).
// The counting rule is the core's (R-ROLL-8), used here as it is, so a report can never count a
// roll-call differently from the consoles.
export {
  addToTally,
  currentMark as statusOf,
  emptyTally as zeroTally,
  tallyOf,
  type Tally as ReportTally,
} from '../meeting/selectors-roll-call.js';
