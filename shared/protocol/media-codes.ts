// The media signalling's names and codes that the browser's media layer needs at run time, in a
// module without zod: mediasoup-client's chunk is started by a point's first script
// (client/ui/earlyJoin.ts) and should not wait for zod and the protocol's schemas to load. The
// schemas themselves stay in media.ts, which re-exports these.

/** The server's push to a browser's media layer (new consumers, pauses, the plan, health, resets). */
export const MEDIA_PUSH_EVENT = 'media:push';

export const MEDIA_ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_IN_CONFERENCE',
  'MEDIA_UNAVAILABLE',
  'TRANSPORT_NOT_FOUND',
  'PRODUCER_NOT_FOUND',
  'CONSUMER_NOT_FOUND',
  'SOURCE_NOT_ALLOWED',
  'RECEIVE_ONLY',
  'NOT_READY_TO_CONSUME',
  'MEDIA_REFUSED',
  'FORBIDDEN',
  'UNKNOWN_POINT',
] as const;
export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[number];

type PlainValue = string | number | boolean;
const isPlainValue = (v: unknown): v is PlainValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A codec as the signalling carries it: mediasoup (server and client) types codec parameters as
 * any value, the wire only as plain ones (the server refuses nested ones), so they are checked, not cast.
 */
export function plainCodec<C extends { mimeType: string; parameters?: Record<string, unknown> }>({ parameters, ...codec }: C): Omit<C, 'parameters'> & { parameters?: Record<string, PlainValue> } {
  if (!parameters) return codec;
  return { ...codec, parameters: Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, PlainValue] => isPlainValue(entry[1]))) };
}
