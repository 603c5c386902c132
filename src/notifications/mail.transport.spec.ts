import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MailTemplates } from './mail-templates';
import {
  FileMailTransport,
  OutgoingMail,
  SmtpMailTransport,
  createMailTransport,
  newMessageId,
} from './mail.transport';
import { SmtpTestServer, parseMessage, startSmtpTestServer } from './testing/smtp-test-server';

const templates = new MailTemplates();

// Binary bytes, including CR, LF and NUL, must come through unchanged.
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\r\n\0\n'), randomBytes(48 * 1024)]);

function approvalMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const rendered = templates.render('application_approved', 'id', {
    agency: {
      name: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
      email: 'humas@kominfo.jatimprov.go.id',
      phone: '(000) 000-0001',
      address: 'Jl. Contoh Fiktif No. 1, Surabaya 60000',
    },
    recipient: { name: 'Rina Kusuma' },
    appUrl: 'https://mitra.jatimprov.go.id',
    outlet: { brandName: 'Lensa Jatim', legalName: 'PT Lensa Jatim Media' },
    application: { id: 'app-42', reference: 'MM/2026/00042', submittedAt: '2026-11-22T07:30:00Z' },
    certificate: {
      number: '007/MM/DISKOMINFO-JATIM/2026',
      validFrom: '2026-11-22',
      validUntil: '2027-11-21',
      certificateUrl: 'https://mitra.jatimprov.go.id/sertifikat/c-7',
      verifyUrl: 'https://mitra.jatimprov.go.id/verify/K7Q2-9XTA',
    },
  });
  return {
    messageId: newMessageId(),
    from: 'Mitra Media Diskominfo Jatim <noreply@mitra.jatimprov.go.id>',
    to: ['rina@lensajatim.test', 'redaksi@lensajatim.test'],
    ...rendered,
    attachments: [{ filename: 'sertifikat-007-2026.pdf', content: pdf, contentType: 'application/pdf' }],
    ...overrides,
  };
}

describe('SmtpMailTransport', () => {
  let smtp: SmtpTestServer;
  let transport: SmtpMailTransport;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    transport = new SmtpMailTransport(smtp.url);
  });

  afterAll(async () => {
    await transport.close();
    await smtp.stop();
  });

  beforeEach(() => {
    smtp.messages.length = 0;
    smtp.rejectAll(false);
  });

  it('delivers the mail as the recipient will read it', async () => {
    const mail = approvalMail();
    const result = await transport.send(mail);
    expect(result.accepted).toBe(true);
    expect(result.response).toMatch(/^250/);

    const [received] = await smtp.waitFor(1);
    expect(received.envelope.to).toEqual(['rina@lensajatim.test', 'redaksi@lensajatim.test']);
    expect(received.to).toEqual(['rina@lensajatim.test', 'redaksi@lensajatim.test']);
    expect(received.envelope.from).toBe('noreply@mitra.jatimprov.go.id');
    expect(received.user).toBe('test');
    expect(received.subject).toBe(mail.subject);
    expect(received.subject).toBe(
      'Permohonan MM/2026/00042 disetujui: Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026',
    );
    expect(received.messageId).toBe(mail.messageId);
    expect(received.text).toContain('Yth. Bapak/Ibu Rina Kusuma,');
    expect(received.html).toContain('<p>Yth. Bapak/Ibu Rina Kusuma,</p>');
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
    expect(received.attachments).toHaveLength(1);
    expect(received.attachments[0].filename).toBe('sertifikat-007-2026.pdf');
    expect(received.attachments[0].contentType).toBe('application/pdf');
    expect(received.attachments[0].content.equals(pdf)).toBe(true);
  });

  it('keeps the Message-ID of a retried mail', async () => {
    const mail = approvalMail({ attachments: undefined });
    await transport.send(mail);
    await transport.send(mail);
    const received = await smtp.waitFor(2);
    expect(received.map((message) => message.messageId)).toEqual([mail.messageId, mail.messageId]);
  });

  it('reports a permanent refusal as not accepted, so it is not retried', async () => {
    smtp.rejectAll(true, 550);
    await expect(transport.send(approvalMail())).resolves.toEqual(
      expect.objectContaining({ accepted: false, response: expect.stringMatching(/^550/) }),
    );
    expect(smtp.messages).toHaveLength(0);
  });

  it('fails on a temporary refusal, so the worker retries', async () => {
    smtp.rejectAll(true, 451);
    await expect(transport.send(approvalMail())).rejects.toMatchObject({ responseCode: 451 });
    smtp.rejectAll(false);
    await expect(transport.send(approvalMail())).resolves.toMatchObject({ accepted: true });
  });

  it('refuses a mail without a proper Message-ID or recipient before connecting', async () => {
    await expect(transport.send(approvalMail({ messageId: 'no-brackets@mitra-media' }))).rejects.toThrow(
      /invalid Message-ID/,
    );
    await expect(transport.send(approvalMail({ to: [] }))).rejects.toThrow(/no recipient/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('fails fast while the mail server is down and delivers again once it is back', async () => {
    await expect(transport.send(approvalMail())).resolves.toMatchObject({ accepted: true });
    await smtp.stop();

    // Refused at once, not left waiting for a timeout.
    await expect(transport.send(approvalMail())).rejects.toThrow(/ECONNREFUSED/);

    await smtp.restart();
    const mail = approvalMail();
    await expect(transport.send(mail)).resolves.toMatchObject({ accepted: true });
    const received = await smtp.waitFor(2);
    expect(received[1].messageId).toBe(mail.messageId);
  });
});

describe('SmtpMailTransport against a server that accepts but never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  // The test's own time limit, far below nodemailer's 30 s default, shows the configured 300 ms applies.
  it('gives up after the greeting timeout', async () => {
    const { port } = silent.address() as { port: number };
    const transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}`, { greetingTimeoutMs: 300 });
    try {
      await expect(transport.send(approvalMail())).rejects.toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/greeting/i) });
    } finally {
      await transport.close();
    }
  }, 10_000);
});

describe('FileMailTransport', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mail-transport-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const emlFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.eml'));

  it('writes a parseable .eml named by time and Message-ID', async () => {
    const transport = new FileMailTransport(join(dataDir, 'mail'));
    const mail = approvalMail();
    const result = await transport.send(mail);
    await transport.close();

    expect(result.accepted).toBe(true);
    const stem = mail.messageId.slice(1, -1).replace('@', '_');
    expect(basename(result.location!)).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${stem}\\.eml$`));
    expect(emlFiles(join(dataDir, 'mail'))).toEqual([basename(result.location!)]);

    const raw = readFileSync(result.location!);
    expect(raw.toString('latin1')).toContain('\r\n');
    const parsed = await parseMessage(raw);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.to).toEqual(mail.to);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text).toContain('Yth. Bapak/Ibu Rina Kusuma,');
    expect(parsed.attachments[0].content.equals(pdf)).toBe(true);
  });

  it('does not write the same Message-ID twice, also across restarts and concurrent sends', async () => {
    const dir = join(dataDir, 'mail');
    const mail = approvalMail();
    const first = new FileMailTransport(dir);
    const [a, b] = await Promise.all([first.send(mail), first.send(mail)]);
    expect(b.location).toBe(a.location);
    const written = statSync(a.location!).mtimeMs;
    await expect(first.send(mail)).resolves.toEqual({ accepted: true, location: a.location });
    await first.close();

    const afterRestart = new FileMailTransport(dir);
    await expect(afterRestart.send(mail)).resolves.toEqual({ accepted: true, location: a.location });
    expect(statSync(a.location!).mtimeMs).toBe(written);
    expect(emlFiles(dir)).toHaveLength(1);

    const other = await afterRestart.send(approvalMail());
    expect(other.location).not.toBe(a.location);
    expect(emlFiles(dir)).toHaveLength(2);
    await afterRestart.close();
  });
});

describe('createMailTransport', () => {
  it('sends by SMTP when SMTP_URL is set and writes files under the data dir otherwise', async () => {
    const smtp = createMailTransport('smtp://user:secret@127.0.0.1:2525', '/var/lib/mitra');
    expect(smtp).toBeInstanceOf(SmtpMailTransport);
    expect((smtp as SmtpMailTransport).server).toBe('smtp://127.0.0.1:2525');
    await smtp.close();

    for (const unset of [undefined, '', '  ']) {
      const files = createMailTransport(unset, '/var/lib/mitra');
      expect(files).toBeInstanceOf(FileMailTransport);
      expect((files as FileMailTransport).dir).toBe(join('/var/lib/mitra', 'mail'));
    }
  });

  it('refuses an SMTP_URL that is not smtp: or smtps:', () => {
    expect(() => createMailTransport('http://mail.example.com', '/tmp')).toThrow(/smtp: or smtps:/);
    expect(() => createMailTransport('not a url', '/tmp')).toThrow(/not a URL/);
  });
});
