import { CONSOLE_ERROR_TEXTS, ERROR_TEXTS, type ConsoleErrorCode, type Term, type WireErrorCode } from '../../shared/terms/index.js';

// The refusals a console can show: every code a server sends and the few this client makes itself
// when no usable answer came, both from the one catalogue (shared/terms/errors.ts).

export type RefusalCode = WireErrorCode | ConsoleErrorCode;

export const REFUSAL_TEXTS: Record<RefusalCode, Term> = { ...ERROR_TEXTS, ...CONSOLE_ERROR_TEXTS };
