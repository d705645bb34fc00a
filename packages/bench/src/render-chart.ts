import type { BenchReport } from './bench-report.ts';
import { streamThroughputFloor, throughputFloors } from './goals.ts';

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * A horizontal bar chart (plain SVG) of each target's ratio to the bare proxy: req/s for the
 * load targets, MiB/s for the streams, with the issue's thresholds drawn as dashed lines.
 */
export function renderChart(report: BenchReport): string {
  const bars: Array<{ label: string; ratio: number; floor: number | undefined }> = [];
  for (const t of report.targets) {
    bars.push({ label: `${t.name} req/s`, ratio: t.ratio, floor: throughputFloors[t.name] });
  }
  for (const row of report.streaming.rows) {
    if (row.target === 'bare proxy') continue;
    bars.push({
      label: `${row.target} ${row.direction} MiB/s`,
      ratio: row.ratio,
      floor: streamThroughputFloor,
    });
  }
  const labelWidth = 230;
  const plotWidth = 460;
  const rowHeight = 28;
  const top = 44;
  const height = top + bars.length * rowHeight + 40;
  const width = labelWidth + plotWidth + 70;
  const max = Math.max(1.2, ...bars.map((b) => (Number.isFinite(b.ratio) ? b.ratio : 0)));
  const x = (ratio: number) => labelWidth + (Math.max(0, ratio) / max) * plotWidth;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Cloakroom BFF ÷ bare Node proxy (${escape(report.startedAt.slice(0, 10))}${report.options.quick ? ', quick' : ''})</text>`,
  ];
  // Ticks at least 60 px apart: the direct upstream's ~4x bar squeezes the axis.
  const step = [0.25, 0.5, 1, 2].find((s) => (s / max) * plotWidth >= 60) ?? 2;
  for (let tick = 0; tick <= max + 1e-9; tick += step) {
    out.push(
      `<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${height - 30}" stroke="#ddd"/>`,
      `<text x="${x(tick)}" y="${height - 14}" text-anchor="middle" fill="#555">${step < 1 ? tick.toFixed(2) : tick.toFixed(0)}×</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const ok = bar.floor === undefined || bar.ratio >= bar.floor;
    const fill = bar.floor === undefined ? '#8a8a8a' : ok ? '#2e8b57' : '#c0392b';
    const value = Number.isFinite(bar.ratio) ? bar.ratio : 0;
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${x(value) - labelWidth}" height="${rowHeight - 10}" fill="${fill}"/>`,
      `<text x="${x(value) + 6}" y="${y + 17}">${Number.isFinite(bar.ratio) ? `${bar.ratio.toFixed(2)}×` : 'n/a'}</text>`,
    );
    if (bar.floor !== undefined) {
      out.push(
        `<line x1="${x(bar.floor)}" y1="${y + 1}" x2="${x(bar.floor)}" y2="${y + rowHeight - 3}" stroke="#000" stroke-dasharray="3,2"/>`,
      );
    }
  });
  out.push('</svg>', '');
  return out.join('\n');
}
