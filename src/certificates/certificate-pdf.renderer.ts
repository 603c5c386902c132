import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { projectRoot } from '../common/project-root';

export type MediaType = 'online' | 'print' | 'television' | 'radio';
export type PressCouncilStatus = 'none' | 'administrative' | 'factual';
export type CompetencyLevel = 'muda' | 'madya' | 'utama';

/** Everything printed on a certificate, already resolved: the renderer looks nothing up. */
export interface CertificatePdfData {
  agency: {
    /** e.g. "Dinas Komunikasi dan Informatika" */
    name: string;
    /** e.g. "Provinsi Jawa Timur", printed as "PEMERINTAH PROVINSI JAWA TIMUR" */
    region: string;
    address?: string | null;
    /** Where the certificate is issued: "Ditetapkan di Surabaya". */
    city?: string | null;
    /** IANA zone in which the issue date is printed; default Asia/Jakarta (WIB). */
    timeZone?: string | null;
    logoPng?: Buffer | null;
  };
  /** e.g. "SERTIFIKAT KEMITRAAN MEDIA" */
  title: string;
  /** e.g. "Media Partnership Certificate" */
  subtitle?: string | null;
  certificate: {
    number: string;
    /** Short human-readable code, e.g. "7KQ4-MX2P-9TAB-HC3D". */
    verificationCode: string;
    /** ISO dates, YYYY-MM-DD. */
    validFrom: string;
    validUntil: string;
    /** ISO timestamp; also the PDF's creation date, so the bytes depend on the data alone. */
    issuedAt: string;
  };
  outlet: {
    legalName: string;
    brandName: string;
    mediaType: MediaType;
    website?: string | null;
    /** One line, e.g. "Jl. Pemuda No. 12, Kota Surabaya, Jawa Timur"; null when the outlet has no office. */
    office: string | null;
  };
  pressCouncil: { status: PressCouncilStatus; certificateNumber?: string | null };
  chiefEditor: { name: string; level: CompetencyLevel | null } | null;
  signatory: { name: string; title: string; nip?: string | null };
  /** Encoded in the QR code and printed in the footer. */
  verifyUrl: string;
  grade?: string | null;
  /** Demo data: the certificate says on its face that it is not valid. */
  demo?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Wording: templates/certificate/text.id.json

interface CertificateText {
  government: string;
  numberLine: string;
  awardedTo: string;
  statement: string;
  labels: Record<'number' | 'mediaType' | 'website' | 'office' | 'pressCouncil' | 'chiefEditor' | 'grade' | 'validity', string>;
  mediaTypes: Record<MediaType, string>;
  pressCouncilStatus: Record<PressCouncilStatus, string>;
  pressCouncilNumber: string;
  competencyLevels: Record<CompetencyLevel, string>;
  chiefEditorWithLevel: string;
  none: string;
  validityRange: string;
  issuedAtPlace: string;
  issuedOn: string;
  issuedOnWithoutPlace: string;
  nip: string;
  scanToVerify: string;
  footer: string;
  demoMark: string;
  months: string[];
}

/** Every key the template must define; `satisfies` keeps this in step with the interface. */
const TEXT_SHAPE = {
  government: '',
  numberLine: '',
  awardedTo: '',
  statement: '',
  labels: { number: '', mediaType: '', website: '', office: '', pressCouncil: '', chiefEditor: '', grade: '', validity: '' },
  mediaTypes: { online: '', print: '', television: '', radio: '' },
  pressCouncilStatus: { none: '', administrative: '', factual: '' },
  pressCouncilNumber: '',
  competencyLevels: { muda: '', madya: '', utama: '' },
  chiefEditorWithLevel: '',
  none: '',
  validityRange: '',
  issuedAtPlace: '',
  issuedOn: '',
  issuedOnWithoutPlace: '',
  nip: '',
  scanToVerify: '',
  footer: '',
  demoMark: '',
  months: [] as string[],
} satisfies CertificateText;

function checkShape(value: unknown, shape: unknown, path: string): void {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw new Error(`certificate text: ${path} must be a list of strings`);
    }
  } else if (typeof shape === 'string') {
    if (typeof value !== 'string') throw new Error(`certificate text: ${path} must be a string`);
  } else {
    if (typeof value !== 'object' || value === null) throw new Error(`certificate text: ${path} must be an object`);
    for (const [key, inner] of Object.entries(shape as object)) {
      checkShape((value as Record<string, unknown>)[key], inner, path ? `${path}.${key}` : key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fonts: DejaVu Serif, shipped in templates/fonts, parsed once per process

const FONTS = {
  regular: { file: 'DejaVuSerif.ttf', postscriptName: 'DejaVuSerif' },
  bold: { file: 'DejaVuSerif-Bold.ttf', postscriptName: 'DejaVuSerif-Bold' },
  italic: { file: 'DejaVuSerif-Italic.ttf', postscriptName: 'DejaVuSerif-Italic' },
} as const;
type FontFace = keyof typeof FONTS;

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The part of a fontkit font used here. pdfkit accepts such an object wherever it takes a font file. */
interface FontkitFont {
  readonly postscriptName: string;
  layout(text: string, ...rest: unknown[]): { glyphs: unknown[]; positions: GlyphPosition[] };
  getGlyph(id: number, codePoints?: number[]): object | null;
}

// fontkit (a pdfkit dependency) ships no type declarations.
const fontkit = require('fontkit') as { create(data: Uint8Array): FontkitFont };

const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * Word layouts kept for the life of the process, one table per face. pdfkit lays text out word by
 * word and keeps each word's run, shaped (kerning) and scaled to its 1000-unit space, in a table of
 * the document's font (`layoutCache`, text → run); every new document starts an empty one and
 * shapes the same words again. Handing each document's font the process's table spares that: the
 * runs depend on the font alone, and pdfkit only reads them (it copies a position before changing
 * it). pdfkit shapes a word only when the table lacks it, through the font's `layout`, which counts
 * the words; past LAYOUT_CACHE_LIMIT the tables start empty again.
 */
const sharedLayouts = {
  tables: new Map<string, Record<string, unknown>>(),
  words: 0,
  added(): void {
    if (++this.words > LAYOUT_CACHE_LIMIT) {
      this.tables = new Map();
      this.words = 0;
    }
  },
  /** Gives the document's current font the process's table of its face. */
  adopt(doc: PDFKit.PDFDocument): void {
    // _font is pdfkit's (pinned at 0.20.2) current font; without a layoutCache it has caching off.
    const font = (doc as unknown as { _font?: { name?: string; layoutCache?: Record<string, unknown> } })._font;
    if (!font?.name || !font.layoutCache) return;
    let table = this.tables.get(font.name);
    if (!table) this.tables.set(font.name, (table = Object.create(null) as Record<string, unknown>));
    if (font.layoutCache !== table) font.layoutCache = table;
  },
};

/**
 * A view of a parsed font that counts the words pdfkit shapes (see sharedLayouts) and keeps, for
 * the life of the process, the outline of each glyph pdfkit copies into a document's subset.
 */
function withProcessCaches(font: FontkitFont): FontkitFont {
  const decoded = new WeakSet<object>();
  const view: FontkitFont = Object.create(font);
  view.layout = (text: string, ...rest: unknown[]) => {
    sharedLayouts.added();
    return font.layout(text, ...rest);
  };
  view.getGlyph = (id: number, codePoints?: number[]) => {
    // fontkit's subsetter decodes every glyph it copies, only to find a composite's parts. Glyph
    // objects are cached by the font, so the outline is decoded once. _decode is fontkit-internal
    // (pinned at 2.0.4): if it ever goes away this is skipped and renders are merely slower.
    const glyph = font.getGlyph(id, codePoints) as { _decode?: () => unknown } | null;
    if (glyph && !decoded.has(glyph) && typeof glyph._decode === 'function') {
      decoded.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let outline: unknown;
      let done = false;
      glyph._decode = () => {
        if (!done) {
          outline = decode();
          done = true;
        }
        return outline;
      };
    }
    return glyph;
  };
  return view;
}

// ---------------------------------------------------------------------------------------------
// Assets

interface CertificateAssets {
  fonts: Record<FontFace, FontkitFont>;
  text: CertificateText;
}

let cachedAssets: CertificateAssets | undefined;

function loadAssets(): CertificateAssets {
  if (cachedAssets) return cachedAssets;
  const templates = join(projectRoot(), 'templates');
  const fonts = {} as Record<FontFace, FontkitFont>;
  for (const face of Object.keys(FONTS) as FontFace[]) {
    const font = fontkit.create(readFileSync(join(templates, 'fonts', FONTS[face].file)));
    // Fonts are registered with pdfkit under these names (see render), so a swapped file must say so.
    if (font.postscriptName !== FONTS[face].postscriptName) {
      throw new Error(`${FONTS[face].file} is ${font.postscriptName}, expected ${FONTS[face].postscriptName}`);
    }
    fonts[face] = withProcessCaches(font);
  }
  const text: unknown = JSON.parse(readFileSync(join(templates, 'certificate', 'text.id.json'), 'utf8'));
  checkShape(text, TEXT_SHAPE, '');
  if ((text as CertificateText).months.length !== 12) throw new Error('certificate text: months must name 12 months');
  cachedAssets = { fonts, text: text as CertificateText };
  return cachedAssets;
}

/**
 * The certificate's fonts for another document of the agency (a round's result list): the same
 * faces under the same names, parsed once per process.
 */
export function certificateFonts(): { initial: unknown; names: Record<FontFace, string>; register(doc: { registerFont(name: string, src: Buffer): unknown }): void } {
  const { fonts } = loadAssets();
  return {
    initial: fonts.regular,
    names: { regular: FONTS.regular.postscriptName, bold: FONTS.bold.postscriptName, italic: FONTS.italic.postscriptName },
    register(doc) {
      for (const face of Object.keys(fonts) as FontFace[]) doc.registerFont(FONTS[face].postscriptName, fonts[face] as unknown as Buffer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** One line of text: control characters and runs of whitespace become single spaces. */
const oneLine = (value: string | null | undefined): string => (value ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2026-11-22" → "22 November 2026" */
function indonesianDate(isoDate: string, months: readonly string[]): string {
  const match = ISO_DATE.exec(isoDate);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new Error(`not an ISO date: ${isoDate}`);
  return `${Number(match[3])} ${months[month - 1]} ${match[1]}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
function dateIn(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

// ---------------------------------------------------------------------------------------------
// Layout primitives. Every string goes through measureFit and drawText, which bound it to a number
// of lines, so pdfkit never flows text onto a second page.

type Doc = PDFKit.PDFDocument;

interface TextStyle {
  face: FontFace;
  size: number;
  /** Shrink down to this size before cutting the text with an ellipsis. */
  minSize?: number;
  /** Stay on one line down to this size before wrapping (titles and names). */
  oneLineDownTo?: number;
  maxLines?: number;
  color?: string;
  align?: 'left' | 'center' | 'right';
  lineGap?: number;
  characterSpacing?: number;
  underline?: boolean;
}

interface Fit {
  size: number;
  lines: number;
  /** From the top of the first line to the bottom of the last, without a trailing gap. */
  height: number;
}

interface Placed {
  text: string;
  x: number;
  width: number;
  style: TextStyle;
  gapBefore?: number;
}

interface Measured extends Placed {
  fit: Fit;
}

const textOptions = (style: TextStyle, width: number): PDFKit.Mixins.TextOptions => ({
  width,
  align: style.align ?? 'left',
  lineGap: style.lineGap ?? 0,
  characterSpacing: style.characterSpacing ?? 0,
});

/** Selects a face, its word layouts shared with every other document (sharedLayouts). */
function selectFace(doc: Doc, face: FontFace): Doc {
  doc.font(FONTS[face].postscriptName);
  sharedLayouts.adopt(doc);
  return doc;
}

/** The largest size, in half points, at which the text takes at most maxLines lines. */
function measureFit(doc: Doc, text: string, width: number, style: TextStyle): Fit {
  const options = textOptions(style, width);
  const gap = style.lineGap ?? 0;
  const maxLines = style.maxLines ?? 1;
  selectFace(doc, style.face);
  const at = (size: number, allowed: number): Fit & { fits: boolean } => {
    doc.fontSize(size);
    const lineHeight = doc.currentLineHeight(true);
    const lines = Math.max(1, Math.round(doc.heightOfString(text, options) / (lineHeight + gap)));
    const shown = Math.min(lines, allowed);
    return { size, lines: shown, height: shown * lineHeight + (shown - 1) * gap, fits: lines <= allowed };
  };
  const largest = (min: number, max: number, allowed: number): Fit | undefined => {
    const top = at(max, allowed);
    if (top.fits) return top;
    let best: Fit | undefined;
    let lo = Math.ceil(min * 2);
    let hi = Math.floor(max * 2) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const probe = at(mid / 2, allowed);
      if (probe.fits) {
        best = probe;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  };
  const min = style.minSize ?? style.size;
  let max = style.size;
  if (style.oneLineDownTo !== undefined) {
    const single = largest(style.oneLineDownTo, max, 1);
    if (single) return single;
    max = style.oneLineDownTo;
  }
  return largest(min, max, maxLines) ?? at(min, maxLines);
}

/** Draws text measured by measureFit; text longer than its lines ends with an ellipsis. */
function drawText(doc: Doc, text: string, x: number, y: number, width: number, style: TextStyle, fit: Fit): void {
  selectFace(doc, style.face)
    .fontSize(fit.size)
    .fillColor(style.color ?? COLORS.ink)
    .text(text, x, y, {
      ...textOptions(style, width),
      // Exactly fit.lines lines: pdfkit puts the ellipsis on the last line that fits in the height.
      height: fit.height + 0.01,
      ellipsis: '…',
      underline: style.underline ?? false,
    });
}

function measureAll(doc: Doc, items: Placed[]): { items: Measured[]; height: number } {
  const measured = items.filter((item) => item.text).map((item) => ({ ...item, fit: measureFit(doc, item.text, item.width, item.style) }));
  const height = measured.reduce((sum, item, i) => sum + (i > 0 ? (item.gapBefore ?? 0) : 0) + item.fit.height, 0);
  return { items: measured, height };
}

/** Draws measured items one under another from `top`; returns the y below the last. */
function drawAll(doc: Doc, items: Measured[], top: number): number {
  let y = top;
  items.forEach((item, i) => {
    if (i > 0) y += item.gapBefore ?? 0;
    drawText(doc, item.text, item.x, y, item.width, item.style, item.fit);
    y += item.fit.height;
  });
  return y;
}

function rule(doc: Doc, x1: number, x2: number, y: number, width: number, color: string): void {
  doc.save().lineWidth(width).strokeColor(color).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

// ---------------------------------------------------------------------------------------------
// The page

/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89 } as const;
const CONTENT = { left: 56, right: PAGE.width - 56, width: PAGE.width - 112 } as const;
const HEADER = { top: 44, bottom: 120 } as const;
/** Title, recipient and details share the space between the letterhead and the QR/signature row. */
const BODY = { top: 132, bottom: 630 } as const;
const FOOT_ROW_TOP = 636;
/** 40 mm: scans comfortably from a printed page. */
const QR_SIZE = 113.4;
const COLORS = { ink: '#1a1a1a', muted: '#555555', navy: '#1b365d', gold: '#a8842c', rule: '#d8cfbd', demo: '#b91c1c' } as const;

interface DetailRow {
  label: string;
  value: string;
  /** Lines the value may take before it shrinks. */
  lines: number;
}

interface DetailTable {
  cells: Array<{ label: Fit; labelText: string; value: Fit; valueText: string }>;
  contentHeight: number;
}

const TABLE = {
  left: CONTENT.left + 24,
  width: CONTENT.width - 48,
  labelWidth: 128,
  colonWidth: 12,
  minPad: 4.5,
  maxPad: 7,
} as const;
const LABEL_STYLE: TextStyle = { face: 'regular', size: 10.5, minSize: 8, color: COLORS.muted };
const VALUE_STYLE: TextStyle = { face: 'bold', size: 10.5, minSize: 8, lineGap: 1 };

export class CertificatePdfRenderer {
  private readonly assets = loadAssets();

  async render(data: CertificatePdfData): Promise<Buffer> {
    const issuedAt = new Date(data.certificate.issuedAt);
    if (Number.isNaN(issuedAt.getTime())) throw new Error(`not an ISO timestamp: ${data.certificate.issuedAt}`);

    const { fonts } = this.assets;
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      // Opening our font first spares pdfkit parsing Helvetica's metrics for every document.
      font: fonts.regular as unknown as string,
      lang: 'id-ID',
      displayTitle: true,
      info: {
        Title: `${oneLine(data.title)} ${oneLine(data.certificate.number)}`,
        Author: this.agencyFullName(data),
        Subject: oneLine(data.outlet.brandName),
        Creator: 'Mitra Media',
        Producer: 'Mitra Media',
        // pdfkit derives the trailer /ID from this dictionary, so fixed dates give fixed bytes.
        CreationDate: issuedAt,
        ModDate: issuedAt,
      },
    });
    for (const face of Object.keys(fonts) as FontFace[]) {
      // Registered under the PostScript name: pdfkit already knows the default font by that name,
      // so selecting it does not open it a second time.
      doc.registerFont(FONTS[face].postscriptName, fonts[face] as unknown as Buffer);
    }
    doc.on('pageAdded', () => {
      throw new Error('certificate layout overflowed onto a second page');
    });
    const chunks: Buffer[] = [];
    const finished = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    this.drawFrame(doc);
    this.drawLetterhead(doc, data);
    this.drawBody(doc, data);
    this.drawQr(doc, data);
    this.drawSignatory(doc, data, issuedAt);
    this.drawFooter(doc, data);

    doc.end();
    return finished;
  }

  /** "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", without repeating a region the name already has. */
  private agencyFullName(data: CertificatePdfData): string {
    const name = oneLine(data.agency.name);
    const region = oneLine(data.agency.region);
    return region && !name.toLowerCase().includes(region.toLowerCase()) ? `${name} ${region}` : name;
  }

  private drawFrame(doc: Doc): void {
    const outer = 22;
    const inner = 29;
    doc.save();
    doc.lineWidth(3).strokeColor(COLORS.navy).rect(outer, outer, PAGE.width - 2 * outer, PAGE.height - 2 * outer).stroke();
    doc.lineWidth(0.8).strokeColor(COLORS.gold).rect(inner, inner, PAGE.width - 2 * inner, PAGE.height - 2 * inner).stroke();
    for (const [x, y] of [
      [inner, inner],
      [PAGE.width - inner, inner],
      [inner, PAGE.height - inner],
      [PAGE.width - inner, PAGE.height - inner],
    ]) {
      doc.polygon([x, y - 5], [x + 5, y], [x, y + 5], [x - 5, y]);
    }
    doc.fillColor(COLORS.gold).fill();
    doc.restore();
  }

  /** The kop surat: logo, government, agency, address, and a double rule. */
  private drawLetterhead(doc: Doc, data: CertificatePdfData): void {
    const { text } = this.assets;
    const logo = data.agency.logoPng;
    const hasLogo = !!logo && logo.length > 0;
    if (hasLogo) {
      doc.image(logo, CONTENT.left, HEADER.top + 4, { fit: [68, 68], align: 'center', valign: 'center' });
    }
    // Centred on the page; with a logo, kept clear of it on both sides.
    const inset = hasLogo ? 80 : 10;
    const x = CONTENT.left + inset;
    const width = CONTENT.width - 2 * inset;
    const block = measureAll(doc, [
      {
        text: fill(text.government, { region: oneLine(data.agency.region) }).toUpperCase(),
        x,
        width,
        style: { face: 'bold', size: 12.5, minSize: 8, align: 'center', color: COLORS.navy },
      },
      {
        text: oneLine(data.agency.name).toUpperCase(),
        x,
        width,
        gapBefore: 3,
        style: { face: 'bold', size: 15, oneLineDownTo: 12, minSize: 9, maxLines: 2, align: 'center', color: COLORS.navy },
      },
      {
        text: oneLine(data.agency.address),
        x,
        width,
        gapBefore: 4,
        style: { face: 'regular', size: 8.5, minSize: 7, maxLines: 2, align: 'center', color: COLORS.muted, lineGap: 1 },
      },
    ]);
    drawAll(doc, block.items, HEADER.top + Math.max(0, (HEADER.bottom - HEADER.top - block.height) / 2));
    rule(doc, CONTENT.left, CONTENT.right, HEADER.bottom + 6, 2.2, COLORS.ink);
    rule(doc, CONTENT.left, CONTENT.right, HEADER.bottom + 9.5, 0.6, COLORS.ink);
  }

  /** Title, recipient and details, with spare height shared out as padding and gaps. */
  private drawBody(doc: Doc, data: CertificatePdfData): void {
    const { text } = this.assets;
    const full = { x: CONTENT.left, width: CONTENT.width };
    const titles = measureAll(doc, [
      {
        ...full,
        // Above the title, where nobody can crop it off without cutting the certificate.
        text: data.demo ? text.demoMark : '',
        style: { face: 'bold', size: 13, minSize: 9, align: 'center', color: COLORS.demo, characterSpacing: 1 },
      },
      {
        ...full,
        text: oneLine(data.title).toUpperCase(),
        gapBefore: 6,
        style: { face: 'bold', size: 22, oneLineDownTo: 15, minSize: 11, maxLines: 2, align: 'center', color: COLORS.navy, characterSpacing: 1.5 },
      },
      {
        ...full,
        text: oneLine(data.subtitle),
        gapBefore: 3,
        style: { face: 'italic', size: 12, minSize: 8, align: 'center', color: COLORS.muted },
      },
      {
        ...full,
        text: fill(text.numberLine, { number: oneLine(data.certificate.number) }),
        gapBefore: 7,
        style: { face: 'regular', size: 11, minSize: 8, align: 'center' },
      },
    ]);
    const recipient = measureAll(doc, [
      { ...full, text: text.awardedTo, style: { face: 'italic', size: 12, align: 'center', color: COLORS.muted } },
      {
        x: CONTENT.left + 10,
        width: CONTENT.width - 20,
        text: oneLine(data.outlet.brandName),
        gapBefore: 7,
        style: { face: 'bold', size: 25, oneLineDownTo: 17, minSize: 12, maxLines: 2, align: 'center', color: COLORS.navy },
      },
      {
        x: CONTENT.left + 20,
        width: CONTENT.width - 40,
        text: oneLine(data.outlet.legalName),
        gapBefore: 4,
        style: { face: 'regular', size: 13, oneLineDownTo: 10.5, minSize: 8.5, maxLines: 2, align: 'center' },
      },
      {
        x: CONTENT.left + 30,
        width: CONTENT.width - 60,
        text: fill(text.statement, { agency: this.agencyFullName(data) }),
        gapBefore: 11,
        style: { face: 'regular', size: 10.5, minSize: 8, maxLines: 2, align: 'center', lineGap: 1.5 },
      },
    ]);
    const ornament = 12; // from the number line down to the ornament
    const gaps = [14, 12, 12, 10]; // above the title, below the ornament, above and below the table
    const fixed = titles.height + ornament + recipient.height + gaps.reduce((a, b) => a + b, 0);
    const table = this.measureTable(doc, this.detailRows(data), BODY.bottom - BODY.top - fixed);

    let spare = Math.max(0, BODY.bottom - BODY.top - fixed - table.contentHeight);
    const rows = table.cells.length;
    const pad = Math.min(TABLE.maxPad, TABLE.minPad + spare / (2 * rows));
    spare -= 2 * rows * (pad - TABLE.minPad);
    const [aboveTitle, belowOrnament, aboveTable] = gaps.map((gap) => gap + spare / gaps.length);

    let y = drawAll(doc, titles.items, BODY.top + aboveTitle) + ornament;
    this.drawOrnament(doc, y);
    y = drawAll(doc, recipient.items, y + belowOrnament);
    this.drawTable(doc, table, y + aboveTable, pad);
  }

  private drawOrnament(doc: Doc, y: number): void {
    const cx = PAGE.width / 2;
    rule(doc, cx - 90, cx - 9, y, 0.8, COLORS.gold);
    rule(doc, cx + 9, cx + 90, y, 0.8, COLORS.gold);
    doc.save().polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y]).fillColor(COLORS.gold).fill().restore();
  }

  private detailRows(data: CertificatePdfData): DetailRow[] {
    const { text } = this.assets;
    const { certificate, outlet, pressCouncil, chiefEditor } = data;
    const rows: DetailRow[] = [
      { label: text.labels.number, value: oneLine(certificate.number), lines: 2 },
      { label: text.labels.mediaType, value: text.mediaTypes[outlet.mediaType] ?? oneLine(outlet.mediaType), lines: 1 },
    ];
    const website = oneLine(outlet.website);
    if (website) rows.push({ label: text.labels.website, value: website, lines: 2 });
    rows.push({ label: text.labels.office, value: oneLine(outlet.office) || text.none, lines: 3 });

    const status = text.pressCouncilStatus[pressCouncil.status] ?? oneLine(pressCouncil.status);
    const councilNumber = pressCouncil.status === 'none' ? '' : oneLine(pressCouncil.certificateNumber);
    rows.push({
      label: text.labels.pressCouncil,
      value: councilNumber ? fill(text.pressCouncilNumber, { status, number: councilNumber }) : status,
      lines: 2,
    });

    let editor = text.none;
    const editorName = oneLine(chiefEditor?.name);
    if (editorName) {
      const level = chiefEditor?.level ? text.competencyLevels[chiefEditor.level] : undefined;
      editor = level ? fill(text.chiefEditorWithLevel, { name: editorName, level }) : editorName;
    }
    rows.push({ label: text.labels.chiefEditor, value: editor, lines: 2 });

    const grade = oneLine(data.grade);
    if (grade) rows.push({ label: text.labels.grade, value: grade, lines: 1 });
    rows.push({
      label: text.labels.validity,
      value: fill(text.validityRange, {
        from: indonesianDate(certificate.validFrom, text.months),
        until: indonesianDate(certificate.validUntil, text.months),
      }),
      lines: 1,
    });
    return rows;
  }

  /** Values get the lines they ask for; when that is too tall, fewer, down to one line each. */
  private measureTable(doc: Doc, rows: DetailRow[], available: number): DetailTable {
    const valueWidth = TABLE.width - TABLE.labelWidth - TABLE.colonWidth;
    const labelWidth = TABLE.labelWidth - 4;
    const caps = [(lines: number) => lines, (lines: number) => (lines > 2 ? 2 : 1), () => 1];
    let table: DetailTable | undefined;
    for (const cap of caps) {
      const cells = rows.map((row) => ({
        labelText: row.label,
        label: measureFit(doc, row.label, labelWidth, LABEL_STYLE),
        valueText: row.value,
        value: measureFit(doc, row.value, valueWidth, { ...VALUE_STYLE, maxLines: cap(row.lines) }),
      }));
      const contentHeight = cells.reduce((sum, cell) => sum + Math.max(cell.label.height, cell.value.height) + 2 * TABLE.minPad, 0);
      table = { cells, contentHeight };
      if (contentHeight <= available) break;
    }
    return table!;
  }

  private drawTable(doc: Doc, table: DetailTable, top: number, pad: number): void {
    const { left, width, labelWidth, colonWidth } = TABLE;
    const valueX = left + labelWidth + colonWidth;
    let y = top;
    rule(doc, left, left + width, y, 0.8, COLORS.gold);
    table.cells.forEach((cell, i) => {
      const textY = y + pad;
      drawText(doc, cell.labelText, left, textY, labelWidth - 4, LABEL_STYLE, cell.label);
      drawText(doc, ':', left + labelWidth, textY, colonWidth, LABEL_STYLE, cell.label);
      drawText(doc, cell.valueText, valueX, textY, width - labelWidth - colonWidth, VALUE_STYLE, cell.value);
      y += Math.max(cell.label.height, cell.value.height) + 2 * pad;
      const last = i === table.cells.length - 1;
      rule(doc, left, left + width, y, last ? 0.8 : 0.4, last ? COLORS.gold : COLORS.rule);
    });
  }

  private drawQr(doc: Doc, data: CertificatePdfData): void {
    const { text } = this.assets;
    const qr = QRCode.create(data.verifyUrl, { errorCorrectionLevel: 'M' });
    const { size } = qr.modules;
    const module = QR_SIZE / size;
    const left = CONTENT.left + 8;
    const top = FOOT_ROW_TOP;
    // Each row's dark runs become one rectangle, all filled at once. A slight overlap hides the
    // hairline seams anti-aliasing would show between abutting squares.
    const bleed = 0.05;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; ) {
        if (!qr.modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < size && qr.modules.get(row, col)) col++;
        doc.rect(left + start * module, top + row * module, (col - start) * module + bleed, module + bleed);
      }
    }
    doc.fillColor('#000000').fill();

    const width = QR_SIZE + 56;
    const caption = measureAll(doc, [
      {
        text: oneLine(data.certificate.verificationCode),
        x: left + QR_SIZE / 2 - width / 2,
        width,
        style: { face: 'bold', size: 10.5, minSize: 7, align: 'center', characterSpacing: 0.5 },
      },
      {
        text: text.scanToVerify,
        x: left + QR_SIZE / 2 - width / 2,
        width,
        gapBefore: 2,
        style: { face: 'italic', size: 7.5, minSize: 6, align: 'center', color: COLORS.muted },
      },
    ]);
    drawAll(doc, caption.items, top + QR_SIZE + 6);
  }

  private drawSignatory(doc: Doc, data: CertificatePdfData, issuedAt: Date): void {
    const { text } = this.assets;
    const width = 240;
    const x = CONTENT.right - width;
    const centred = (style: TextStyle): TextStyle => ({ ...style, align: 'center' });
    const date = indonesianDate(dateIn(issuedAt, oneLine(data.agency.timeZone) || 'Asia/Jakarta'), text.months);
    const place = oneLine(data.agency.city);
    const dateLines = measureAll(
      doc,
      (place
        ? [fill(text.issuedAtPlace, { place }), fill(text.issuedOn, { date })]
        : [fill(text.issuedOnWithoutPlace, { date })]
      ).map((line) => ({ text: line, x, width, gapBefore: 2, style: centred({ face: 'regular', size: 10, minSize: 7.5 }) })),
    );
    let y = drawAll(doc, dateLines.items, FOOT_ROW_TOP) + 4;
    rule(doc, x + 20, x + width - 20, y, 0.5, COLORS.rule);
    y += 6;

    const office = measureAll(doc, [
      { text: oneLine(data.signatory.title), x, width, style: centred({ face: 'bold', size: 10, minSize: 7.5, maxLines: 3, lineGap: 1 }) },
    ]);
    y = drawAll(doc, office.items, y);

    // Room for a wet signature and stamp on a printed copy.
    const nip = oneLine(data.signatory.nip);
    const signed = measureAll(doc, [
      { text: oneLine(data.signatory.name), x, width, style: centred({ face: 'bold', size: 10.5, minSize: 7.5, underline: true }) },
      { text: nip ? fill(text.nip, { nip }) : '', x, width, gapBefore: 3, style: centred({ face: 'regular', size: 9.5, minSize: 7 }) },
    ]);
    drawAll(doc, signed.items, Math.max(y + 40, FOOT_ROW_TOP + 112));
  }

  private drawFooter(doc: Doc, data: CertificatePdfData): void {
    const { text } = this.assets;
    const footer = measureAll(doc, [
      {
        text: fill(text.footer, { agency: this.agencyFullName(data), url: oneLine(data.verifyUrl) }),
        x: CONTENT.left,
        width: CONTENT.width,
        style: { face: 'italic', size: 7, minSize: 6, maxLines: 2, align: 'center', color: COLORS.muted, lineGap: 1 },
      },
    ]);
    drawAll(doc, footer.items, PAGE.height - 53);
  }
}
