/**
 * The desk inventory FILE format (YAML or JSON) and its transformation into `DeskInventory`.
 *
 * Nested as facility management thinks of it: sites → buildings → floors → rooms → desks.
 * Unknown keys are an error. Defaults: a desk's `label` is its id, `status` is `bookable`,
 * `attributes` is empty. `reservedFor` (org unit ids of a team neighbourhood) may be written on a
 * floor, a room or a desk; a desk without its own takes the room's, else the floor's
 * (`reservedFor: []` on a desk opens it to everyone). `maxOccupancy` (fire safety, people per
 * half day) may be written on a site and on a floor.
 *
 * ```yaml
 * sites:
 *   - id: hq
 *     name: Hauptgebäude Landratsamt
 *     maxOccupancy: 60
 *     buildings:
 *       - id: hq-a
 *         name: Gebäude A
 *         floors:
 *           - id: hq-a-2
 *             name: 2. OG
 *             maxOccupancy: 20
 *             rooms:
 *               - id: hq-a-2-214
 *                 name: Raum 214
 *                 reservedFor: [sg-21]
 *                 desks:
 *                   - { id: A-2-214-1, label: 214.1, attributes: [docking-station, two-monitors] }
 * ```
 *
 * Checked: ids unique per kind (site, building, floor, room, desk), attributes from
 * `DESK_ATTRIBUTES` and not repeated, `status: assigned` exactly when `assignedTo` is given.
 * Whether `reservedFor` and `assignedTo` name existing org units and people is checked against
 * the directory at start (`checkInventoryAgainstDirectory`).
 */
import { z } from 'zod';
import { DESK_ATTRIBUTES, type Desk, type DeskAttribute, type DeskInventory } from '../domain/desk-model.js';

const ID_HINT = 'must be an id of letters, digits and . _ - : (no spaces), at most 64 characters';
const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { error: (iss) => `${ID_HINT} (got ${JSON.stringify(iss.input)})` });
const name = z.string().trim().min(1).max(200);
const limit = z.number().int().min(1).max(100_000);

const attribute = z.enum(DESK_ATTRIBUTES as unknown as [DeskAttribute, ...DeskAttribute[]]);
const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { error: `lists the same ${what} twice` });

const deskFile = z.strictObject({
  id,
  label: name.optional(),
  attributes: uniqueList(attribute, 'attribute').optional(),
  status: z.enum(['bookable', 'assigned', 'unavailable']).optional(),
  assignedTo: z.string().trim().min(1).optional(),
  reservedFor: uniqueList(id, 'org unit').optional(),
});

const roomFile = z.strictObject({
  id,
  name,
  reservedFor: uniqueList(id, 'org unit').optional(),
  desks: z.array(deskFile).min(1),
});

const floorFile = z.strictObject({
  id,
  name,
  maxOccupancy: limit.optional(),
  reservedFor: uniqueList(id, 'org unit').optional(),
  rooms: z.array(roomFile).min(1),
});

const buildingFile = z.strictObject({ id, name, floors: z.array(floorFile).min(1) });

const siteFile = z.strictObject({
  id,
  name,
  maxOccupancy: limit.optional(),
  buildings: z.array(buildingFile).min(1),
});

const inventoryBase = z.strictObject({ sites: z.array(siteFile).min(1) });

type InventoryBase = z.output<typeof inventoryBase>;
export type InventoryFile = z.input<typeof inventoryBase>;

function checkInventory(file: InventoryBase, ctx: z.RefinementCtx): void {
  const seen: Record<string, Map<string, string>> = { site: new Map(), building: new Map(), floor: new Map(), room: new Map(), desk: new Map() };
  const unique = (kind: string, value: string, path: Array<string | number>) => {
    const map = seen[kind]!;
    const where = path.slice(0, -1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    const first = map.get(value);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path, message: `duplicate ${kind} id ${JSON.stringify(value)} (first at ${first})` });
    else map.set(value, where);
  };
  file.sites.forEach((site, si) => {
    unique('site', site.id, ['sites', si, 'id']);
    site.buildings.forEach((b, bi) => {
      const bp = ['sites', si, 'buildings', bi];
      unique('building', b.id, [...bp, 'id']);
      b.floors.forEach((f, fi) => {
        const fp = [...bp, 'floors', fi];
        unique('floor', f.id, [...fp, 'id']);
        f.rooms.forEach((r, ri) => {
          const rp = [...fp, 'rooms', ri];
          unique('room', r.id, [...rp, 'id']);
          r.desks.forEach((d, di) => {
            const dp = [...rp, 'desks', di];
            unique('desk', d.id, [...dp, 'id']);
            const status = d.status ?? 'bookable';
            if (status === 'assigned' && d.assignedTo === undefined) {
              ctx.addIssue({ code: 'custom', path: [...dp, 'assignedTo'], message: 'is required when status is assigned (the person the desk is assigned to)' });
            }
            if (status !== 'assigned' && d.assignedTo !== undefined) {
              ctx.addIssue({ code: 'custom', path: [...dp, 'status'], message: `must be assigned when assignedTo is given (got ${JSON.stringify(status)})` });
            }
          });
        });
      });
    });
  });
}

function toInventory(file: InventoryBase): DeskInventory {
  const inv: DeskInventory = { sites: [], buildings: [], floors: [], rooms: [], desks: [] };
  for (const site of file.sites) {
    inv.sites.push({ id: site.id, name: site.name, ...(site.maxOccupancy !== undefined ? { maxOccupancy: site.maxOccupancy } : {}) });
    for (const b of site.buildings) {
      inv.buildings.push({ id: b.id, siteId: site.id, name: b.name });
      for (const f of b.floors) {
        inv.floors.push({
          id: f.id,
          siteId: site.id,
          buildingId: b.id,
          name: f.name,
          ...(f.maxOccupancy !== undefined ? { maxOccupancy: f.maxOccupancy } : {}),
        });
        for (const r of f.rooms) {
          inv.rooms.push({ id: r.id, floorId: f.id, name: r.name });
          for (const d of r.desks) {
            const desk: Desk = {
              id: d.id,
              label: d.label ?? d.id,
              siteId: site.id,
              buildingId: b.id,
              floorId: f.id,
              roomId: r.id,
              attributes: [...(d.attributes ?? [])],
              status: d.status ?? 'bookable',
              reservedFor: [...(d.reservedFor ?? r.reservedFor ?? f.reservedFor ?? [])],
            };
            if (d.assignedTo !== undefined) desk.assignedTo = d.assignedTo;
            inv.desks.push(desk);
          }
        }
      }
    }
  }
  return inv;
}

/** Validates the nested file structure (before the transformation); used by the CSV import. */
export const inventoryStructureSchema = inventoryBase.superRefine(checkInventory);

export const inventoryFileSchema = inventoryStructureSchema.transform(toInventory);

/** The nested file structure of an inventory (for writing YAML), with defaults left out. */
export function inventoryToFile(inv: DeskInventory): InventoryFile {
  const group = <T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> => {
    const m = new Map<K, T[]>();
    for (const t of items) {
      const list = m.get(key(t));
      if (list) list.push(t);
      else m.set(key(t), [t]);
    }
    return m;
  };
  const buildingsBySite = group(inv.buildings, (b) => b.siteId);
  const floorsByBuilding = group(inv.floors, (f) => f.buildingId);
  const roomsByFloor = group(inv.rooms, (r) => r.floorId);
  const desksByRoom = group(inv.desks, (d) => d.roomId);
  return {
    sites: inv.sites.map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.maxOccupancy !== undefined ? { maxOccupancy: s.maxOccupancy } : {}),
      buildings: (buildingsBySite.get(s.id) ?? []).map((b) => ({
        id: b.id,
        name: b.name,
        floors: (floorsByBuilding.get(b.id) ?? []).map((f) => ({
          id: f.id,
          name: f.name,
          ...(f.maxOccupancy !== undefined ? { maxOccupancy: f.maxOccupancy } : {}),
          rooms: (roomsByFloor.get(f.id) ?? []).map((r) => ({
            id: r.id,
            name: r.name,
            desks: (desksByRoom.get(r.id) ?? []).map((d) => ({
              id: d.id,
              ...(d.label !== d.id ? { label: d.label } : {}),
              ...(d.attributes.length > 0 ? { attributes: [...d.attributes] } : {}),
              ...(d.status !== 'bookable' ? { status: d.status } : {}),
              ...(d.assignedTo !== undefined ? { assignedTo: d.assignedTo } : {}),
              ...(d.reservedFor.length > 0 ? { reservedFor: [...d.reservedFor] } : {}),
            })),
          })),
        })),
      })),
    })),
  };
}
