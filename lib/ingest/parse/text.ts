import { decodeText } from '../decode-text';
import type { ParsedDocument } from '../types';
import { BlockBuilder } from './blocks';

/** Plain text: one paragraph per blank-line-separated run. Long lines stay whole; the chunker splits them. */
export function parseText(bytes: Uint8Array): ParsedDocument {
  const builder = new BlockBuilder();
  for (const para of decodeText(bytes).split(/(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)/)) {
    builder.add('paragraph', para);
  }
  return { title: null, blocks: builder.blocks, pageCount: null, warnings: [] };
}
