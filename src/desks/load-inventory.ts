/**
 * Loads the desk inventory (DESKS_FILE): YAML or JSON in the nested format of
 * `inventory-schema.ts`, or a CSV export of facility management (`csv-import.ts`).
 * Every problem is a `ConfigFileError` naming the file, the path inside it (or the CSV column),
 * the problem and the line.
 */
import { readConfigText, validateText } from '../config/config-file.js';
import type { DeskInventory } from '../domain/desk-model.js';
import { importDesksCsv } from './csv-import.js';
import { inventoryFileSchema } from './inventory-schema.js';

/** Parses inventory text; `fileName` picks the format (.yaml/.yml/.json/.csv) and names the file in errors. */
export function parseInventory(text: string, fileName: string): DeskInventory {
  if (fileName.toLowerCase().endsWith('.csv')) return importDesksCsv(text, fileName);
  return validateText(inventoryFileSchema, text, fileName);
}

export async function loadInventoryFile(path: string): Promise<DeskInventory> {
  return parseInventory(await readConfigText(path), path);
}
