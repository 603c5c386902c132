import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';

/**
 * Requests generated from the app's OpenAPI document: for each operation, path ids (existing ids
 * of the right kind and of other kinds, random UUIDs, non-UUIDs), query strings and bodies from the
 * schema (refined by the DTO's class-validator constraints, which the document does not carry),
 * and hostile variants of each. Shared by test/fuzz.e2e-spec.ts and `npm run fuzz`.
 */

// ---- the document -------------------------------------------------------------------------------

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
};

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  /** `POST /api/outlets/{id}/documents` */
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  query: Param[];
  body?: { contentType: string; schema: Schema };
  /** The DTO class validating the query string, when known: its rules refine the parameters. */
  queryClass?: string;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: params.filter((p) => p.in === 'query'),
        body: contentType ? { contentType, schema: media.schema } : undefined,
      });
    }
  }
  return ops;
}

// ---- the world the generator draws from ---------------------------------------------------------

export interface FuzzContext {
  doc: OpenApiDoc;
  /** Existing ids by kind (agency, user, outlet, journalist, document, application, certificate, outbox, code, round, appeal, attestation, fieldVisitPhoto, announcementKind, announcementFile). */
  ids: Record<string, string[]>;
  /** Caller name → Authorization header value (undefined: no header). */
  callers: Record<string, string | undefined>;
  /** Ids of the rows this caller owns or works on, by kind: drawn more often, so requests get past access checks. */
  idsOf?(caller: string): Record<string, string[]>;
  /** Callers whose role may call this operation; drawn more often so bodies reach validation and beyond. */
  allowedCallers(op: Operation): string[];
}

/** The path segment before a parameter names its kind: `/outlets/{id}` holds an outlet id. */
export function idKind(op: Operation, param: string): string {
  if (param === 'code') return 'code';
  const segments = op.path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1];
  // After `announcements`: which result (provisional|final), or its PDF's file name.
  if (before === 'announcements') return param === 'file' ? 'announcementFile' : 'announcementKind';
  const kind = {
    agencies: 'agency',
    users: 'user',
    outlets: 'outlet',
    journalists: 'journalist',
    documents: 'document',
    applications: 'application',
    certificates: 'certificate',
    outbox: 'outbox',
    invitations: 'invitation',
    rounds: 'round',
    appeals: 'appeal',
    attestations: 'attestation',
    'field-visit-photos': 'fieldVisitPhoto',
  }[before];
  if (!kind) throw new Error(`No id kind for {${param}} in ${op.key}: name it in idKind (test/support/openapi-fuzz.ts)`);
  return kind;
}

// ---- hostile values -----------------------------------------------------------------------------

const ODD_UNICODE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202egnp.exe',
  '\ufeffBOM',
  'A\u0301\u0301\u0301',
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖊𝖘𝖙',
  '😀'.repeat(60),
  'ﷺ‮',
  '\u200b\u200c\u200d',
  '\r\n\t',
  '%00',
  "'; DROP TABLE users; --",
  '../../../../etc/passwd',
  '${jndi:ldap://x}',
  '{{constructor.constructor("return process")()}}',
  '=HYPERLINK("http://evil.example","x")',
];

/** A nested JSON value `depth` levels deep (kept small enough to build as an object). */
const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

const hostileString = fc.oneof(
  fc.constantFrom(...ODD_UNICODE),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`),
  fc.integer({ min: 300, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '9'.repeat(400), 'true', '[]', '{}', '2026-02-31', '2026-13-01', '0000-00-00', '9999-12-31T99:99:99Z'),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, -0, 1e308)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [null], [[]], { $gt: '' }, JSON.parse('{"__proto__":{"admin":true}}') as unknown) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 200 }).map(nested) },
);

const MUTATIONS = ['hostile value', 'null', 'NUL byte', 'very long', 'odd unicode', 'omitted', 'unknown field', 'wrong type'] as const;
type Mutation = (typeof MUTATIONS)[number];
// The two that PostgreSQL and PATCH handling meet most often are drawn more often.
const mutation = fc.oneof(...MUTATIONS.map((m) => ({ weight: m === 'null' || m === 'NUL byte' ? 3 : 1, arbitrary: fc.constant(m) })));

/**
 * One hostile change at one place in an otherwise valid body, so the rest passes validation and
 * the hostile value travels as far into the service as it can.
 */
function mutate(value: unknown, pick: number, how: Mutation, replacement: unknown, oddText: string): { value: unknown; where: string } {
  const copy = structuredClone(value);
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number; path: string }[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((item, i) => (slots.push({ parent: v, key: i, path: `${path}[${i}]` }), walk(item, `${path}[${i}]`)));
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) slots.push({ parent: v as Record<string, unknown>, key: k, path: path ? `${path}.${k}` : k }), walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    }
  };
  walk(copy, '');
  if (!slots.length || how === 'unknown field') {
    const target = slots.length ? slots[pick % slots.length] : undefined;
    const holder = target && target.parent && !Array.isArray(target.parent) ? target.parent : copy;
    if (holder && typeof holder === 'object' && !Array.isArray(holder)) {
      (holder as Record<string, unknown>).fuzzExtra = replacement;
      return { value: copy, where: `unknown field beside ${target?.path ?? 'the root'}` };
    }
    return { value: replacement, where: 'whole body' };
  }
  const slot = slots[pick % slots.length];
  const current = (slot.parent as Record<string | number, unknown>)[slot.key];
  const text = typeof current === 'string' ? current : String(current ?? 'x');
  const set = (v: unknown) => ((slot.parent as Record<string | number, unknown>)[slot.key] = v);
  switch (how) {
    case 'null':
      set(null);
      break;
    case 'NUL byte':
      set(`${text.slice(0, 1)}\u0000${text.slice(1)}`);
      break;
    case 'very long':
      set(text + 'x'.repeat(70_000));
      break;
    case 'odd unicode':
      set(text + oddText);
      break;
    case 'omitted':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 'wrong type':
      set(typeof current === 'string' ? 12345 : typeof current === 'number' ? String(current) : typeof current === 'boolean' ? 'true' : 'x');
      break;
    default:
      set(replacement);
  }
  return { value: copy, where: `${how} at ${slot.path}` };
}

// ---- schema-driven values -----------------------------------------------------------------------

interface Constraint {
  name: string;
  constraints: unknown[];
  each: boolean;
}

/** class-validator constraints per DTO class name and property: the document carries none of them. */
function constraintsOf(className: string | undefined): Map<string, Constraint[]> {
  const out = new Map<string, Constraint[]>();
  if (!className) return out;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, { name?: string; type: string; propertyName: string; constraints?: unknown[]; each?: boolean }[]> };
  for (const [target, metas] of storage.validationMetadatas) {
    if (target.name !== className) continue;
    for (const m of metas) {
      const list = out.get(m.propertyName) ?? [];
      list.push({ name: m.name ?? m.type, constraints: m.constraints ?? [], each: !!m.each });
      out.set(m.propertyName, list);
    }
  }
  return out;
}

const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());

class ValueBuilder {
  constructor(private readonly ctx: FuzzContext) {}

  private resolve(schema: Schema): { schema: Schema; className?: string } {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      return { schema: { ...this.ctx.doc.components!.schemas![name], nullable: schema.nullable }, className: name };
    }
    if (schema.allOf?.length === 1) {
      const inner = this.resolve(schema.allOf[0]);
      return { schema: { ...inner.schema, nullable: schema.nullable ?? inner.schema.nullable }, className: inner.className };
    }
    return { schema };
  }

  private get anyId(): string[] {
    return Object.values(this.ctx.ids).flat();
  }

  /** A value the schema (and the DTO's validators) would accept, as far as they can be read. */
  valid(raw: Schema, name: string, rules: Constraint[] = []): fc.Arbitrary<unknown> {
    const { schema, className } = this.resolve(raw);
    const has = (n: string) => rules.find((r) => r.name === n && !r.each);
    let arb: fc.Arbitrary<unknown>;
    if (schema.enum) arb = fc.constantFrom(...schema.enum);
    else if (has('isIn')) arb = fc.constantFrom(...(has('isIn')!.constraints[0] as unknown[]));
    else if (schema.type === 'object' || schema.properties) arb = this.object(schema, className);
    else if (schema.type === 'array') {
      const each = rules.filter((r) => r.each);
      const item = schema.items ? this.valid(schema.items, name, each.map((r) => ({ ...r, each: false }))) : fc.string();
      arb = fc.array(item, { maxLength: 4 });
      if (schema.example !== undefined) arb = fc.oneof(fc.constant(schema.example), arb);
    } else if (schema.type === 'integer' || schema.type === 'number' || has('isInt') || has('min') || has('max')) {
      if (has('isLatitude')) arb = fc.double({ min: -90, max: 90, noNaN: true });
      else if (has('isLongitude')) arb = fc.double({ min: -180, max: 180, noNaN: true });
      else {
        const min = (has('min')?.constraints[0] as number | undefined) ?? schema.minimum ?? -5;
        const max = (has('max')?.constraints[0] as number | undefined) ?? schema.maximum ?? Math.max(min + 100, 100);
        arb = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      }
    } else if (schema.type === 'boolean' || has('isBoolean')) arb = fc.boolean();
    else arb = this.string(schema, name, rules);
    if (schema.nullable) arb = fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
    return arb;
  }

  private string(schema: Schema, name: string, rules: Constraint[]): fc.Arbitrary<unknown> {
    const has = (n: string) => rules.find((r) => r.name === n && !r.each);
    const options: fc.Arbitrary<unknown>[] = [];
    if (schema.example !== undefined) options.push(fc.constant(schema.example));
    // Beside well-formed values, the near misses a careless client sends: an id that is not a UUID,
    // a date that does not exist.
    if (has('isUuid') || schema.format === 'uuid' || /Id$|^renewalOf$/.test(name)) options.push(fc.constantFrom(...this.anyId), fc.uuid(), fc.constantFrom('not-a-uuid', '123'));
    else if (has('isEmail') || schema.format === 'email' || name === 'email') options.push(fc.emailAddress(), fc.uuid().map((u) => `fuzz-${u.slice(0, 8)}@fuzz.test`));
    else if (has('isPastDate') || has('isIso8601') || has('isIsoDateTime') || /On$|^from$|^to$/.test(name)) options.push(isoDate.map((d) => d.slice(0, 10)), isoDate, fc.constantFrom('2026-02-31', '2025-02-29', '2026-13-01', '2026-04-31T10:00:00Z'));
    else if (has('isUrl')) options.push(fc.webUrl());
    else if (has('matches')) {
      for (const r of rules.filter((x) => x.name === 'matches')) options.push(fc.stringMatching(r.constraints[0] as RegExp, { size: 'small' }));
    }
    const length = has('isLength')?.constraints as [number, number] | undefined;
    const maxLength = (has('maxLength')?.constraints[0] as number | undefined) ?? length?.[1] ?? 60;
    const minLength = length?.[0] ?? 0;
    options.push(fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 60) }));
    if (name === 'cursor') options.push(fc.base64String({ maxLength: 80 }), fc.constantFrom('eyJ4IjoxfQ', 'bm90LWpzb24', '!!!'));
    return fc.oneof(...options);
  }

  private object(schema: Schema, className: string | undefined): fc.Arbitrary<unknown> {
    const rules = constraintsOf(className);
    const required = new Set(schema.required ?? []);
    const props: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, prop] of Object.entries(schema.properties ?? {})) props[key] = this.valid(prop, key, rules.get(key));
    return fc.record(props, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
  }
}

// ---- requests -----------------------------------------------------------------------------------

export interface FuzzRequest {
  op: string;
  caller: string;
  method: string;
  /** Path and query, exactly as sent. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** How the body was made, for the report (e.g. "json: hostile fields", "multipart: no boundary"). */
  bodyKind: string;
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as any client would send it). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const JUNK_IDS = ['not-a-uuid', '0', '-1', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffffff', '%00', 'a%00b', '..%2F..%2Fetc%2Fpasswd', '%E2%80%AE', '%F0%9F%98%80', 'x'.repeat(300), '1%20OR%201%3D1', "'", '%ZZ', 'null', 'undefined'];

function pathValue(ctx: FuzzContext, op: Operation, param: string, caller: string): fc.Arbitrary<string> {
  const kind = idKind(op, param);
  const ofKind = ctx.ids[kind] ?? [];
  const callers = ctx.idsOf?.(caller)[kind] ?? [];
  const enc = (a: fc.Arbitrary<string>) => a.map(pct);
  return fc.oneof(
    { weight: 6, arbitrary: callers.length ? enc(fc.constantFrom(...callers)) : enc(fc.uuid()) },
    { weight: 4, arbitrary: ofKind.length ? enc(fc.constantFrom(...ofKind)) : enc(fc.uuid()) },
    { weight: 2, arbitrary: enc(fc.constantFrom(...Object.values(ctx.ids).flat())) },
    { weight: 2, arbitrary: enc(fc.uuid()) },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_IDS) },
    { weight: 1, arbitrary: enc(hostileString.map((s) => s.slice(0, 2000)).filter((s) => s.length > 0)) },
  );
}

/**
 * A query string of valid parameters (each present or not) and, half the time, one hostile change:
 * a hostile value, a parameter given twice, bracket syntax, or an unknown parameter.
 */
function queryString(op: Operation, vb: ValueBuilder): fc.Arbitrary<string> {
  const rules = constraintsOf(op.queryClass);
  const scalar = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  const valid = fc.tuple(
    ...op.query.map((p) => fc.option(vb.valid(p.schema ?? { type: 'string' }, p.name, rules.get(p.name)).map((v): [string, string] => [p.name, scalar(v)]), { freq: 2 })),
  );
  const names = op.query.map((p) => p.name);
  const change = fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('hostile value' as const), fc.nat(), hostileString.map((v) => v.slice(0, 5000))) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('twice' as const), fc.nat(), fc.string({ maxLength: 8 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('brackets' as const), fc.nat(), fc.string({ maxLength: 8 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('unknown' as const), fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 })) },
  );
  return fc.tuple(valid, change).map(([params, ch]) => {
    const kv = params.filter((p): p is [string, string] => p !== null);
    if (ch && ch[0] === 'unknown') kv.push([ch[1], ch[2]]);
    else if (ch && names.length) {
      const name = names[ch[1] % names.length];
      const others = kv.filter(([k]) => k !== name);
      if (ch[0] === 'hostile value') kv.splice(0, kv.length, ...others, [name, ch[2]]);
      else if (ch[0] === 'twice') kv.push([name, ch[2]], [name, ch[2]]);
      else kv.splice(0, kv.length, ...others, [`${name}[x]`, ch[2]]);
    }
    const raw = kv.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
    return raw ? `?${raw}` : '';
  });
}

const CRLF = '\r\n';

interface Part {
  name: string;
  value?: string;
  file?: { fileName: string; contentType: string; content: Buffer };
}

function multipart(parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.file ? `form-data; name="${p.name}"; filename="${p.file.fileName}"` : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}${CRLF}Content-Disposition: ${disposition}${CRLF}`));
    if (p.file) chunks.push(Buffer.from(`Content-Type: ${p.file.contentType}${CRLF}`));
    chunks.push(Buffer.from(CRLF), p.file ? p.file.content : Buffer.from(p.value ?? ''), Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(chunks);
}

export interface SampleFiles {
  pdf: Buffer;
  png: Buffer;
  documentTypes: readonly string[];
}

function fileContent(files: SampleFiles): fc.Arbitrary<{ content: Buffer; contentType: string; fileName: string; label: string }> {
  const f = (label: string, content: Buffer, contentType: string, fileName: string) => ({ label, content, contentType, fileName });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(f('pdf', files.pdf, 'application/pdf', 'akta.pdf')) },
    { weight: 4, arbitrary: fc.constant(f('png', files.png, 'image/png', 'logo.png')) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        f('pdf signature only', Buffer.from('%PDF-'), 'application/pdf', 'x.pdf'),
        f('png signature and garbage', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0x41)]), 'image/png', 'x.png'),
        f('jpeg signature and garbage', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 0x42)]), 'image/jpeg', 'x.jpg'),
        f('empty', Buffer.alloc(0), 'application/pdf', 'empty.pdf'),
        f('executable', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(128)]), 'application/pdf', 'x.exe'),
        f('nul in file name', files.pdf, 'application/pdf', 'a\u0000b.pdf'),
        f('path in file name', files.pdf, 'application/pdf', '../../../etc/passwd'),
        f('odd unicode file name', files.png, 'image/png', '\u202egnp.exe'),
        f('truncated pdf', files.pdf.subarray(0, Math.floor(files.pdf.length / 2)), 'application/pdf', 'half.pdf'),
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => f('random bytes', Buffer.from(b), 'application/octet-stream', 'random.bin')) },
  );
}

function multipartBody(files: SampleFiles, op: Operation): fc.Arbitrary<{ kind: string; contentType?: string; body: Buffer }> {
  const props = Object.keys(op.body!.schema.properties ?? {});
  const boundary = '----mitrafuzz7MA4YWxkTrZu0gW';
  const typeValue = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...files.documentTypes) }, { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 2000)) });
  const fields = fc.record({ type: typeValue, file: fileContent(files) });
  const build = (type: string, file: { content: Buffer; contentType: string; fileName: string }, extra: Part[] = []): Part[] => [
    ...(props.includes('type') ? [{ name: 'type', value: type }] : []),
    { name: 'file', file },
    ...extra,
  ];
  const ct = `multipart/form-data; boundary=${boundary}`;
  return fc.oneof(
    { weight: 8, arbitrary: fields.map(({ type, file }) => ({ kind: `multipart: ${file.label}`, contentType: ct, body: multipart(build(type, file), boundary) })) },
    {
      weight: 4,
      arbitrary: fc.tuple(fields, fc.constantFrom('no boundary', 'wrong boundary', 'truncated', 'many fields', 'long field', 'two files', 'no file', 'not multipart', 'empty', 'no content type')).map(
        ([{ type, file }, variant]) => {
          const good = multipart(build(type, file), boundary);
          switch (variant) {
            case 'no boundary':
              return { kind: `multipart: ${variant}`, contentType: 'multipart/form-data', body: good };
            case 'wrong boundary':
              return { kind: `multipart: ${variant}`, contentType: 'multipart/form-data; boundary=other', body: good };
            case 'truncated':
              return { kind: `multipart: ${variant}`, contentType: ct, body: good.subarray(0, Math.floor(good.length / 2)) };
            case 'many fields':
              return { kind: `multipart: ${variant}`, contentType: ct, body: multipart(build(type, file, Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'x' }))), boundary) };
            case 'long field':
              return { kind: `multipart: ${variant}`, contentType: ct, body: multipart(build('x'.repeat(5000), file), boundary) };
            case 'two files':
              return { kind: `multipart: ${variant}`, contentType: ct, body: multipart(build(type, file, [{ name: 'file2', file }]), boundary) };
            case 'no file':
              return { kind: `multipart: ${variant}`, contentType: ct, body: multipart(props.includes('type') ? [{ name: 'type', value: type }] : [], boundary) };
            case 'not multipart':
              return { kind: `multipart: ${variant}`, contentType: 'application/json', body: Buffer.from(JSON.stringify({ type, file: file.content.toString('base64') })) };
            case 'empty':
              return { kind: `multipart: ${variant}`, contentType: ct, body: Buffer.alloc(0) };
            default:
              return { kind: `multipart: ${variant}`, contentType: undefined, body: good };
          }
        },
      ),
    },
  );
}

function jsonBody(vb: ValueBuilder, op: Operation): fc.Arbitrary<{ kind: string; contentType?: string; body?: Buffer }> {
  const json = (kind: string) => (v: unknown) => ({ kind, contentType: 'application/json', body: Buffer.from(JSON.stringify(v)) });
  const raw = (kind: string, text: string, contentType: string | undefined = 'application/json') => ({ kind, contentType, body: Buffer.from(text) });
  const schema = op.body?.schema;
  const whole = fc.oneof(
    fc.integer({ min: 1000, max: 20_000 }).map((n) => raw(`json: ${n} nested arrays`, '['.repeat(n) + ']'.repeat(n))),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => raw(`json: ${n} nested objects`, '{"a":'.repeat(n) + '1' + '}'.repeat(n))),
    fc.constantFrom(
      raw('json: malformed', '{"a":'),
      raw('json: empty', ''),
      raw('json: null', 'null'),
      raw('json: array', '[]'),
      raw('json: string', '"x"'),
      raw('json: number', '1'),
      raw('json: NUL in key', '{"\\u0000":1}'),
      raw('json: duplicate keys', '{"a":1,"a":2}'),
      raw('json: proto', '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}'),
      raw('json: lone surrogate', '{"name":"\\ud800"}'),
      raw('text/plain body', 'hello', 'text/plain'),
      raw('form body', 'a=1&b=2', 'application/x-www-form-urlencoded'),
      raw('json: utf-16 declared', '{}', 'application/json; charset=utf-16'),
      raw('xml body', '<?xml version="1.0"?><a/>', 'application/xml'),
    ),
    fc.constant(1).map(() => raw('json: over the body limit', JSON.stringify({ a: 'x'.repeat(1024 * 1024 + 10) }))),
  );
  if (!schema) {
    return fc.oneof({ weight: 12, arbitrary: fc.constant({ kind: 'none' }) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 }).map(json('json: unexpected body')) }, { weight: 1, arbitrary: whole });
  }
  return fc.oneof(
    { weight: 4, arbitrary: vb.valid(schema, 'body').map(json('json: from schema')) },
    {
      weight: 9,
      arbitrary: fc
        .tuple(vb.valid(schema, 'body'), fc.nat(), mutation, hostileValue, fc.constantFrom(...ODD_UNICODE))
        .map(([v, pick, how, replacement, odd]) => {
          const m = mutate(v, pick, how, replacement, odd);
          return json(`json: ${m.where}`)(m.value);
        }),
    },
    { weight: 2, arbitrary: hostileValue.map(json('json: hostile whole body')) },
    { weight: 2, arbitrary: whole },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' }) },
  );
}

/** A well-signed HS256 token with the given claims (the app's secret), for tokens the app never issues. */
export function signToken(secret: string, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function hostileCallers(secret: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    'token: garbage': 'Bearer abc.def.ghi',
    'token: not bearer': 'Basic YWRtaW46YWRtaW4=',
    'token: subject not a uuid': `Bearer ${signToken(secret, { sub: 'not-a-uuid', iat: now, exp: now + 3600 })}`,
    'token: unknown subject': `Bearer ${signToken(secret, { sub: randomUUID(), iat: now, exp: now + 3600 })}`,
    'token: subject an object': `Bearer ${signToken(secret, { sub: { id: 1 }, iat: now, exp: now + 3600 })}`,
    'token: expired': `Bearer ${signToken(secret, { sub: randomUUID(), iat: now - 7200, exp: now - 3600 })}`,
    'token: wrong secret': `Bearer ${signToken('not-the-secret-not-the-secret-0000', { sub: randomUUID(), iat: now, exp: now + 3600 })}`,
    'token: alg none': `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`,
  };
}

export function requestArbitrary(ctx: FuzzContext, ops: Operation[], files: SampleFiles): fc.Arbitrary<FuzzRequest> {
  const vb = new ValueBuilder(ctx);
  const all = Object.keys(ctx.callers);
  // A password check or hash costs argon2's production price (about a quarter second here), so the
  // operations that make one are drawn a quarter as often, to keep the bounded run under a minute.
  const weight = (op: Operation) => (/^POST \/api\/(auth\/(login|register)|agencies\/\{agencyId\}\/users)$/.test(op.key) ? 1 : 4);
  const perOperation = new Map<string, fc.Arbitrary<FuzzRequest>>();
  return fc.oneof(...ops.map((op) => ({ weight: weight(op), arbitrary: fc.constant(op) }))).chain((op) => {
    const built = perOperation.get(op.key);
    if (built) return built;
    const allowed = ctx.allowedCallers(op).filter((c) => all.includes(c));
    const caller = allowed.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(...all) }) : fc.constantFrom(...all);
    const body = op.body?.contentType.startsWith('multipart/') ? multipartBody(files, op) : jsonBody(vb, op);
    const path = (who: string) =>
      fc.tuple(...op.pathParams.map((p) => pathValue(ctx, op, p, who))).map((values) => {
        let i = 0;
        return op.path.replace(/\{\w+\}/g, () => values[i++]);
      });
    const request = caller.chain((who) => fc.record({ caller: fc.constant(who), path: path(who), query: queryString(op, vb), body }));
    const made = request.map(({ caller, path, query, body }) => {
      const headers: Record<string, string> = {};
      const auth = ctx.callers[caller];
      if (auth) headers.authorization = auth;
      const b = body as { kind: string; contentType?: string; body?: Buffer };
      if (b.contentType) headers['content-type'] = b.contentType;
      return { op: op.key, caller, method: op.method, url: path + query, headers, body: b.body, bodyKind: b.kind };
    });
    perOperation.set(op.key, made);
    return made;
  });
}

// ---- sending and judging ------------------------------------------------------------------------

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends the request byte for byte (no client-side URL normalisation), over a socket of its own. */
export function send(baseUrl: string, req: FuzzRequest): Promise<FuzzResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
        // A connection per request: one the server closes (an early 413) cannot fail the next request.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}


const ERROR_KEYS = new Set(['statusCode', 'code', 'message', 'errors']);

/**
 * What is wrong with an answer: a 5xx, an error without the one error body, or an error the
 * service logged (level error or fatal) while answering.
 */
export function problemsOf(req: FuzzRequest, res: FuzzResponse, logLines: string[]): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    // The only error that is not JSON by design: the QR landing page answers a person with an HTML page.
    const htmlPage = req.op === 'GET /verify/{code}' && res.status === 404 && type.startsWith('text/html');
    if (!htmlPage) {
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      if (!type.startsWith('application/json') || !body || typeof body !== 'object') problems.push(`error body is not JSON (${type}): ${res.body.toString('utf8').slice(0, 200)}`);
      else {
        const extra = Object.keys(body).filter((k) => !ERROR_KEYS.has(k));
        if (body.statusCode !== res.status) problems.push(`error body statusCode ${String(body.statusCode)} on a ${res.status}`);
        if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/.test(body.code)) problems.push(`error code ${JSON.stringify(body.code)} is not a stable code`);
        if (typeof body.message !== 'string' || !body.message) problems.push('error body has no message');
        if (body.errors !== undefined && (typeof body.errors !== 'object' || body.errors === null || Array.isArray(body.errors))) problems.push('error body errors is not an object');
        if (extra.length) problems.push(`error body has extra keys ${extra.join(', ')}`);
      }
    }
  }
  for (const line of logLines) {
    let entry: { level?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) >= 50) problems.push(`logged an error: ${(entry.msg ?? entry.err?.message ?? line).replace(/\s+/g, ' ').slice(0, 240)}`);
  }
  return problems;
}

/** The request, written so a person can replay it (long bodies are cut, with their length). */
export function describeRequest(req: FuzzRequest): string {
  const lines = [`${req.method} ${req.url}`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${k === 'authorization' ? `${v.slice(0, 60)}${v.length > 60 ? '…' : ''} (${req.caller})` : v}`)];
  if (req.body) {
    const text = req.body.toString(req.bodyKind.startsWith('multipart') ? 'latin1' : 'utf8');
    lines.push(`body (${req.bodyKind}, ${req.body.length} bytes): ${JSON.stringify(text.length > 600 ? `${text.slice(0, 300)}…${text.slice(-100)}` : text)}`);
  } else lines.push(`no body (${req.bodyKind})`);
  return lines.join('\n  ');
}
