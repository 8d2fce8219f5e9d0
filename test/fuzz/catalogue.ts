import { ERROR_CODES } from '../../shared/meeting/errors.js';
import { MEDIA_ERROR_CODES } from '../../shared/protocol/media.js';
import { GATEWAY_ERROR_CODES } from '../../shared/protocol/socket.js';

// The error codes a refusal may carry on the wire: the core's, the gateway's and the media
// signalling's catalogues. A code outside them is a finding (a refusal the client cannot name).

export const REFUSAL_CODES: ReadonlySet<string> = new Set<string>([...ERROR_CODES, ...Object.keys(GATEWAY_ERROR_CODES), ...MEDIA_ERROR_CODES]);

/** Text that must never reach a client: a stack frame, a source path, an internal error name. */
export const LEAK_PATTERNS: readonly RegExp[] = [/\n\s+at [^\n]+:\d+:\d+/, /\/(server|shared|node_modules)\/[\w./-]+\.(ts|js)/, /SqliteError|SQLITE_[A-Z]+|TypeError:|ReferenceError:/];
