import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Request, Response } from 'express';
import type { Logger } from '../log/logger.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRoom } from '../rooms/meetingCore.js';

// The record of a conference (recordings and their program cuts, the live program's HLS, stills)
// is made by the node that writes it and lies on that node's disk. A request for it that reaches
// another node (a console connected there, a watch link's player) is sent on to the writer and its
// answer passed back: the caller sees one server. Why not a 307 to the writer's public URL: the
// consoles fetch with their join token in an Authorization header, which a browser drops (or a CORS
// preflight refuses) on a redirect to another origin; relaying keeps every request same-origin.
// The node checks the caller as always before relaying; the writer checks it again.

/** Marks a request one node relayed to another: the second never relays it again (no loops while a lease moves). */
export const RELAYED_HEADER = 'x-hoinghi-relayed-by';

/** The request headers a relayed request keeps (the caller's credential, a range of a video, the body's type). */
const REQUEST_HEADERS = ['authorization', 'range', 'accept', 'content-type', 'if-none-match', 'if-modified-since'];
/** The response headers passed back (a file's type, size, range and name; caching; a refusal's wait). */
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'content-disposition', 'cache-control', 'etag', 'last-modified', 'retry-after', 'x-report-seq'];
/** The writer's answer must begin within this (a still is grabbed first: a few seconds); the body may then take as long as it needs. */
const ANSWER_TIMEOUT_MS = 30_000;
/** How long the writer's address is trusted before the registry is asked again (HLS asks every few seconds per viewer). */
const WRITER_CACHE_MS = 1_000;

/**
 * Answers a request for the record through the writer when this node does not write the
 * conference: true when it did (the caller returns), false when this node serves it itself.
 */
export type AtTheWriter = (req: Request, res: Response, room: MeetingRoom) => Promise<boolean>;

/** One node (SQLite): every room writes, nothing to relay. */
export const servedHere: AtTheWriter = async () => false;

export interface AtTheWriterOptions {
  /** the internal URL of the node holding the conference's lease (the node registry); null while nobody does */
  readonly writerUrl: (conferenceId: string) => Promise<string | null>;
  /** this node's own internal URL */
  readonly selfUrl: () => string;
  readonly logger: Logger;
}

export function atTheWriter(options: AtTheWriterOptions): AtTheWriter {
  const cache = new Map<string, { url: string | null; at: number }>();
  const writerOf = async (conferenceId: string): Promise<string | null> => {
    const hit = cache.get(conferenceId);
    if (hit && Date.now() - hit.at < WRITER_CACHE_MS) return hit.url;
    const url = await options.writerUrl(conferenceId);
    cache.set(conferenceId, { url, at: Date.now() });
    return url;
  };

  return async (req, res, room) => {
    if (room.writable) return false;
    // Relayed here by a node that took this one for the writer: the lease moved meanwhile.
    if (req.get(RELAYED_HEADER) !== undefined) throw new HttpError(503, 'NO_OWNER', 'the conference is moving to another node');
    const writer = await writerOf(room.conferenceId).catch(() => null);
    if (writer === null || writer === options.selfUrl()) throw new HttpError(503, 'NO_OWNER', 'no node writes this conference now');
    const headers = new Headers({ [RELAYED_HEADER]: options.selfUrl() });
    for (const name of REQUEST_HEADERS) {
      const value = req.get(name);
      if (value !== undefined) headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined && req.body !== null && typeof req.body === 'object';
    if (hasBody) headers.set('content-type', 'application/json');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ANSWER_TIMEOUT_MS);
    let answer: globalThis.Response;
    try {
      answer = await fetch(`${writer}${req.originalUrl}`, { method: req.method, headers, redirect: 'manual', signal: abort.signal, ...(hasBody ? { body: JSON.stringify(req.body) } : {}) });
    } catch (error) {
      cache.delete(room.conferenceId);
      options.logger.warn({ conferenceId: room.conferenceId, writer, path: req.path, err: (error as Error).message }, 'a request for the record could not be relayed to the writer');
      throw new HttpError(503, 'OWNER_UNREACHABLE', 'the node that writes this conference did not answer');
    } finally {
      clearTimeout(timer);
    }
    res.status(answer.status);
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) res.setHeader(name, value);
    }
    if (!answer.body || req.method === 'HEAD') {
      res.end();
      return true;
    }
    const body = Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>);
    // A caller that goes away stops the transfer from the writer too.
    res.once('close', () => body.destroy());
    body.once('error', () => res.destroy());
    body.pipe(res);
    return true;
  };
}
