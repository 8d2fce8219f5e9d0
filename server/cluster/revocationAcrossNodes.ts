import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { ConnectionRegistry, EndReason } from '../gateway/connections.js';
import type { Logger } from '../log/logger.js';

// A link revoked through one node (by the organiser, or every link of a conference closed for
// good) must end that link's sessions on every node, not only on the node that revoked it. The
// registry is shared (the links live in the database's meta), so every node refuses the link at
// its next join already; this ends the sessions that are open:
//   - at once, when the revoking node's wake-up arrives through Redis (`revokedElsewhere`), once
//     the registry confirms it (a wake-up is a hint, never trusted on its own);
//   - at the latest at the next tick (`sweep`), which reads the links of every conference this
//     node has sessions of: a wake-up lost while Redis was away costs at most a tick.

export interface RevocationAcrossNodesOptions {
  readonly links: LinkRegistry;
  readonly connections: ConnectionRegistry;
  readonly endSession: (socketId: string, reason: Exclude<EndReason, 'disconnected'>) => void;
  readonly logger: Logger;
}

export class RevocationAcrossNodes {
  readonly #options: RevocationAcrossNodesOptions;

  constructor(options: RevocationAcrossNodesOptions) {
    this.#options = options;
  }

  /** Another node says it revoked a link: end its sessions here if the registry says so too. */
  async revokedElsewhere(conferenceId: string, linkId: string): Promise<void> {
    const link = await this.#options.links.get(conferenceId, linkId);
    if (link === undefined || link.revokedAt === null) return;
    this.#end(this.#options.connections.ofLink(linkId).filter((c) => c.conferenceId === conferenceId), conferenceId);
  }

  /** Every tick: the sessions here whose link was revoked meanwhile. */
  async sweep(): Promise<void> {
    for (const conferenceId of this.#options.connections.conferenceIds()) {
      const revoked = new Set((await this.#options.links.list(conferenceId)).filter((l) => l.revokedAt !== null).map((l) => l.id));
      if (revoked.size === 0) continue;
      this.#end(this.#options.connections.ofConference(conferenceId).filter((c) => revoked.has(c.linkId)), conferenceId);
    }
  }

  #end(connections: readonly { socketId: string; linkId: string }[], conferenceId: string): void {
    for (const c of connections) {
      this.#options.logger.info({ conferenceId, linkId: c.linkId, socketId: c.socketId }, 'session ended: its link was revoked through another node');
      this.#options.endSession(c.socketId, 'TOKEN_REVOKED');
    }
  }
}
