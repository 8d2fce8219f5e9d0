import { ERROR_TEXTS } from '../../shared/terms/errors.js';

// The error codes a refusal may carry on the wire: the one catalogue of the core's, the gateway's
// and the media signalling's codes, each with its words (shared/terms/errors.ts). A code outside
// it is a finding (a refusal the client cannot name).

export const REFUSAL_CODES: ReadonlySet<string> = new Set<string>(Object.keys(ERROR_TEXTS));

/** Text that must never reach a client: a stack frame, a source path, an internal error name. */
export const LEAK_PATTERNS: readonly RegExp[] = [/\n\s+at [^\n]+:\d+:\d+/, /\/(server|shared|node_modules)\/[\w./-]+\.(ts|js)/, /SqliteError|SQLITE_[A-Z]+|TypeError:|ReferenceError:/];
