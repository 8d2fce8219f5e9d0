import type { viStills } from './vi-stills.js';

// Stills on the chair's and the clerk's consoles, in English. The caption the minutes print stays
// Vietnamese (the minutes are), so only the console's own words are here.

export const enStills: typeof viStills = {
  take: 'Take still',
  takePoint: (point: string) => `Take a still of ${point}`,
  takeProgram: 'Take a still of the program',
  taking: 'Taking…',
  taken: 'Still taken',
  title: 'Stills',
  count: (n: number, chosen: number) => `${n} stills · ${chosen} in the minutes`,
  none: 'No stills yet. Press “Take still” on a point’s tile or on the program; the server takes one as each speech starts.',
  program: 'Program',
  bySpeechStart: 'Taken as the speech started',
  step: (title: string) => `Item: ${title}`,
  speaker: (name: string) => `Speaker: ${name}`,
  picture: (point: string, time: string) => `Still of ${point} at ${time}`,
  loading: 'Loading the picture…',
  loadFailed: 'The picture could not be loaded',
  useInMinutes: 'Use in minutes',
  inMinutes: 'In the minutes',
  caption: 'Caption in the minutes',
  saveCaption: 'Save caption',
};
