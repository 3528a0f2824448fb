import { PNG } from 'pngjs';
import { TEAMS_ACCENT_COLOR } from './appManifest';

/** Teams' required icon sizes, in pixels. */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgba = readonly [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];

/**
 * The app icons, drawn rather than committed so they stay in step with the accent color:
 * a window (窓, the "mado" of madoguchi) of four panes. The color icon is white on the
 * accent color; the outline icon is white on transparent, as Teams requires.
 */
export function colorIconPng(accentColor: string = TEAMS_ACCENT_COLOR): Buffer {
  const png = blank(COLOR_ICON_SIZE, hexToRgba(accentColor));
  drawWindow(png, COLOR_ICON_SIZE, 44, 12, WHITE);
  return PNG.sync.write(png);
}

export function outlineIconPng(): Buffer {
  const png = blank(OUTLINE_ICON_SIZE, [0, 0, 0, 0]);
  drawWindow(png, OUTLINE_ICON_SIZE, 4, 2, WHITE);
  return PNG.sync.write(png);
}

export function hexToRgba(hex: string): Rgba {
  const match = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!match) throw new Error(`appIcons: a color must look like "#0F6CBD" (got "${hex}")`);
  return [Number.parseInt(match[1] ?? '0', 16), Number.parseInt(match[2] ?? '0', 16), Number.parseInt(match[3] ?? '0', 16), 255];
}

function blank(size: number, color: Rgba): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  fill(png, 0, 0, size, size, color);
  return png;
}

/** A square frame `inset` from the edges with `stroke`-wide bars, crossed in the middle. */
function drawWindow(png: PNG, size: number, inset: number, stroke: number, color: Rgba): void {
  const inner = size - 2 * inset;
  fill(png, inset, inset, inner, stroke, color);
  fill(png, inset, size - inset - stroke, inner, stroke, color);
  fill(png, inset, inset, stroke, inner, color);
  fill(png, size - inset - stroke, inset, stroke, inner, color);
  const middle = Math.floor((size - stroke) / 2);
  fill(png, inset, middle, inner, stroke, color);
  fill(png, middle, inset, stroke, inner, color);
}

function fill(png: PNG, x0: number, y0: number, width: number, height: number, color: Rgba): void {
  for (let y = y0; y < y0 + height; y += 1) {
    for (let x = x0; x < x0 + width; x += 1) {
      const i = (y * png.width + x) * 4;
      png.data[i] = color[0];
      png.data[i + 1] = color[1];
      png.data[i + 2] = color[2];
      png.data[i + 3] = color[3];
    }
  }
}
