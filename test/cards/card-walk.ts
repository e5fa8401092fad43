/** Helpers to walk rendered or raw card JSON in tests. */
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every object in the tree (depth first), the root included. */
export function allObjects(node: unknown, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(node)) for (const n of node) allObjects(n, out);
  else if (isObject(node)) {
    out.push(node);
    for (const v of Object.values(node)) allObjects(v, out);
  }
  return out;
}

export function actionsOf(card: unknown): JsonObject[] {
  return allObjects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Action.'));
}

export function executeActions(card: unknown): JsonObject[] {
  return actionsOf(card).filter((o) => o.type === 'Action.Execute');
}

export function inputsOf(card: unknown): JsonObject[] {
  return allObjects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
}

/** All string values in the tree. */
export function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) allStrings(n, out);
  else if (isObject(node)) for (const v of Object.values(node)) allStrings(v, out);
  return out;
}

/** String keys referenced by a template: `${t.a.b}` and `${$root.t.a.b}`, also inside expressions. */
export function stringKeysOf(template: unknown): string[] {
  const keys = new Set<string>();
  for (const s of allStrings(template)) {
    for (const expr of s.match(/\$\{[^}]*\}/g) ?? []) {
      for (const m of expr.matchAll(/(?:\$root\.t|(?<![\w.$])t)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g)) {
        if (m[1]) keys.add(m[1]);
      }
    }
  }
  return [...keys];
}
