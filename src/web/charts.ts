/**
 * Geometry for the dashboard's charts, drawn on the server as inline SVG by the templates (no
 * client chart library). Pure functions from numbers to coordinates; the words and the accessible
 * tables beside each chart come from the page's view model.
 */

/** Narrow enough that the words stay legible when a phone scales the chart to its width. */
export const CHART_WIDTH = 480;
const LABEL_WIDTH = 180;
const VALUE_WIDTH = 110;
const ROW_HEIGHT = 36;
const BAR_HEIGHT = 22;
const PAD = 8;

export interface BarSegment {
  x: number;
  width: number;
  /** A class from site.css (`chart-a`, `chart-b`, ...): the CSP allows no inline styles. */
  tone: string;
}

export interface HorizontalBar {
  label: string;
  /** Baseline of the label and value text. */
  textY: number;
  y: number;
  height: number;
  segments: BarSegment[];
  valueText: string;
  valueX: number;
  /** An optional marker (a deadline) drawn across the bar's row. */
  marker: { x: number; y1: number; y2: number } | null;
}

export interface HorizontalChart {
  width: number;
  height: number;
  viewBox: string;
  labelX: number;
  /** The bar area's left edge and width, drawn as a light track behind each bar. */
  trackX: number;
  trackWidth: number;
  bars: HorizontalBar[];
}

/** Rows of one or more stacked values, scaled to the largest total (or marker) of all rows. */
export function horizontalBars(
  rows: readonly { label: string; values: readonly number[]; valueText: string; marker?: number | null }[],
  tones: readonly string[] = ['chart-a', 'chart-b'],
): HorizontalChart {
  const area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.values.reduce((s, v) => s + v, 0), r.marker ?? 0)));
  const scale = (v: number) => Math.round((v / max) * area * 10) / 10;
  const bars = rows.map((r, i) => {
    const y = PAD + i * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments: BarSegment[] = [];
    r.values.forEach((v, k) => {
      const width = scale(v);
      if (width > 0) segments.push({ x, width, tone: tones[k % tones.length] });
      x += width;
    });
    return {
      label: r.label,
      textY: y + BAR_HEIGHT / 2 + 5,
      y,
      height: BAR_HEIGHT,
      segments,
      valueText: r.valueText,
      valueX: x + 6,
      marker: r.marker ? { x: LABEL_WIDTH + scale(r.marker), y1: y - 3, y2: y + BAR_HEIGHT + 3 } : null,
    };
  });
  const height = PAD * 2 + rows.length * ROW_HEIGHT;
  return { width: CHART_WIDTH, height, viewBox: `0 0 ${CHART_WIDTH} ${height}`, labelX: LABEL_WIDTH - 8, trackX: LABEL_WIDTH, trackWidth: area, bars };
}

export interface ColumnGroup {
  label: string;
  labelX: number;
  columns: { x: number; y: number; width: number; height: number; tone: string }[];
}

export interface ColumnChart {
  width: number;
  height: number;
  viewBox: string;
  baseline: number;
  axisX: number;
  gridLines: { y: number; label: string }[];
  groups: ColumnGroup[];
  labelY: number;
}

/** Groups of side-by-side columns (one per series), e.g. months with approvals and rejections. */
export function groupedColumns(groups: readonly { label: string; values: readonly number[] }[], format: (n: number) => string, tones: readonly string[] = ['chart-a', 'chart-c']): ColumnChart {
  const height = 240;
  const top = 12;
  const baseline = height - 34;
  const axisX = 44;
  const area = baseline - top;
  const rawMax = Math.max(1, ...groups.flatMap((g) => g.values));
  // A round top for the grid (1, 2, 5 x 10^n), so the grid lines read as plain numbers.
  const step = 10 ** Math.floor(Math.log10(rawMax));
  const max = [1, 2, 5, 10].map((m) => m * step).find((m) => m >= rawMax) ?? rawMax;
  const slot = (CHART_WIDTH - axisX - 4) / Math.max(1, groups.length);
  const series = Math.max(1, ...groups.map((g) => g.values.length));
  const columnWidth = Math.min(16, (slot - 6) / series);
  return {
    width: CHART_WIDTH,
    height,
    viewBox: `0 0 ${CHART_WIDTH} ${height}`,
    baseline,
    axisX,
    labelY: baseline + 20,
    // A middle line only where it is a whole number.
    gridLines: (max % 2 === 0 ? [0, 0.5, 1] : [0, 1]).map((f) => ({ y: Math.round((baseline - f * area) * 10) / 10, label: format(f * max) })),
    groups: groups.map((g, i) => {
      const left = axisX + i * slot + (slot - columnWidth * g.values.length) / 2;
      return {
        label: g.label,
        labelX: Math.round((axisX + i * slot + slot / 2) * 10) / 10,
        columns: g.values.map((v, k) => {
          const h = Math.round((v / max) * area * 10) / 10;
          return { x: Math.round((left + k * columnWidth) * 10) / 10, y: Math.round((baseline - h) * 10) / 10, width: Math.round((columnWidth - 1) * 10) / 10, height: h, tone: tones[k % tones.length] };
        }),
      };
    }),
  };
}
