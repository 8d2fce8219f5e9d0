import { describe, expect, it } from 'vitest';
import { MediaRequestError, request, type SignallingSocket } from './signalling.js';

// The client's side of the ack contract: `{ ok: true }` resolves with the data, `{ ok: false }`
// throws a MediaRequestError with the server's code, no answer at all is a TIMEOUT.

function socketAnswering(answer: (event: string, payload: unknown) => Promise<unknown>): SignallingSocket & { sent: [string, unknown][] } {
  const sent: [string, unknown][] = [];
  return {
    sent,
    connected: true,
    timeout: () => ({
      emitWithAck: (event: string, payload: unknown) => {
        sent.push([event, payload]);
        return answer(event, payload);
      },
    }),
    on: () => undefined,
  };
}

describe('media request', () => {
  it('resolves with the ack data on ok', async () => {
    const socket = socketAnswering(async () => ({ ok: true, producerId: 'p-1' }));
    const out = await request(socket, 'media:produce', { transportId: 't-1', kind: 'audio', source: 'microphone', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] } });
    expect(out.producerId).toBe('p-1');
    expect(socket.sent[0]?.[0]).toBe('media:produce');
  });

  it('throws the server’s code and details on a refusal', async () => {
    const socket = socketAnswering(async () => ({ ok: false, code: 'RECEIVE_ONLY', details: { cause: 'standby device' } }));
    const err = await request(socket, 'media:createTransport', { direction: 'send' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaRequestError);
    expect(err).toMatchObject({ code: 'RECEIVE_ONLY', details: { cause: 'standby device' } });
  });

  it('takes a refusal with a code only, and refuses an ack whose details are not short strings', async () => {
    const bare = await request(socketAnswering(async () => ({ ok: false, code: 'MEDIA_UNAVAILABLE' })), 'media:capabilities', {}).catch((e: unknown) => e);
    expect(bare).toMatchObject({ code: 'MEDIA_UNAVAILABLE', details: undefined });
    const odd = await request(socketAnswering(async () => ({ ok: false, code: 'MEDIA_UNAVAILABLE', details: { cause: { nested: true } } })), 'media:capabilities', {}).catch((e: unknown) => e);
    expect(odd).toMatchObject({ code: 'MEDIA_REFUSED', details: { cause: 'malformed answer to media:capabilities' } });
  });

  it('turns a missing answer into TIMEOUT', async () => {
    const socket = socketAnswering(() => Promise.reject(new Error('operation has timed out')));
    await expect(request(socket, 'media:capabilities', {})).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
