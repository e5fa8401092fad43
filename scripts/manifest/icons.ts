/**
 * The two Teams app icons, drawn in code so they can be regenerated anywhere (no ImageMagick):
 * - color: 192×192, opaque, a white house with a laptop on the accent colour;
 * - outline: 32×32, white on transparent (Teams requires exactly that: every visible pixel white).
 * Shapes are described in the unit square and sampled 4×4 per pixel for smooth edges.
 */
import { PNG } from 'pngjs';

export const ACCENT = { hex: '#1F6F8B', rgb: [0x1f, 0x6f, 0x8b] as const };

type Shape = (x: number, y: number) => boolean;

const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** A house: a roof triangle over a body, scaled by `inset` towards its own centre. */
function house(inset: number): Shape {
  const apexY = 0.16 + inset * 1.6;
  const eaveY = 0.47 + inset * 0.4;
  const left = 0.12 + inset * 1.6;
  const right = 0.88 - inset * 1.6;
  const bodyL = 0.24 + inset;
  const bodyR = 0.76 - inset;
  const bottom = 0.84 - inset;
  const roof: Shape = (x, y) => {
    if (y < apexY || y > eaveY) return false;
    const t = (y - apexY) / (eaveY - apexY);
    const half = ((right - left) / 2) * t;
    return Math.abs(x - 0.5) <= half;
  };
  return (x, y) => roof(x, y) || rect(bodyL, eaveY - 0.01, bodyR, bottom)(x, y);
}

/** A laptop: screen frame with display, and a base. */
function laptop(cx: number, top: number, w: number, h: number): { frame: Shape; display: Shape; base: Shape } {
  const x0 = cx - w / 2;
  const x1 = cx + w / 2;
  const b = h * 0.08;
  return {
    frame: rect(x0, top, x1, top + h),
    display: rect(x0 + b * 1.6, top + b * 1.6, x1 - b * 1.6, top + h - b * 1.6),
    base: rect(x0 - w * 0.12, top + h + b * 0.6, x1 + w * 0.12, top + h + b * 2.4),
  };
}

/** Paints a size×size PNG: `paint` returns RGBA for a point of the unit square. */
function draw(size: number, paint: (x: number, y: number) => readonly [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round(a / (n * n));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const WHITE = [255, 255, 255, 255] as const;
const CLEAR = [255, 255, 255, 0] as const;

export function colorIcon(): Buffer {
  const bg = [...ACCENT.rgb, 255] as const;
  const home = house(0);
  const lap = laptop(0.5, 0.55, 0.26, 0.15);
  return draw(192, (x, y) => {
    if (lap.display(x, y)) return WHITE;
    if (lap.frame(x, y) || lap.base(x, y)) return bg;
    return home(x, y) ? WHITE : bg;
  });
}

export function outlineIcon(): Buffer {
  const outer = house(0);
  const inner = house(0.065);
  const lap = laptop(0.5, 0.56, 0.28, 0.16);
  return draw(32, (x, y) => {
    if (outer(x, y) && !inner(x, y)) return WHITE;
    if ((lap.frame(x, y) && !lap.display(x, y)) || lap.base(x, y)) return WHITE;
    return CLEAR;
  });
}
