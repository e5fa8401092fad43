/**
 * Desk inventory import (facility management):
 *
 *   npm run --silent desks:import -- desks.csv > samples/desks.yaml     CSV → YAML (stdout)
 *   npm run desks:import -- desks.csv --out samples/desks.yaml          CSV → YAML (file)
 *   npm run --silent desks:import -- --to-csv samples/desks.yaml > desks.csv   YAML/JSON/CSV → CSV
 *
 * Plain `npm run` (without --silent) prints its own banner ("> mobile-work-bot@… desks:import")
 * to stdout, which would land in the redirected file and break it; the CLI notices that case
 * and refuses with a hint instead of producing a broken file.
 *
 * The input is checked completely first: any bad row prints every problem with its line to
 * stderr, exits with 1 and writes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { isConfigFileError } from '../config/config-file-error.js';
import { loadInventoryFile } from './load-inventory.js';
import { inventoryToCsv, inventoryToYaml } from './inventory-yaml.js';

const USAGE = `usage: desks:import -- <inventory.csv|.yaml|.json> [--to-csv] [--out <file>]`;

export async function main(argv: readonly string[]): Promise<number> {
  let input: string | undefined;
  let out: string | undefined;
  let toCsv = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--to-csv') toCsv = true;
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (input === undefined && !arg.startsWith('--')) input = arg;
    else {
      process.stderr.write(`unknown argument ${JSON.stringify(arg)}\n${USAGE}\n`);
      return 2;
    }
  }
  if (input === undefined || (argv.includes('--out') && !out)) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  if (!out && npmBannerInOutput()) {
    process.stderr.write(
      'npm printed its banner into the redirected output, which would break the file.\n' +
        'Run "npm run --silent desks:import -- <file> > <out>" or "npm run desks:import -- <file> --out <out>".\n',
    );
    return 2;
  }
  try {
    const inventory = await loadInventoryFile(input);
    const text = toCsv ? inventoryToCsv(inventory) : inventoryToYaml(inventory);
    if (out) await writeFile(out, text, 'utf8');
    else process.stdout.write(text);
    process.stderr.write(`${inventory.desks.length} desks, ${inventory.floors.length} floors, ${inventory.sites.length} sites\n`);
    return 0;
  } catch (e) {
    process.stderr.write((isConfigFileError(e) ? e.message : e instanceof Error ? e.message : String(e)) + '\n');
    return 1;
  }
}

/** Run by `npm run` without --silent, with stdout redirected: npm's banner is in the output. */
function npmBannerInOutput(): boolean {
  return process.env['npm_lifecycle_event'] === 'desks:import' && process.env['npm_config_loglevel'] !== 'silent' && !process.stdout.isTTY;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('import-cli.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
