/**
 * Writes a `DeskInventory` as the nested YAML file format (`inventory-schema.ts`) or as CSV in
 * the import format (`csv-import.ts`), e.g. to hand the current inventory to facility management
 * for editing in Excel and to import it again.
 */
import { stringify } from 'yaml';
import type { DeskInventory } from '../domain/desk-model.js';
import { CSV_COLUMNS_DE, type CsvColumn } from './csv-import.js';
import { inventoryToFile } from './inventory-schema.js';

const YAML_HEADER = `# Arbeitsplatzinventar (Desk-Sharing), erzeugt von "npm run desks:import".
# Aufbau: sites → buildings → floors → rooms → desks; Format siehe src/desks/inventory-schema.ts.
`;

export function inventoryToYaml(inv: DeskInventory, header = YAML_HEADER): string {
  return header + '\n' + stringify(inventoryToFile(inv), { lineWidth: 0 });
}

const EXPORT_COLUMNS: readonly CsvColumn[] = [
  'site', 'building', 'floor', 'room', 'desk', 'label', 'attributes', 'status', 'reservedFor', 'assignedTo',
  'maxOccupancyFloor', 'maxOccupancySite', 'siteId', 'buildingId', 'floorId', 'roomId',
];

function csvField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per desk, German headers, `;` separated, CRLF line ends (Excel). */
export function inventoryToCsv(inv: DeskInventory, separator: ';' | ',' = ';'): string {
  const sites = new Map(inv.sites.map((s) => [s.id, s]));
  const buildings = new Map(inv.buildings.map((b) => [b.id, b]));
  const floors = new Map(inv.floors.map((f) => [f.id, f]));
  const rooms = new Map(inv.rooms.map((r) => [r.id, r]));
  const lines = [EXPORT_COLUMNS.map((c) => csvField(CSV_COLUMNS_DE[c], separator)).join(separator)];
  for (const d of inv.desks) {
    const site = sites.get(d.siteId);
    const floor = floors.get(d.floorId);
    const cells: Record<CsvColumn, string> = {
      site: site?.name ?? d.siteId,
      building: buildings.get(d.buildingId)?.name ?? d.buildingId,
      floor: floor?.name ?? d.floorId,
      room: rooms.get(d.roomId)?.name ?? d.roomId,
      desk: d.id,
      label: d.label === d.id ? '' : d.label,
      attributes: d.attributes.join(', '),
      status: d.status === 'bookable' ? '' : d.status,
      reservedFor: d.reservedFor.join(', '),
      assignedTo: d.assignedTo ?? '',
      maxOccupancyFloor: floor?.maxOccupancy !== undefined ? String(floor.maxOccupancy) : '',
      maxOccupancySite: site?.maxOccupancy !== undefined ? String(site.maxOccupancy) : '',
      siteId: d.siteId,
      buildingId: d.buildingId,
      floorId: d.floorId,
      roomId: d.roomId,
    };
    lines.push(EXPORT_COLUMNS.map((c) => csvField(cells[c], separator)).join(separator));
  }
  return lines.join('\r\n') + '\r\n';
}
