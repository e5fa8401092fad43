/**
 * Loads the VPN knowledge base file (YAML or JSON, format in `knowledge-base-schema.ts`).
 * Every problem is a `ConfigFileError` naming the file, the path inside it, the problem and the line.
 */
import { readConfigText, validateText } from '../config/config-file.js';
import type { KnowledgeBase } from '../domain/vpn-knowledge-base.js';
import { knowledgeBaseFileSchema } from './knowledge-base-schema.js';

/** Parses knowledge-base text; `fileName` picks the format (.yaml/.yml/.json) and names the file in errors. */
export function parseKnowledgeBase(text: string, fileName: string): KnowledgeBase {
  return validateText(knowledgeBaseFileSchema, text, fileName);
}

export async function loadKnowledgeBaseFile(path: string): Promise<KnowledgeBase> {
  return parseKnowledgeBase(await readConfigText(path), path);
}
