import { readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';

// Where recordings live (data/recordings/<conference>/<recording run>/<point>/…) and how full that
// is. Two limits, either of which stops recording (never the meeting): a byte quota on the
// recordings folder (HOINGHI_RECORDING_MAX_BYTES, for an office that gives recordings a share of
// a disk) and a floor of free space on the disk itself (HOINGHI_RECORDING_MIN_FREE_BYTES), so the
// event log, which shares the disk, always has room to append.

export type StorageLimits = {
  root: string;
  maxBytes: number | null;
  minFreeBytes: number;
};

export type StorageUsage = {
  /** bytes of every recording under the root */
  usedBytes: number;
  /** the quota, or null when there is none */
  limitBytes: number | null;
  /** free bytes on the disk under the root, for this process's user */
  freeBytes: number;
  full: boolean;
};

// Ids are checked by the protocol schema before they reach a path; this keeps a path inside the
// root even if one were not.
const safe = (part: string) => part.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');

export class RecordingStorage {
  readonly limits: StorageLimits;
  /** sizes of finished segments (every one but the newest in its folder): never stat'ed again */
  readonly #finished = new Map<string, number>();

  constructor(limits: StorageLimits) {
    this.limits = limits;
  }

  conferenceDir(conferenceId: string): string {
    return path.join(this.limits.root, safe(conferenceId));
  }

  pointDir(conferenceId: string, recordingId: string, pointId: string): string {
    return path.join(this.conferenceDir(conferenceId), safe(recordingId), safe(pointId));
  }

  /** Bytes under `dir` (the whole root by default). */
  async bytes(dir = this.limits.root): Promise<number> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return 0;
    }
    let total = 0;
    const files = entries.filter((e) => e.isFile()).map((e) => e.name).sort();
    const newestSegment = files.filter((f) => f.endsWith('.webm')).at(-1);
    for (const name of files) {
      const file = path.join(dir, name);
      const known = this.#finished.get(file);
      if (known !== undefined) {
        total += known;
        continue;
      }
      const size = await stat(file).then((s) => s.size, () => 0);
      // A segment is finished once a newer one exists in its folder; the newest may still grow.
      if (name.endsWith('.webm') && name !== newestSegment) this.#finished.set(file, size);
      total += size;
    }
    for (const e of entries) if (e.isDirectory()) total += await this.bytes(path.join(dir, e.name));
    return total;
  }

  async usage(): Promise<StorageUsage> {
    const usedBytes = await this.bytes();
    let freeBytes = Number.MAX_SAFE_INTEGER;
    try {
      const fs = await statfs(this.limits.root);
      freeBytes = fs.bavail * fs.bsize;
    } catch {
      // The root does not exist yet: nothing recorded, the quota alone decides.
    }
    const { maxBytes, minFreeBytes } = this.limits;
    const full = (maxBytes !== null && usedBytes >= maxBytes) || freeBytes < minFreeBytes;
    return { usedBytes, limitBytes: maxBytes, freeBytes, full };
  }
}
