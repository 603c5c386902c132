import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Mail, SentMessageInfo } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  /** `<id@domain>`, stable across retries so a retried mail keeps its Message-ID. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface MailSendResult {
  /**
   * false when the server refused the message for good (a 5xx reply to RCPT TO or DATA):
   * sending it again would get the same answer. Anything a retry may fix rejects instead.
   */
  accepted: boolean;
  /** Where the message went: the .eml path for the file transport. */
  location?: string;
  /** The server's last reply, for the log. */
  response?: string;
  /** Recipients the server refused while accepting the others. */
  rejected?: string[];
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<MailSendResult>;
  close(): Promise<void>;
}

export const MESSAGE_ID_DOMAIN = 'mitra-media';

/** A new Message-ID; store it with the notification and reuse it on every attempt. */
export function newMessageId(): string {
  return `<${randomUUID()}@${MESSAGE_ID_DOMAIN}>`;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

function assertSendable(mail: OutgoingMail): void {
  if (!MESSAGE_ID.test(mail.messageId)) throw new Error(`invalid Message-ID ${JSON.stringify(mail.messageId)}`);
  if (mail.to.length === 0) throw new Error(`mail ${mail.messageId} has no recipient`);
}

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    attachments: mail.attachments?.map(({ filename, content, contentType }) => ({ filename, content, contentType })),
    // RFC 3834: keeps out-of-office replies from answering a notification.
    headers: { 'Auto-Submitted': 'auto-generated' },
    // Content is only ever in memory; never let a field be read as a local path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export interface SmtpTimeouts {
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

const DEFAULT_TIMEOUTS: Required<SmtpTimeouts> = {
  connectionTimeoutMs: 5_000,
  greetingTimeoutMs: 5_000,
  socketTimeoutMs: 15_000,
};

interface SmtpError {
  code?: string;
  command?: string;
  permanent?: boolean;
  response?: string;
}

/** Sends through an SMTP server given as `smtp://user:pass@host:port` (or `smtps://`), over a small pool. */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Mail;
  /** The server without credentials, safe to log. */
  readonly server: string;

  constructor(smtpUrl: string, timeouts: SmtpTimeouts = {}) {
    const url = parseSmtpUrl(smtpUrl);
    this.server = `${url.protocol}//${url.host}`;
    const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.transporter = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 3,
      // The outbox worker owns retries; a pool that requeued on its own could deliver a mail
      // the worker already counts as failed.
      maxRequeues: 0,
      // A mail server that is down should fail the attempt in seconds, not minutes.
      connectionTimeout: t.connectionTimeoutMs,
      greetingTimeout: t.greetingTimeoutMs,
      socketTimeout: t.socketTimeoutMs,
      dnsTimeout: t.connectionTimeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<MailSendResult> {
    assertSendable(mail);
    let info: SentMessageInfo;
    try {
      info = await this.transporter.sendMail(toNodemailer(mail));
    } catch (error) {
      const smtp = error as SmtpError;
      const refusedForGood = smtp.permanent === true && (smtp.command === 'RCPT TO' || smtp.command === 'DATA');
      if (refusedForGood) return { accepted: false, response: smtp.response };
      throw error;
    }
    const rejected = (info.rejected ?? []).map(String);
    return { accepted: true, response: info.response, ...(rejected.length ? { rejected } : {}) };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

function parseSmtpUrl(smtpUrl: string): URL {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a URL (expected smtp://user:pass@host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must use smtp: or smtps:, not ${url.protocol}`);
  }
  return url;
}

const EML_NAME = /^\d{8}T\d{9}Z-(.+)\.eml$/;

/** The part of a Message-ID that is safe in a file name: `<a1b2@mitra-media>` -> `a1b2_mitra-media`. */
export function messageIdFileStem(messageId: string): string {
  return messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 180);
}

/**
 * Writes each mail as an RFC 822 `.eml` file instead of sending it, for development and for
 * deployments without a mail server. A Message-ID already on disk is not written again.
 */
export class FileMailTransport implements MailTransport {
  private readonly transporter: Mail;
  private readonly pending = new Map<string, Promise<MailSendResult>>();

  constructor(readonly dir: string) {
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  send(mail: OutgoingMail): Promise<MailSendResult> {
    try {
      assertSendable(mail);
    } catch (error) {
      return Promise.reject(error);
    }
    const stem = messageIdFileStem(mail.messageId);
    // Two sends of one mail at once must still give one file.
    const inFlight = this.pending.get(stem);
    if (inFlight) return inFlight;
    const write = this.write(stem, mail).finally(() => this.pending.delete(stem));
    this.pending.set(stem, write);
    return write;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending.values()]);
    this.transporter.close();
  }

  private async write(stem: string, mail: OutgoingMail): Promise<MailSendResult> {
    await mkdir(this.dir, { recursive: true });
    const existing = await this.find(stem);
    if (existing) return { accepted: true, location: existing };

    const info = await this.transporter.sendMail(toNodemailer(mail));
    const timestamp = new Date().toISOString().replace(/[-:.]/g, '');
    const path = join(this.dir, `${timestamp}-${stem}.eml`);
    // Written whole or not at all: a half-written file would block every later attempt.
    const partial = join(this.dir, `.${timestamp}-${stem}.eml.partial`);
    try {
      await writeFile(partial, info.message as Buffer);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { accepted: true, location: path };
  }

  private async find(stem: string): Promise<string | undefined> {
    const names = await readdir(this.dir);
    const name = names.find((candidate) => EML_NAME.exec(candidate)?.[1] === stem);
    return name === undefined ? undefined : join(this.dir, name);
  }
}

/** SMTP when `SMTP_URL` is set; otherwise `.eml` files under `<dataDir>/mail`. */
export function createMailTransport(smtpUrl: string | undefined, dataDir: string): MailTransport {
  return smtpUrl?.trim() ? new SmtpMailTransport(smtpUrl.trim()) : new FileMailTransport(join(dataDir, 'mail'));
}
