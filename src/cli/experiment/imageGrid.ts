// Sampled images as a picture: one row per class, the samples of that class side by side, each pixel a square of
// its gray level (0 = black background, the top level white, as Fashion-MNIST is drawn). A generation that is not a
// whole image (a non-pixel token sampled) is drawn with its bad cells red.

export interface ImageSample {
  /** Row label (the class asked for). */
  label: string;
  /** Gray level per cell in raster order; -1 where the token was not a pixel. */
  levels: number[];
}

export function imageGridSvg(samples: readonly ImageSample[], o: { h: number; w: number; levels: number; title: string; scale?: number; perRow?: number }): { svg: string; width: number; height: number } {
  const scale = o.scale ?? 4, perRow = o.perRow ?? 10, gap = 4, labelWidth = 96, titleHeight = 22;
  const rows = [...new Set(samples.map((s) => s.label))];
  const cellW = o.w * scale + gap, cellH = o.h * scale + gap;
  const width = labelWidth + perRow * cellW, height = titleHeight + rows.length * cellH;
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`, `<text x="4" y="15">${escape(o.title)}</text>`];
  rows.forEach((label, r) => {
    const y0 = titleHeight + r * cellH;
    parts.push(`<text x="4" y="${y0 + cellH / 2 + 4}">${escape(label)}</text>`);
    samples.filter((s) => s.label === label).slice(0, perRow).forEach((s, c) => {
      const x0 = labelWidth + c * cellW;
      s.levels.forEach((v, k) => {
        const g = Math.round((255 * v) / (o.levels - 1));
        const fill = v < 0 ? '#e11d48' : `rgb(${g},${g},${g})`;
        parts.push(`<rect x="${x0 + (k % o.w) * scale}" y="${y0 + Math.floor(k / o.w) * scale}" width="${scale}" height="${scale}" fill="${fill}"/>`);
      });
    });
  });
  parts.push('</svg>');
  return { svg: parts.join(''), width, height };
}
