// A lean HTTP/1.1 keep-alive client over one TCP socket, for the load generators (bench/submit,
// bench/survey): it writes a request's bytes and reads back the status, the head and a
// Content-Length body, nothing else. node:http's client spent about as much CPU per request as a
// minimal Fastify route does to serve it, and on a two-vCPU machine that CPU is taken from the app
// and from PostgreSQL. pgbench's client is lean C; this keeps the comparison about the server.
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** The status line and headers as received (latin1), for the few a caller reads (Location, Set-Cookie). */
  head: string;
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export class RawClient {
  #socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { resolve(r: RawResponse): void; reject(err: Error): void } | null = null;
  #ready: Promise<void>;

  constructor(port: number) {
    this.#socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.#ready = new Promise((resolve, reject) => {
      this.#socket.once('connect', () => resolve());
      this.#socket.once('error', reject);
    });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#parse();
    });
    const fail = (err: Error) => {
      const w = this.#waiting;
      this.#waiting = null;
      w?.reject(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'ECLOSED' }));
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  /** One request at a time per client, as a keep-alive HTTP/1.1 client does without pipelining. */
  post(path: string, headers: string, body: string): Promise<RawResponse> {
    return this.request('POST', path, headers, body);
  }

  get(path: string, headers = ''): Promise<RawResponse> {
    return this.request('GET', path, headers, null);
  }

  /** `headers`: whole header lines, each ending in CRLF. */
  async request(method: string, path: string, headers: string, body: string | null): Promise<RawResponse> {
    await this.#ready;
    if (this.#waiting) throw new Error('one request at a time');
    const length = body === null ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}${length}\r\n${body ?? ''}`);
    });
  }

  #parse(): void {
    const end = this.#buffer.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.#buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!m) {
      this.#waiting?.reject(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
      this.#waiting = null;
      this.#socket.destroy();
      return;
    }
    const total = end + 4 + Number(m[1]);
    if (this.#buffer.length < total) return;
    const body = this.#buffer.subarray(end + 4, total).toString('utf8');
    this.#buffer = this.#buffer.subarray(total);
    const w = this.#waiting;
    this.#waiting = null;
    w?.resolve({ status, head, body });
  }

  close(): void {
    this.#socket.destroy();
  }
}
