/**
 * Utilisation per working day and floor as an SVG bar chart (grouped bars: one group per day,
 * one bar per floor), for a report page or a mail to facility management.
 *
 * Accessible without colour: every floor has its own fill pattern as well as its own colour
 * (Okabe–Ito palette, safe for colour blindness), the legend names each floor next to its
 * swatch, each bar carries its value as text (when there is room) and as a tooltip `<title>`,
 * and `<desc>` sums the chart up in words (average utilisation per floor) for screen readers.
 * Nothing in it names a person.
 */
import type { Locale } from '../domain/model.js';
import type { OccupancyRow } from './occupancy-report.js';

export interface SvgChartOptions {
  title?: string;
  locale?: Locale;
  width?: number;
  height?: number;
}

const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
/** Pattern overlays, one per series (the first is plain). */
const PATTERNS = [
  '',
  '<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>',
  '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
  '<path d="M0,4 L8,4" stroke="#fff" stroke-width="2"/>',
  '<path d="M4,0 L4,8" stroke="#fff" stroke-width="2"/>',
  '<path d="M0,0 L8,8 M0,8 L8,0" stroke="#fff" stroke-width="1.5"/>',
  '<path d="M0,0 L8,8" stroke="#fff" stroke-width="2"/>',
  '<rect x="2" y="2" width="4" height="4" fill="#fff"/>',
];

const TEXT: Record<Locale, { title: string; y: string; x: string; empty: string; summary: string; average: string }> = {
  de: { title: 'Auslastung der Arbeitsplätze je Etage', y: 'Auslastung (%)', x: 'Arbeitstag', empty: 'Keine Daten im Zeitraum', summary: 'Balkendiagramm der Auslastung je Arbeitstag und Etage.', average: 'Durchschnitt' },
  en: { title: 'Desk utilisation per floor', y: 'Utilisation (%)', x: 'Working day', empty: 'No data in this period', summary: 'Bar chart of utilisation per working day and floor.', average: 'average' },
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function dayLabel(date: string, locale: Locale): string {
  return locale === 'de' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.` : date.slice(5);
}

function fullDate(date: string, locale: Locale): string {
  return locale === 'de' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
}

export function toSvgChart(rows: readonly OccupancyRow[], opts: SvgChartOptions = {}): string {
  const locale = opts.locale ?? 'de';
  const t = TEXT[locale];
  const title = opts.title ?? t.title;
  const width = opts.width ?? 960;

  const series: Array<{ key: string; name: string }> = [];
  const seriesIndex = new Map<string, number>();
  const dates: string[] = [];
  const values = new Map<string, number>(); // `${date}|${floorId}`
  for (const r of rows) {
    if (!seriesIndex.has(r.floorId)) {
      seriesIndex.set(r.floorId, series.length);
      series.push({ key: r.floorId, name: `${r.siteName} – ${r.floorName}` });
    }
    if (!dates.includes(r.date)) dates.push(r.date);
    if (!r.suppressed.includes('utilisation')) values.set(`${r.date}|${r.floorId}`, r.utilisation); // fewer than 5 people: no bar
  }

  const legendRows = Math.ceil(series.length / 2);
  const margin = { left: 64, right: 16, top: 48, bottom: 64 + legendRows * 20 };
  const height = opts.height ?? 360 + legendRows * 20;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const out: string[] = [];
  const averages = series.map((s) => {
    const vs = dates.map((d) => values.get(`${d}|${s.key}`)).filter((v): v is number => v !== undefined);
    return `${s.name}: ${t.average} ${pct(vs.reduce((a, b) => a + b, 0) / Math.max(1, vs.length))}`;
  });
  const period = dates.length > 0 ? ` ${fullDate(dates[0]!, locale)} – ${fullDate(dates[dates.length - 1]!, locale)}.` : '';

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">`,
    `<title id="chart-title">${esc(title)}</title>`,
    `<desc id="chart-desc">${esc(`${t.summary}${period} ${averages.join('; ')}`.trim())}</desc>`,
    '<defs>',
    ...series.map((_, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      return `<pattern id="series-${i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour}"/>${PATTERNS[i % PATTERNS.length]}</pattern>`;
    }),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`,
  );

  // y axis with grid
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = margin.top + plotH * (1 - tick);
    out.push(
      `<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotW}" y2="${y}" stroke="#ccc" stroke-width="1"/>`,
      `<text x="${margin.left - 6}" y="${y + 4}" text-anchor="end">${pct(tick)}</text>`,
    );
  }
  out.push(
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="#000"/>`,
    `<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="#000"/>`,
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(t.y)}</text>`,
    `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 40}" text-anchor="middle">${esc(t.x)}</text>`,
  );

  if (dates.length === 0 || series.length === 0) {
    out.push(`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH / 2}" text-anchor="middle">${esc(t.empty)}</text>`);
  } else {
    const groupW = plotW / dates.length;
    const barW = Math.max(1, (groupW * 0.8) / series.length);
    const labelEvery = Math.max(1, Math.ceil(dates.length / Math.max(1, Math.floor(plotW / 48))));
    dates.forEach((date, di) => {
      const gx = margin.left + di * groupW + groupW * 0.1;
      series.forEach((s, si) => {
        const v = values.get(`${date}|${s.key}`);
        if (v === undefined) return;
        const h = plotH * v;
        const x = gx + si * barW;
        const y = margin.top + plotH - h;
        out.push(
          `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0.5, barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="url(#series-${si})" stroke="#333" stroke-width="0.5"><title>${esc(`${s.name}, ${fullDate(date, locale)}: ${pct(v)}`)}</title></rect>`,
        );
        if (barW >= 22) out.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle" font-size="9">${Math.round(v * 100)}</text>`);
      });
      if (di % labelEvery === 0) {
        out.push(`<text x="${(margin.left + di * groupW + groupW / 2).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${esc(dayLabel(date, locale))}</text>`);
      }
    });
  }

  // legend: swatch with the series' pattern and its name in words
  series.forEach((s, i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    const x = margin.left + col * (plotW / 2);
    const y = margin.top + plotH + 56 + row * 20;
    out.push(
      `<rect x="${x}" y="${y - 10}" width="14" height="14" fill="url(#series-${i})" stroke="#333" stroke-width="0.5"/>`,
      `<text x="${x + 20}" y="${y + 1}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
