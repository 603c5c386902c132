import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ParsedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface ParsedMessage {
  /** As in the header, angle brackets included. */
  messageId: string;
  from: string;
  /** Addresses in the To header. */
  to: string[];
  /** What the client said in MAIL FROM / RCPT TO. */
  envelope: { from: string; to: string[] };
  /** Header values by lower-case name, as written (first occurrence). */
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
  attachments: ParsedAttachment[];
  /** The user the client authenticated as, if it did. */
  user?: string;
  raw: Buffer;
}

export interface SmtpTestServer {
  readonly port: number;
  /** `smtp://test:test@127.0.0.1:<port>` */
  readonly url: string;
  /** Every message accepted so far, in order of arrival. */
  readonly messages: ParsedMessage[];
  /** Resolves once at least `n` messages have arrived (all of them); rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMessage[]>;
  /** While on, every recipient is refused with `responseCode` (550 permanent, 4xx temporary). */
  rejectAll(flag: boolean, responseCode?: number): void;
  /** Stops listening and drops open connections, as a mail server going down would. */
  stop(): Promise<void>;
  /** Listens again on the same port; kept messages stay. */
  restart(): Promise<void>;
}

interface Waiter {
  n: number;
  resolve: (messages: ParsedMessage[]) => void;
}

/** Parses an RFC 822 message (from the wire or an .eml file) into the fields tests look at. */
export async function parseMessage(raw: Buffer): Promise<Omit<ParsedMessage, 'envelope' | 'user'>> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
    [field ?? []].flat().flatMap((group) => group.value.map((address) => address.address ?? ''));
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (!headers.has(key)) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  }
  return {
    messageId: parsed.messageId ?? '',
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    headers,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? '',
      content: attachment.content,
      contentType: attachment.contentType,
    })),
    raw,
  };
}

/**
 * An SMTP server in this process on 127.0.0.1, for tests that check what a user would receive.
 * Plain text (no STARTTLS), any credentials accepted, authentication optional.
 */
export async function startSmtpTestServer(options: { port?: number } = {}): Promise<SmtpTestServer> {
  const messages: ParsedMessage[] = [];
  let waiters: Waiter[] = [];
  let rejecting: { responseCode: number } | undefined;
  let server: SMTPServer | undefined;

  const settleWaiters = (): void => {
    const ready = waiters.filter((waiter) => messages.length >= waiter.n);
    waiters = waiters.filter((waiter) => messages.length < waiter.n);
    for (const waiter of ready) waiter.resolve([...messages]);
  };

  const smtpError = (message: string, responseCode: number): Error =>
    Object.assign(new Error(message), { responseCode });

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, done: (err?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error: Error) => done(error));
    stream.on('end', () => {
      parseMessage(Buffer.concat(chunks)).then(
        (parsed) => {
          const rcptTo = session.envelope.rcptTo.map((address) => address.address);
          const mailFrom = session.envelope.mailFrom;
          messages.push({
            ...parsed,
            envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo },
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          settleWaiters();
          done();
        },
        (error: unknown) => done(smtpError(`unparseable message: ${String(error)}`, 554)),
      );
    });
  };

  const listen = async (port: number): Promise<number> => {
    const instance = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Stopping should be quick: tests stop it to play a mail server that went down.
      closeTimeout: 50,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onRcptTo: (_address, _session, callback) => {
        if (rejecting) return callback(smtpError('Recipient refused by test server', rejecting.responseCode));
        callback();
      },
      onData,
    });
    instance.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => {
        instance.server.off('error', reject);
        resolve();
      });
    });
    server = instance;
    return (instance.server.address() as AddressInfo).port;
  };

  const port = await listen(options.port ?? 0);

  return {
    port,
    url: `smtp://test:test@127.0.0.1:${port}`,
    messages,
    waitFor(n: number, timeoutMs = 5_000): Promise<ParsedMessage[]> {
      if (messages.length >= n) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          n,
          resolve: (received) => {
            clearTimeout(timer);
            resolve(received);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((candidate) => candidate !== waiter);
          reject(new Error(`expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    rejectAll(flag: boolean, responseCode = 550): void {
      rejecting = flag ? { responseCode } : undefined;
    },
    async stop(): Promise<void> {
      const running = server;
      server = undefined;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    async restart(): Promise<void> {
      if (server) return;
      await listen(port);
    },
  };
}
