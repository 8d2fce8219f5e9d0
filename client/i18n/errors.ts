import { ERROR_TEXTS, type Term, type WireErrorCode } from '../../shared/terms/index.js';
import type { LocalErrorCode } from '../net/connection.js';

// The refusals a console can show: every code a server sends (shared/terms/errors.ts) and the
// few this client makes itself when no answer came.

export type RefusalCode = WireErrorCode | LocalErrorCode;

const LOCAL_ERROR_TEXTS: Record<LocalErrorCode, Term> = {
  NOT_CONNECTED: { vi: 'Đang mất kết nối tới máy chủ; lệnh chưa được gửi.', en: 'Not connected to the server; nothing was sent.' },
  TIMEOUT: { vi: 'Máy chủ không trả lời kịp; hãy kiểm tra lại trước khi thử lại.', en: 'The server did not answer in time; check before trying again.' },
  BAD_ACK: { vi: 'Máy chủ trả lời không đúng định dạng.', en: 'The server answered with something unexpected.' },
};

export const REFUSAL_TEXTS: Record<RefusalCode, Term> = { ...ERROR_TEXTS, ...LOCAL_ERROR_TEXTS };
