import { keptBuffer } from '../certificates/public-certificate-cache';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { projectRoot } from '../common/project-root';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { text, type Locale } from './i18n';

export interface PageUser {
  name: string;
  email: string;
  role: string;
  applicant: boolean;
  /** Staff only: the agency and the role in words, and the menu for the role. */
  agency: string | null;
  /** The catalogue key of the role's name. */
  roleLabel: string;
  nav: { href: string; label: string; current: boolean }[];
}

/** What every page knows besides its own view model. */
export interface PageContext {
  locale: Locale;
  user: PageUser | null;
  csrf: string;
  /** The path of this page, for the language switch to come back to. */
  path: string;
}

export interface Asset {
  url: string;
  body: Buffer;
  contentType: string;
}

/** Marks where a kept layout takes the visitor's parts: letters and digits only, so escaping leaves them as they are. */
const SHELL_MARK = `mark${createHash('sha256').update(String(process.hrtime.bigint())).digest('hex').slice(0, 24)}`;
const SHELL_PARTS = { csrf: `${SHELL_MARK}c`, path: `${SHELL_MARK}p`, body: `${SHELL_MARK}b` } as const;
type ShellPiece = Buffer | { part: keyof typeof SHELL_PARTS };

const ASSET_TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/** A form field's element id, e.g. `office.city` -> `f-office-city`; the error summary links to it. */
export const fieldId = (name: string) => `f-${name.replace(/[^\w]+/g, '-')}`;

/**
 * Handlebars pages under templates/web: one layout, partials, one file per page. Text comes only
 * from the language catalogues through the `t` helper. Assets are served under a content hash.
 */
@Injectable()
export class ViewRenderer {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly assetsByName = new Map<string, Asset>();
  private readonly assetsByUrl = new Map<string, Asset>();
  private readonly strictText: boolean;
  /** The layout for anonymous visitors by language and title, cut where the visitor's parts go. */
  private readonly shells = new Map<string, ShellPiece[]>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.strictText = !config.production;
    const root = join(projectRoot(), 'templates', 'web');
    for (const file of readdirSync(join(root, 'assets'))) {
      const body = readFileSync(join(root, 'assets', file));
      const ext = file.slice(file.lastIndexOf('.') + 1);
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      const asset = { url: `/assets/${file.replace(/\.(\w+)$/, `.${hash}.$1`)}`, body, contentType: ASSET_TYPES[ext] ?? 'application/octet-stream' };
      this.assetsByName.set(file, asset);
      this.assetsByUrl.set(asset.url, asset);
    }
    for (const file of readdirSync(join(root, 'partials'))) {
      this.hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(root, 'partials', file), 'utf8'));
    }
    for (const file of readdirSync(join(root, 'pages'))) {
      this.pages.set(basename(file, '.hbs'), this.hbs.compile(readFileSync(join(root, 'pages', file), 'utf8')));
    }
    this.layout = this.hbs.compile(readFileSync(join(root, 'layout.hbs'), 'utf8'));
    this.registerHelpers();
  }

  asset(url: string): Asset | undefined {
    return this.assetsByUrl.get(url);
  }

  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    return text(locale, key, params, this.strictText);
  }

  /** `title` is a catalogue key (or already text when `titleText` is given). */
  render(page: string, ctx: PageContext, model: Record<string, unknown> & { title: string }): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template ${page}`);
    const data = { ...model, ctx };
    const body = template(data);
    return this.layout({ ...data, body, otherLocale: ctx.locale === 'id' ? 'en' : 'id' });
  }

  /**
   * The page's own part (what goes inside the layout) for anonymous visitors, to be kept and put in
   * `wrapAnonymous`: null when the page is not one that can be (breadcrumbs, flash, error summary,
   * or a body that uses the visitor's token or path).
   */
  renderAnonymousBody(page: string, locale: Locale, model: Record<string, unknown> & { title: string }): { title: string; body: Buffer } | null {
    if (model.breadcrumbs || model.flash || model.errors || model.titleText) return null;
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template ${page}`);
    const body = template({ ...model, ctx: { locale, user: null, csrf: SHELL_PARTS.csrf, path: SHELL_PARTS.path } });
    return body.includes(SHELL_MARK) ? null : { title: model.title, body: keptBuffer(body) };
  }

  /**
   * The same HTML as `render` for an anonymous visitor, from a body of `renderAnonymousBody`: the
   * layout is rendered once per language and title, with the visitor's token and path put in.
   */
  wrapAnonymous(ctx: PageContext, page: { title: string; body: Buffer }): Buffer {
    const key = `${ctx.locale}\n${page.title}`;
    let shell = this.shells.get(key);
    if (!shell) {
      const html = this.layout({
        title: page.title,
        ctx: { locale: ctx.locale, user: null, csrf: SHELL_PARTS.csrf, path: SHELL_PARTS.path },
        body: SHELL_PARTS.body,
        otherLocale: ctx.locale === 'id' ? 'en' : 'id',
      });
      shell = html
        .split(new RegExp(`(${SHELL_MARK}[cpb])`))
        .map((piece): ShellPiece => (piece.startsWith(SHELL_MARK) ? { part: piece === SHELL_PARTS.csrf ? 'csrf' : piece === SHELL_PARTS.path ? 'path' : 'body' } : Buffer.from(piece, 'utf8')));
      this.shells.set(key, shell);
    }
    const parts = {
      csrf: Buffer.from(this.hbs.Utils.escapeExpression(ctx.csrf), 'utf8'),
      path: Buffer.from(this.hbs.Utils.escapeExpression(ctx.path), 'utf8'),
      body: page.body,
    };
    return Buffer.concat(shell.map((piece) => (Buffer.isBuffer(piece) ? piece : parts[piece.part])));
  }

  private registerHelpers(): void {
    const localeOf = (options: Handlebars.HelperOptions): Locale => (options.data.root as { ctx: PageContext }).ctx.locale;
    this.hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
      if (typeof key !== 'string') throw new Error(`t helper given ${String(key)}`);
      return this.t(localeOf(options), key, options.hash as Record<string, unknown>);
    });
    this.hbs.registerHelper('asset', (name: string) => {
      const asset = this.assetsByName.get(name);
      if (!asset) throw new Error(`No asset ${name}`);
      return asset.url;
    });
    this.hbs.registerHelper('fid', (name: string) => fieldId(name));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }
}
