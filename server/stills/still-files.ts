import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { IdSchema } from '../../shared/protocol/common.js';

// Where stills live: <data dir>/stills/<conference>/<still id>.jpg. The id is the log's (a still
// is recorded under it), and only an id the schema accepts becomes a path, so no request can
// name a file outside the folder.

export class StillFiles {
  constructor(readonly root: string) {}

  folder(conferenceId: string): string {
    return path.join(this.root, safe(conferenceId));
  }

  file(conferenceId: string, stillId: string): string {
    return path.join(this.folder(conferenceId), `${safe(stillId)}.jpg`);
  }

  /** A fresh file to grab into, renamed into place once the log has the still. */
  async pending(conferenceId: string, stillId: string): Promise<string> {
    await mkdir(this.folder(conferenceId), { recursive: true });
    return `${this.file(conferenceId, stillId)}.part.jpg`;
  }

  async keep(pendingFile: string, conferenceId: string, stillId: string): Promise<void> {
    await rename(pendingFile, this.file(conferenceId, stillId));
  }

  async discard(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  async exists(conferenceId: string, stillId: string): Promise<boolean> {
    return stat(this.file(conferenceId, stillId)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /** The JPEGs of these stills that are on disk, by id (a missing one is left out). */
  async read(conferenceId: string, stillIds: readonly string[]): Promise<Record<string, Uint8Array>> {
    const out: Record<string, Uint8Array> = {};
    for (const id of stillIds) {
      const bytes = await readFile(this.file(conferenceId, id)).catch(() => null);
      if (bytes) out[id] = new Uint8Array(bytes);
    }
    return out;
  }
}

function safe(id: string): string {
  if (!IdSchema.safeParse(id).success || id.includes('/') || id.includes('\\') || id.startsWith('.')) throw new Error(`not an id: ${id}`);
  return id;
}
