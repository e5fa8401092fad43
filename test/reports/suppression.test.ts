import assert from 'node:assert/strict';
import fc from 'fast-check';
import { suppress, type Item, type Relation } from '../../src/reports/suppression.js';

const items = (o: Record<string, number>): Item[] => Object.entries(o).map(([key, people]) => [key, people] as const).map(([key, people]) => ({ key, people }));

describe('Small-group suppression', () => {
  const cases: Array<[string, Record<string, number>, Relation[], string[]]> = [
    ['nothing under five: nothing hidden', { a: 5, b: 12, t: 17 }, [{ total: 't', parts: ['a', 'b'] }], []],
    ['zero is shown (it describes nobody)', { a: 0, b: 9, t: 9 }, [{ total: 't', parts: ['a', 'b'] }], []],
    ['one to four people are hidden', { a: 1, b: 4, c: 5 }, [], ['a', 'b']],
    ['one hidden part of a shown total: the smallest other part goes too', { a: 3, b: 20, c: 8, t: 31 }, [{ total: 't', parts: ['a', 'b', 'c'] }], ['a', 'c']],
    ['two hidden parts already protect each other', { a: 3, b: 2, c: 8, t: 13 }, [{ total: 't', parts: ['a', 'b', 'c'] }], ['a', 'b']],
    ['a total under five is hidden, so its parts need nothing more', { a: 3, b: 0, t: 3 }, [{ total: 't', parts: ['a', 'b'] }], ['a', 't']],
    ['a zero part is only taken when no part has people', { a: 2, z: 0, t: 7, b: 5 }, [{ total: 't', parts: ['a', 'z', 'b'] }], ['a', 'b']],
    ['the only part: the total is hidden', { a: 3, t: 3 }, [{ total: 't', parts: ['a'] }], ['a', 't']],
    [
      'chains: a hidden row total forces another row total in the grand total',
      { a1: 3, a2: 9, A: 12, b1: 6, b2: 7, B: 13, T: 25 },
      [
        { total: 'A', parts: ['a1', 'a2'] },
        { total: 'B', parts: ['b1', 'b2'] },
        { total: 'T', parts: ['A', 'B'] },
      ],
      ['a1', 'a2'],
    ],
  ];
  for (const [what, values, relations, hidden] of cases) {
    it(`when ${what}, then exactly ${hidden.join(', ') || 'nothing'} is suppressed`, () => {
      assert.deepEqual([...suppress(items(values), relations)].sort(), hidden.sort());
    });
  }

  it('for any table with row and column totals, no shown item describes 1–4 people and no shown total reveals a single hidden part', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (grid) => {
        const cols = Math.max(...grid.map((r) => r.length));
        const cell = (r: number, c: number) => `c${r}.${c}`;
        const list: Item[] = [];
        const relations: Relation[] = [];
        grid.forEach((row, r) => {
          for (let c = 0; c < cols; c++) list.push({ key: cell(r, c), people: row[c] ?? 0 });
          list.push({ key: `R${r}`, people: row.reduce((a, b) => a + b, 0) });
          relations.push({ total: `R${r}`, parts: Array.from({ length: cols }, (_, c) => cell(r, c)) });
        });
        for (let c = 0; c < cols; c++) {
          list.push({ key: `C${c}`, people: grid.reduce((a, row) => a + (row[c] ?? 0), 0) });
          relations.push({ total: `C${c}`, parts: grid.map((_, r) => cell(r, c)) });
        }
        const hidden = suppress(list, relations);
        for (const i of list) if (!hidden.has(i.key)) assert.ok(i.people === 0 || i.people >= 5, `${i.key}=${i.people} shown`);
        for (const rel of relations) {
          if (hidden.has(rel.total)) continue;
          assert.notEqual(rel.parts.filter((p) => hidden.has(p)).length, 1, `${rel.total} reveals its one hidden part`);
        }
      }),
    );
  });
});
