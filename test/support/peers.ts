import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Real peers on loopback, started by the test: an SMTP server that keeps every message it accepts
 * (and refuses recipients on a list), and an HTTP receiver for webhooks.
 */
export interface SmtpPeer {
  port: number; messages: ParsedMail[]; refuse: Set<string>;
  /** Answer the next n recipients with a 451 (try again later), as a busy relay does. */
  busy: { next: number };
  /**
   * Holds the next message, received in full, before answering it: `arrived` resolves then, and
   * after `release()` it is accepted (250) only if the client is still connected. A client that
   * went away before the answer has not delivered it, as with any SMTP server.
   */
  holdNext(): { arrived: Promise<string>; release(): void };
  /** Resolves once the server has seen that session's connection close. */
  sessionClosed(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const messages: ParsedMail[] = [];
  const refuse = new Set<string>();
  const busy = { next: 0 };
  const closed = new Set<string>();
  const onClosed = new Map<string, () => void>();
  let gate: { arrived: (sessionId: string) => void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, the worker runs with SMTP_REQUIRE_TLS=false.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, cb) {
      if (busy.next > 0) {
        busy.next--;
        const err = new Error('4.3.2 Try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return cb(err);
      }
      if (refuse.has(address.address.toLowerCase())) {
        const err = new Error('5.1.1 Recipient address rejected: user unknown') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(async (m) => {
        const held = gate;
        gate = null;
        if (held) {
          held.arrived(session.id);
          await held.released;
        }
        if (closed.has(session.id)) return;
        messages.push(m);
        cb();
      }, (e: Error) => cb(e));
    },
    onClose(session) {
      closed.add(session.id);
      onClosed.get(session.id)?.();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const holdNext = () => {
    let arrived!: (sessionId: string) => void;
    let release!: () => void;
    const a = new Promise<string>((r) => { arrived = r; });
    const released = new Promise<void>((r) => { release = r; });
    gate = { arrived, released };
    return { arrived: a, release };
  };
  const sessionClosed = (sessionId: string) => (closed.has(sessionId) ? Promise.resolve() : new Promise<void>((r) => onClosed.set(sessionId, r)));
  return { port, messages, refuse, busy, holdNext, sessionClosed, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface WebhookCall { headers: IncomingMessage['headers']; body: string; status: number }
export interface WebhookPeer { url: string; calls: WebhookCall[]; answer: (call: Omit<WebhookCall, 'status'>, n: number) => number; close(): Promise<void> }

export async function startWebhookPeer(): Promise<WebhookPeer> {
  const peer: Partial<WebhookPeer> & { calls: WebhookCall[] } = { calls: [], answer: () => 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const status = (peer.answer as WebhookPeer['answer'])(call, peer.calls.length + 1);
      peer.calls.push({ ...call, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ehc/advice`;
  peer.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return peer as WebhookPeer;
}
