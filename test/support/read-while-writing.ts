/**
 * Races reads of a count against `writes` committed writes (each adding one) and checks that no
 * read sees a partial state: every read lies between what was committed before and after it, and
 * no later read sees less. The writer lets at least one read finish every ten writes, so the reads
 * overlap the writes however fast the disk is; in between they race writes and compactions.
 */
import assert from 'node:assert/strict';

export async function assertReadsNeverPartial(opts: {
  writes: number;
  write: (i: number) => Promise<unknown>;
  /** The count a reader sees now. */
  read: () => Promise<number>;
}): Promise<void> {
  let committed = 0;
  let writing = true;
  const seen: number[] = [];
  const aReadFinished = async (before: number) => {
    while (seen.length === before) await new Promise((resolve) => setImmediate(resolve));
  };
  const writer = (async () => {
    try {
      for (let i = 0; i < opts.writes; i++) {
        if (i % 10 === 5) await aReadFinished(seen.length);
        await opts.write(i);
        committed += 1;
      }
    } finally {
      writing = false;
    }
  })();
  while (writing) {
    const atLeast = committed;
    const n = await opts.read();
    assert.ok(n >= atLeast && n <= committed + 1, `read ${n}, committed ${atLeast}…${committed}`);
    seen.push(n);
  }
  await writer;
  assert.ok(seen.length >= opts.writes / 10, `only ${seen.length} reads overlapped the writes`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'a later read saw less');
  assert.equal(await opts.read(), opts.writes);
}
