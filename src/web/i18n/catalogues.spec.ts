import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { APPLICATION_ACTIONS, APPLICATION_STATUSES } from '../../applications/application-workflow';
import { ROLES } from '../../auth/permissions';
import { CERTIFICATE_STATUSES } from '../../certificates/certificates.service';
import { projectRoot } from '../../common/project-root';
import { RULE_FAMILIES } from '../../requirements/policy-pack';
import { VERDICTS } from '../../requirements/rule-engine';
import { RULE_OUTCOMES } from '../../requirements/rule-result';
import { CHOICES } from '../outlet-forms';
import { FIX_SECTION } from '../requirement-words';
import { FLASHES } from '../session-pages.controller';
import { CATALOGUES, MissingTextError, text } from './index';

const files = (dir: string, ext: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('page text catalogues', () => {
  const idKeys = Object.keys(CATALOGUES.id).sort();

  it('Indonesian and English have the same keys, no empty text, and the same placeholders', () => {
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(idKeys);
    for (const key of idKeys) {
      expect({ key, id: CATALOGUES.id[key as keyof typeof CATALOGUES.id].trim() !== '' }).toEqual({ key, id: true });
      expect({ key, en: CATALOGUES.en[key as keyof typeof CATALOGUES.en].trim() !== '' }).toEqual({ key, en: true });
      expect({ key, p: placeholders(CATALOGUES.en[key as keyof typeof CATALOGUES.en]) }).toEqual({ key, p: placeholders(CATALOGUES.id[key as keyof typeof CATALOGUES.id]) });
    }
  });

  it('has every key a template names literally', () => {
    const used = new Set<string>();
    for (const file of files(join(projectRoot(), 'templates', 'web'), '.hbs')) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt "([^"]+)"/g)) used.add(m[1]);
      for (const m of src.matchAll(/\s(?:label|hint|confirmLabel|submitLabel)="([^"{]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !idKeys.includes(k))).toEqual([]);
  });

  it('has every key the page code names literally', () => {
    const used = new Set<string>();
    for (const file of files(join(projectRoot(), 'src', 'web'), '.ts')) {
      if (file.endsWith('.spec.ts') || file.includes(`${join('web', 'i18n')}`)) continue;
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/title: '([\w.]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/(?:label|confirmLabel|submitLabel): (?:\w+ \? )?'([\w.]+)'(?: : '([\w.]+)')?/g)) [m[1], m[2]].filter(Boolean).forEach((k) => used.add(k));
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !idKeys.includes(k))).toEqual([]);
  });

  it('has a text for every value the pages name by key (statuses, roles, choices, errors, messages)', () => {
    const needed = [
      ...APPLICATION_STATUSES.flatMap((s) => [`status.${s}`, `stage.${s}`]),
      ...APPLICATION_ACTIONS.map((a) => `action.${a}`),
      ...ROLES.map((r) => `role.${r}`),
      ...CERTIFICATE_STATUSES.map((s) => `certStatus.${s}`),
      ...VERDICTS.map((v) => `verdict.${v}`),
      ...RULE_OUTCOMES.map((o) => `outcome.${o}`),
      ...RULE_FAMILIES.map((f) => `rule.family.${f}`),
      ...Object.values(FIX_SECTION).map((s) => `fix.${s}`),
      ...Object.values(CHOICES).flatMap((c) => (c.values as readonly string[]).map((v) => `${c.prefix}.${v || 'none'}`)),
      ...FLASHES.map((f) => `flash.${f}`),
      'flash.submitted',
      ...['400', '403', '404', '409', '429', '500', 'csrf'].flatMap((e) => [`error.${e}.title`, `error.${e}.body`]),
    ];
    expect(needed.filter((k) => !idKeys.includes(k))).toEqual([]);
  });

  it('throws on a missing key outside production, so no page renders a raw key', () => {
    expect(() => text('id', 'no.such.key')).toThrow(MissingTextError);
    expect(text('en', 'no.such.key', {}, false)).toBe('no.such.key');
    expect(text('en', 'layout.loggedInAs', { name: 'Rina' })).toBe('Logged in as Rina');
  });
});
