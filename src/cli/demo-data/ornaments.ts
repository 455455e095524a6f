import sharp from 'sharp';

/**
 * Demo pictures for listings: Kazakh-ornament-like compositions (ram's-horn motifs,
 * rhombus lattices, tooth borders, shanyrak rosettes) drawn as SVG and rendered by
 * sharp. Deterministic: the same seed always gives the same picture.
 */

interface Palette {
  background: string;
  primary: string;
  secondary: string;
  accent: string;
  light: string;
}

/** Colours per top-level category, after the materials of each craft. */
const PALETTES: Record<string, Palette> = {
  carpets: { background: '#5e1414', primary: '#8e1b1b', secondary: '#1f3a5f', accent: '#d9a441', light: '#f3e6c8' },
  'textiles-felt': { background: '#a89377', primary: '#cbb89d', secondary: '#2e3a6e', accent: '#a0522d', light: '#f4ecdc' },
  ceramics: { background: '#f5f1e6', primary: '#1f8a8a', secondary: '#1d4e89', accent: '#c0673a', light: '#ffffff' },
  jewellery: { background: '#0f3b3f', primary: '#15555a', secondary: '#b33a2b', accent: '#d4af37', light: '#c9ccd1' },
  woodwork: { background: '#3b2414', primary: '#5b3a24', secondary: '#8a5a32', accent: '#c8954a', light: '#efe2c4' },
  leather: { background: '#2a1c14', primary: '#7a4a26', secondary: '#4d2e18', accent: '#b8893b', light: '#e8d3b4' },
  painting: { background: '#f4ead5', primary: '#2d3f8f', secondary: '#6b2d5c', accent: '#e07a3f', light: '#fbf5e9' },
  'musical-instruments': { background: '#2f1c10', primary: '#7a4c25', secondary: '#b8763e', accent: '#e0b45a', light: '#f2e8d0' },
  'national-costume': { background: '#4a0b1d', primary: '#7d1230', secondary: '#1e5e4b', accent: '#d8a83a', light: '#f6edd9' },
  'yurt-interior': { background: '#6e1d15', primary: '#9c2a1f', secondary: '#222222', accent: '#c99a2e', light: '#f0e6d2' },
  souvenirs: { background: '#1f5f99', primary: '#3a7bbf', secondary: '#0e7c86', accent: '#f1c232', light: '#f7f3e3' },
};

type Composition = 'lattice' | 'medallion' | 'stripes' | 'rosette' | 'landscape' | 'instrument';

const COMPOSITIONS: Record<string, Composition[]> = {
  carpets: ['lattice', 'medallion'],
  'textiles-felt': ['stripes', 'lattice'],
  ceramics: ['rosette'],
  jewellery: ['rosette', 'medallion'],
  woodwork: ['medallion', 'rosette'],
  leather: ['stripes', 'medallion'],
  painting: ['landscape'],
  'musical-instruments': ['instrument'],
  'national-costume': ['lattice', 'stripes'],
  'yurt-interior': ['rosette', 'stripes'],
  souvenirs: ['rosette', 'lattice'],
};

/** A small deterministic random source (FNV-1a seed, mulberry32 stream). */
function random(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const f = (n: number) => n.toFixed(1);

/** One pair of ram's horns (қошқар мүйіз) growing up from the origin, `s` wide. */
function hornPair(s: number): string {
  const d =
    `M0 ${f(0.05 * s)} C0 ${f(-0.35 * s)} ${f(0.42 * s)} ${f(-0.52 * s)} ${f(0.5 * s)} ${f(-0.22 * s)} ` +
    `C${f(0.56 * s)} ${f(-0.01 * s)} ${f(0.33 * s)} ${f(0.05 * s)} ${f(0.28 * s)} ${f(-0.12 * s)} ` +
    `C${f(0.25 * s)} ${f(-0.24 * s)} ${f(0.38 * s)} ${f(-0.28 * s)} ${f(0.41 * s)} ${f(-0.18 * s)}`;
  return `<path d="${d}"/><path d="${d}" transform="scale(-1,1)"/>`;
}

/** The four-way ram's-horn motif with a small rhombus at its heart. */
function hornMotif(cx: number, cy: number, s: number, colour: string, centre: string): string {
  const w = Math.max(2, s * 0.07);
  const r = s * 0.09;
  return (
    `<g transform="translate(${f(cx)} ${f(cy)})" fill="none" stroke="${colour}" stroke-width="${f(w)}" stroke-linecap="round" stroke-linejoin="round">` +
    `<g transform="translate(0 ${f(-0.06 * s)})">${hornPair(s)}</g>` +
    `<g transform="rotate(180) translate(0 ${f(-0.06 * s)})">${hornPair(s)}</g>` +
    `<path d="M0 ${f(-r)} L${f(r)} 0 L0 ${f(r)} L${f(-r)} 0Z" fill="${centre}" stroke="none"/></g>`
  );
}

const rhombus = (cx: number, cy: number, w: number, h: number, fill: string, extra = '') =>
  `<path d="M${f(cx)} ${f(cy - h / 2)} L${f(cx + w / 2)} ${f(cy)} L${f(cx)} ${f(cy + h / 2)} L${f(cx - w / 2)} ${f(cy)}Z" fill="${fill}" ${extra}/>`;

/** A band of "tooth" triangles (тіс өрнек) with small rhombuses between them. */
function toothBand(x: number, y: number, width: number, height: number, p: Palette, flip = false): string {
  const step = height * 1.2;
  let out = `<rect x="${f(x)}" y="${f(y)}" width="${f(width)}" height="${f(height)}" fill="${p.secondary}"/>`;
  for (let i = 0, cx = x; cx < x + width; i++, cx += step) {
    const top = flip ? y + height : y;
    const tip = flip ? y + height * 0.25 : y + height * 0.75;
    out += `<path d="M${f(cx)} ${f(top)} L${f(cx + step / 2)} ${f(tip)} L${f(cx + step)} ${f(top)}Z" fill="${i % 2 ? p.accent : p.light}"/>`;
    out += rhombus(cx + step, y + height / 2, height * 0.3, height * 0.45, p.accent);
  }
  return out;
}

function lattice(w: number, h: number, p: Palette, rnd: () => number): string {
  const border = Math.round(h * 0.1);
  const cols = 3 + Math.floor(rnd() * 3);
  const cellW = (w - 2 * border) / cols;
  const rows = Math.max(2, Math.round((h - 2 * border) / cellW));
  const cellH = (h - 2 * border) / rows;
  let out = `<rect width="${w}" height="${h}" fill="${p.background}"/>`;
  out += `<rect x="${border}" y="${border}" width="${w - 2 * border}" height="${h - 2 * border}" fill="${p.primary}"/>`;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = border + cellW * (c + 0.5);
      const cy = border + cellH * (r + 0.5);
      const alt = (r + c) % 2 === 0;
      out += rhombus(cx, cy, cellW * 0.92, cellH * 0.92, alt ? p.secondary : p.background, `stroke="${p.accent}" stroke-width="3"`);
      out += hornMotif(cx, cy, Math.min(cellW, cellH) * 0.55, alt ? p.light : p.accent, alt ? p.accent : p.light);
    }
  }
  out += toothBand(0, 0, w, border, p);
  out += toothBand(0, h - border, w, border, p, true);
  return out;
}

function medallion(w: number, h: number, p: Palette, rnd: () => number): string {
  const cx = w / 2;
  const cy = h / 2;
  const border = Math.round(h * 0.08);
  let out = `<rect width="${w}" height="${h}" fill="${p.background}"/>`;
  out += `<rect x="${border}" y="${border}" width="${w - 2 * border}" height="${h - 2 * border}" fill="${p.primary}" stroke="${p.accent}" stroke-width="6"/>`;
  out += rhombus(cx, cy, w * 0.62, h * 0.72, p.secondary, `stroke="${p.light}" stroke-width="8"`);
  out += rhombus(cx, cy, w * 0.42, h * 0.5, p.background, `stroke="${p.accent}" stroke-width="5"`);
  out += hornMotif(cx, cy, h * 0.36, p.light, p.accent);
  const q = h * 0.2;
  for (const [x, y] of [
    [border + q * 0.8, border + q * 0.8],
    [w - border - q * 0.8, border + q * 0.8],
    [border + q * 0.8, h - border - q * 0.8],
    [w - border - q * 0.8, h - border - q * 0.8],
  ]) {
    out += hornMotif(x, y, q * (0.8 + rnd() * 0.3), p.accent, p.light);
  }
  out += toothBand(0, 0, w, border, p);
  out += toothBand(0, h - border, w, border, p, true);
  return out;
}

function stripes(w: number, h: number, p: Palette, rnd: () => number): string {
  const colours = [p.primary, p.secondary, p.background, p.accent, p.light];
  const bands = 5 + Math.floor(rnd() * 3);
  const bandH = h / bands;
  let out = '';
  for (let i = 0; i < bands; i++) {
    const y = i * bandH;
    const fill = colours[(i + Math.floor(rnd() * 2)) % colours.length];
    out += `<rect x="0" y="${f(y)}" width="${w}" height="${f(bandH + 1)}" fill="${fill}"/>`;
    const ink = fill === p.light || fill === p.accent ? p.secondary : p.light;
    if (i % 2 === 0) {
      const step = bandH * 0.9;
      let zig = `M0 ${f(y + bandH * 0.7)}`;
      for (let x = 0; x <= w + step; x += step) zig += ` L${f(x + step / 2)} ${f(y + bandH * 0.3)} L${f(x + step)} ${f(y + bandH * 0.7)}`;
      out += `<path d="${zig}" fill="none" stroke="${ink}" stroke-width="${f(bandH * 0.08)}" stroke-linejoin="round"/>`;
    } else {
      const step = bandH * 1.4;
      for (let x = step / 2; x < w; x += step) out += hornMotif(x, y + bandH / 2, bandH * 0.75, ink, p.accent);
    }
  }
  return out;
}

/** A round design: a ceramic plate, a brooch or a shanyrak seen from below. */
function rosette(w: number, h: number, p: Palette, rnd: () => number): string {
  const cx = w / 2;
  const cy = h / 2;
  const R = h * 0.42;
  let out = `<rect width="${w}" height="${h}" fill="${p.background}"/>`;
  out += `<circle cx="${cx}" cy="${cy}" r="${f(R)}" fill="${p.primary}" stroke="${p.accent}" stroke-width="${f(R * 0.04)}"/>`;
  out += `<circle cx="${cx}" cy="${cy}" r="${f(R * 0.78)}" fill="${p.light}"/>`;
  const petals = 6 + 2 * Math.floor(rnd() * 3);
  for (let i = 0; i < petals; i++) {
    const a = (i / petals) * Math.PI * 2;
    const x = cx + Math.cos(a) * R * 0.89;
    const y = cy + Math.sin(a) * R * 0.89;
    out += `<circle cx="${f(x)}" cy="${f(y)}" r="${f(R * 0.06)}" fill="${p.light}"/>`;
    const deg = (a * 180) / Math.PI + 90;
    out += `<g transform="rotate(${f(deg)} ${f(cx)} ${f(cy)})">${hornMotif(cx, cy - R * 0.55, R * 0.3, p.secondary, p.accent)}</g>`;
  }
  // The crossed bars of a shanyrak in the middle.
  out += `<circle cx="${cx}" cy="${cy}" r="${f(R * 0.28)}" fill="${p.accent}"/>`;
  out += `<g fill="none" stroke="${p.primary}" stroke-width="${f(R * 0.035)}" stroke-linecap="round">`;
  for (const k of [-1, 0, 1]) {
    out += `<path d="M${f(cx - R * 0.26)} ${f(cy + k * R * 0.1)} Q${f(cx)} ${f(cy + k * R * 0.1 - R * 0.12)} ${f(cx + R * 0.26)} ${f(cy + k * R * 0.1)}"/>`;
    out += `<path d="M${f(cx + k * R * 0.1)} ${f(cy - R * 0.26)} Q${f(cx + k * R * 0.1 - R * 0.12)} ${f(cy)} ${f(cx + k * R * 0.1)} ${f(cy + R * 0.26)}"/>`;
  }
  out += `</g><circle cx="${cx}" cy="${cy}" r="${f(R * 0.28)}" fill="none" stroke="${p.secondary}" stroke-width="${f(R * 0.04)}"/>`;
  return out;
}

/** Steppe and mountains at sunrise, for paintings and graphics. */
function landscape(w: number, h: number, p: Palette, rnd: () => number): string {
  let out =
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.primary}"/>` +
    `<stop offset="0.65" stop-color="${p.accent}"/><stop offset="1" stop-color="${p.light}"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#sky)"/>`;
  const sunX = w * (0.25 + rnd() * 0.5);
  out += `<circle cx="${f(sunX)}" cy="${f(h * 0.42)}" r="${f(h * 0.11)}" fill="${p.light}" opacity="0.9"/>`;
  const layers = [p.secondary, p.primary, '#3b2a4a', '#2a1d33'];
  layers.forEach((colour, i) => {
    const base = h * (0.55 + i * 0.12);
    let d = `M0 ${f(h)} L0 ${f(base)}`;
    const peaks = 3 + Math.floor(rnd() * 4);
    for (let k = 1; k <= peaks; k++) {
      const x = (w / peaks) * k;
      d += ` L${f(x - w / peaks / 2)} ${f(base - h * (0.05 + rnd() * 0.12))} L${f(x)} ${f(base + h * 0.02 * rnd())}`;
    }
    out += `<path d="${d} L${w} ${f(h)}Z" fill="${colour}" opacity="${0.75 + i * 0.08}"/>`;
  });
  // A painted frame.
  out += `<rect x="10" y="10" width="${w - 20}" height="${h - 20}" fill="none" stroke="${p.light}" stroke-width="20"/>`;
  return out;
}

/** A dombra (two strings) or kobyz silhouette on an ornamented ground. */
function instrument(w: number, h: number, p: Palette, rnd: () => number): string {
  let out = stripes(w, h, { ...p, light: p.primary, accent: p.secondary }, rnd);
  out += `<rect x="${f(w * 0.08)}" y="${f(h * 0.08)}" width="${f(w * 0.84)}" height="${f(h * 0.84)}" fill="${p.background}" opacity="0.88"/>`;
  const kobyz = rnd() < 0.3;
  const cy = h / 2;
  const bodyX = w * 0.3;
  const body = kobyz
    ? `<path d="M${f(bodyX - h * 0.17)} ${f(cy)} C${f(bodyX - h * 0.17)} ${f(cy - h * 0.22)} ${f(bodyX + h * 0.2)} ${f(cy - h * 0.2)} ${f(bodyX + h * 0.22)} ${f(cy)} C${f(bodyX + h * 0.2)} ${f(cy + h * 0.2)} ${f(bodyX - h * 0.17)} ${f(cy + h * 0.22)} ${f(bodyX - h * 0.17)} ${f(cy)}Z"`
    : `<path d="M${f(bodyX + h * 0.22)} ${f(cy)} C${f(bodyX + h * 0.1)} ${f(cy - h * 0.12)} ${f(bodyX - h * 0.05)} ${f(cy - h * 0.19)} ${f(bodyX - h * 0.15)} ${f(cy - h * 0.15)} ` +
      `C${f(bodyX - h * 0.27)} ${f(cy - h * 0.1)} ${f(bodyX - h * 0.27)} ${f(cy + h * 0.1)} ${f(bodyX - h * 0.15)} ${f(cy + h * 0.15)} ` +
      `C${f(bodyX - h * 0.05)} ${f(cy + h * 0.19)} ${f(bodyX + h * 0.1)} ${f(cy + h * 0.12)} ${f(bodyX + h * 0.22)} ${f(cy)}Z"`;
  out += `${body} fill="${p.secondary}" stroke="${p.accent}" stroke-width="6"/>`;
  out += `<rect x="${f(bodyX + h * 0.18)}" y="${f(cy - h * 0.03)}" width="${f(w * 0.5)}" height="${f(h * 0.06)}" rx="8" fill="${p.primary}" stroke="${p.accent}" stroke-width="4"/>`;
  for (let i = 1; i <= 9; i++) {
    const x = bodyX + h * 0.18 + (w * 0.5 * i) / 10;
    out += `<line x1="${f(x)}" y1="${f(cy - h * 0.03)}" x2="${f(x)}" y2="${f(cy + h * 0.03)}" stroke="${p.accent}" stroke-width="3"/>`;
  }
  out += `<line x1="${f(bodyX - h * 0.12)}" y1="${f(cy - 6)}" x2="${f(bodyX + h * 0.18 + w * 0.5)}" y2="${f(cy - 6)}" stroke="${p.light}" stroke-width="2"/>`;
  out += `<line x1="${f(bodyX - h * 0.12)}" y1="${f(cy + 6)}" x2="${f(bodyX + h * 0.18 + w * 0.5)}" y2="${f(cy + 6)}" stroke="${p.light}" stroke-width="2"/>`;
  out += `<circle cx="${f(bodyX)}" cy="${f(cy)}" r="${f(h * 0.045)}" fill="${p.background}" stroke="${p.accent}" stroke-width="3"/>`;
  out += hornMotif(bodyX - h * 0.02, cy - h * 0.11, h * 0.09, p.accent, p.light);
  out += hornMotif(bodyX - h * 0.02, cy + h * 0.11, h * 0.09, p.accent, p.light);
  return out;
}

const DRAW: Record<Composition, (w: number, h: number, p: Palette, rnd: () => number) => string> = {
  lattice,
  medallion,
  stripes,
  rosette,
  landscape,
  instrument,
};

export interface OrnamentImage {
  data: Buffer;
  format: 'jpeg' | 'png';
}

/**
 * A picture for a listing of the given top-level category. `index` 0 is the main
 * picture (4:3 JPEG); the others are square close-ups of the ornament (PNG).
 */
export async function ornamentImage(topCategory: string, seed: string, index: number): Promise<OrnamentImage> {
  const rnd = random(`${seed}#${index}`);
  const base = PALETTES[topCategory] ?? PALETTES.souvenirs;
  const palette = index === 0 ? base : { ...base, primary: base.secondary, secondary: base.primary };
  const choices = COMPOSITIONS[topCategory] ?? ['lattice'];
  const composition: Composition =
    index === 0 ? choices[Math.floor(rnd() * choices.length)] : topCategory === 'painting' ? 'landscape' : rnd() < 0.5 ? 'lattice' : 'stripes';
  const [w, h] = index === 0 ? [1200, 900] : [900, 900];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${DRAW[composition](w, h, palette, rnd)}</svg>`;
  const image = sharp(Buffer.from(svg));
  return index === 0
    ? { data: await image.jpeg({ quality: 90 }).toBuffer(), format: 'jpeg' }
    : { data: await image.png({ compressionLevel: 6 }).toBuffer(), format: 'png' };
}
