import { CHART_WIDTH, groupedColumns, horizontalBars } from './charts';

describe('dashboard chart geometry', () => {
  it('scales stacked bars to the largest row and keeps every bar inside the chart', () => {
    const chart = horizontalBars([
      { label: 'a', values: [6, 2], valueText: '8' },
      { label: 'b', values: [4, 0], valueText: '4' },
    ]);
    const [a, b] = chart.bars;
    expect(a.segments).toHaveLength(2);
    expect(a.segments[0].width + a.segments[1].width).toBeCloseTo(chart.trackWidth, 0);
    expect(b.segments).toHaveLength(1);
    expect(b.segments[0].width).toBeCloseTo(chart.trackWidth / 2, 0);
    expect(a.segments[1].x).toBeCloseTo(a.segments[0].x + a.segments[0].width, 5);
    expect(chart.height).toBeGreaterThan(b.y + b.height);
  });

  it('draws a marker (a deadline) on the same scale, and nothing for zero', () => {
    const chart = horizontalBars([{ label: 'a', values: [2], valueText: '2', marker: 4 }, { label: 'b', values: [0], valueText: '0' }]);
    expect(chart.bars[0].marker!.x).toBeCloseTo(chart.trackX + chart.trackWidth, 0);
    expect(chart.bars[0].segments[0].width).toBeCloseTo(chart.trackWidth / 2, 0);
    expect(chart.bars[1].segments).toEqual([]);
  });

  it('puts grouped columns on a round grid within the chart', () => {
    const chart = groupedColumns(Array.from({ length: 12 }, (_, i) => ({ label: String(i + 1), values: [i, 12 - i] })), String);
    expect(chart.gridLines.map((g) => g.label)).toEqual(['0', '10', '20']);
    expect(groupedColumns([{ label: 'x', values: [1] }], String).gridLines.map((g) => g.label)).toEqual(['0', '1']);
    for (const g of chart.groups) {
      for (const c of g.columns) {
        expect(c.x + c.width).toBeLessThanOrEqual(CHART_WIDTH);
        expect(c.y + c.height).toBeCloseTo(chart.baseline, 5);
      }
    }
    expect(chart.groups[0].columns[0].height).toBe(0);
  });
});
