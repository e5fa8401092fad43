/**
 * Every record version in the files of a lowdb data directory: every partition file
 * (`<kind>/<key>.json`; before partitions the snapshot `store.json`) and every journal (`journal.ndjson`, `journal.<seq>.ndjson`), each line's records as written —
 * including versions that a later line replaced or deleted. Used by `checkRetention` to show
 * that no file still holds a record past its period. Reads only; writes nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseJournalLine } from '../store/journal.js';
import { emptyRecordSet, RECORD_TABLES } from '../store/memory-state.js';
import { LEGACY_SNAPSHOT, readStoredFiles } from '../store/read-files.js';
import type { RecordSet, RecordTable } from '../store/store.js';

const JOURNAL = /^journal(\.\d+)?\.ndjson$/;
const TABLES: readonly (RecordTable | 'vpnRecentReports')[] = [...RECORD_TABLES, 'vpnRecentReports'];


function addFrom(set: RecordSet, body: Record<string, unknown>): void {
  for (const table of TABLES) {
    const list = body[table];
    if (Array.isArray(list)) (set[table] as unknown[]).push(...(list as unknown[]));
  }
}

export async function readLowdbFiles(dataDir: string): Promise<{ records: RecordSet; files: string[] }> {
  const dir = path.resolve(dataDir);
  const records = emptyRecordSet();
  const files: string[] = [];
  const stored = await readStoredFiles(dir);
  if (stored.legacy) {
    addFrom(records, stored.legacy as unknown as Record<string, unknown>);
    files.push(LEGACY_SNAPSHOT);
  }
  for (const { name, data } of stored.partitions) {
    if (data.kind === 'values') addFrom(records, { vpnRecentReports: data.vpnRecentReports });
    else addFrom(records, { [data.kind]: data.records });
    files.push(name);
  }
  for (const name of (await readdir(dir)).filter((n) => JOURNAL.test(n)).sort()) {
    const text = await readFile(path.join(dir, name), 'utf8');
    const state = { checked: false };
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        addFrom(records, parseJournalLine(line, state) as unknown as Record<string, unknown>);
      } catch {
        // an unterminated last line: a write in progress, never acknowledged
      }
    }
    files.push(name);
  }
  return { records, files };
}
