/**
 * `DATA_DIR` is checked before anything creates it: Node's recursive `mkdir` never returns on some
 * paths under `/proc` (it loops on the kernel's answers), and a plain failure deeper in the store
 * ends with a stack that does not name the variable. Here every step is a single `stat`/`statfs`/
 * `access`, which answer at once, and a problem becomes `DATA_DIR: reason` (exit code 2).
 *
 * Refused: a path on a kernel file system (proc, sysfs, cgroup, debugfs, …), a path that exists but
 * is not a directory (or whose nearest existing parent is not one), and a directory that the
 * process cannot write to (or, when it does not exist yet, a parent in which it cannot create it).
 */
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config-error.js';

/** statfs `type` magic numbers of kernel file systems that hold no data (linux/magic.h). */
const VIRTUAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
  [0xcafe4a11, 'bpf'],
  [0x6e736673, 'nsfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x50495045, 'pipefs'],
]);

/** Directories that are never a place for data, also where statfs is not available. */
const VIRTUAL_ROOTS = ['/proc', '/sys'];

export const DATA_DIR = 'DATA_DIR';

/** Resolves when `dataDir` can be used (created if missing) by this process; throws `ConfigError` naming DATA_DIR otherwise. */
export async function checkDataDir(dataDir: string, cwd: string = process.cwd()): Promise<void> {
  const full = path.resolve(cwd, dataDir);
  const refuse = (reason: string): never => {
    throw new ConfigError([{ name: DATA_DIR, reason: `${reason} (got ${JSON.stringify(dataDir)}${full !== dataDir ? `, that is ${full}` : ''})` }]);
  };

  if (process.platform === 'linux' && VIRTUAL_ROOTS.some((root) => full === root || full.startsWith(`${root}/`))) {
    refuse('is on a kernel file system (virtual, not for data); choose a directory on a disk or volume, e.g. /var/lib/mobile-work-bot');
  }

  // The path itself, or its nearest existing parent.
  let existing = full;
  let info = await statOrUndefined(existing);
  while (info === undefined) {
    const parent = path.dirname(existing);
    if (parent === existing) refuse('has no existing parent directory');
    existing = parent;
    info = await statOrUndefined(existing);
  }
  const exists = existing === full;
  if (!info.isDirectory()) {
    refuse(exists ? 'exists but is not a directory' : `cannot be created: ${existing} is not a directory`);
  }

  const fsType = await statfs(existing).then(
    (s) => VIRTUAL_FILE_SYSTEMS.get(s.type),
    () => undefined,
  );
  if (fsType !== undefined) {
    refuse(`is on a kernel file system (${fsType}, virtual, not for data); choose a directory on a disk or volume, e.g. /var/lib/mobile-work-bot`);
  }

  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    refuse(exists ? 'is not writable by this process (check owner and permissions)' : `cannot be created: ${existing} is not writable by this process`);
  }
}

async function statOrUndefined(p: string) {
  try {
    return await stat(p);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined; // a parent is a file: found while walking up
    throw new ConfigError([{ name: DATA_DIR, reason: `cannot be checked: ${p} (${typeof code === 'string' ? code : 'error'})` }]);
  }
}
