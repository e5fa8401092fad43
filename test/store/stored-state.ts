import { MemoryState, type StateData } from '../../src/store/memory-state.js';
import { readStoredFiles, storedBodies } from '../../src/store/read-files.js';

/** What the lowdb files hold (partitions merged, newest copy of each record), shaped like the format-1 snapshot `store.json`. */
export async function storedState(dir: string): Promise<StateData & { lastSeq: number }> {
  const files = await readStoredFiles(dir);
  const state = new MemoryState();
  for (const body of storedBodies(files)) state.apply(body);
  return { lastSeq: files.lastSeq, ...state.toData() };
}
