import { randomBytes } from 'node:crypto';
import type { StoreMeta } from '../store/EventStore.js';

// The key that signs join links. From HOINGHI_SECRET when the operator sets one (several servers
// behind one name must share it); otherwise made once and kept in the store's meta, so links
// printed yesterday still open today and a restart does not log everyone out.

const META_KEY = 'auth.secret';

export async function loadServerSecret(configured: string | undefined, meta: StoreMeta): Promise<Buffer> {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  const stored = await meta.get(META_KEY);
  if (stored !== null && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
  const fresh = randomBytes(32).toString('hex');
  await meta.set(META_KEY, fresh);
  return Buffer.from(fresh, 'hex');
}
