import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderProtocolDoc } from './renderProtocolDoc.js';

// `npm run docs:protocol`: regenerates docs/PROTOCOL.md from the schemas.

export const PROTOCOL_DOC_PATH = path.resolve(import.meta.dirname, '../../../docs/PROTOCOL.md');

const text = await renderProtocolDoc();
writeFileSync(PROTOCOL_DOC_PATH, text);
process.stdout.write(`wrote ${PROTOCOL_DOC_PATH} (${text.length} characters)\n`);
