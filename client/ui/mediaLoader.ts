import type * as MediaAdapter from './mediaAdapter.js';

// mediasoup-client is the largest part of the app (about 60% of its script) and no screen needs
// it to draw: the pre-flight, the joining screen and the consoles render without it. So it is its
// own chunk, fetched and compiled while the page connects and the camera opens, and the media
// layer starts once both it and the console are ready.

let loading: Promise<typeof MediaAdapter> | null = null;

export function loadMedia(): Promise<typeof MediaAdapter> {
  loading ??= import('./mediaAdapter.js').catch((err: unknown) => {
    // A failed fetch (the link dropped) is tried again by the next caller, not remembered.
    loading = null;
    throw err;
  });
  return loading;
}
