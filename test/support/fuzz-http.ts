/**
 * Sends one fuzzed GraphQL request over real HTTP and reads the answer as a client would: a JSON body,
 * or, for a subscription (`Accept: text/event-stream`), the SSE stream up to its first message (or its
 * end, or a short wait when a valid subscription has nothing to say yet), after which the request is
 * aborted. Nothing is judged here: the answer keeps the raw text and the parsed payloads, and lists
 * what could not be parsed, for the oracles (fuzz-oracles.ts).
 */
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import type { GraphQLRequestBody } from './fuzz-documents.ts';

export interface GraphQLPayload {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message?: unknown; readonly extensions?: Record<string, unknown> }[];
}

export interface FuzzAnswer {
  readonly status: number;
  readonly contentType: string;
  /** The body as read (for SSE: up to the first message). */
  readonly text: string;
  /** The JSON body, or each SSE `data:` message. */
  readonly payloads: readonly GraphQLPayload[];
  /** What could not be read: a body that is not JSON, a broken SSE message, a dropped connection. */
  readonly unreadable: readonly string[];
  /** SSE only: the wait ended before any message came (a valid subscription with nothing to send yet). */
  readonly waiting: boolean;
}

export interface SendOptions {
  /** The `authorization` header; left out when undefined. */
  readonly authorization?: string;
  readonly sse?: boolean;
  /** How long to wait for a subscription's first message (default 150 ms). */
  readonly sseWaitMs?: number;
  /**
   * The loopback address to send from (127.0.0.1 by default). The server limits failed PIN attempts
   * per client address, so each fuzzed field gets an address of its own: the limit is reached (and
   * fuzzed) within a field without starving the fields after it.
   */
  readonly localAddress?: string;
}

export async function sendGraphQL(url: string, body: GraphQLRequestBody, options: SendOptions = {}): Promise<FuzzAnswer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: options.sse ? 'text/event-stream' : 'application/graphql-response+json, application/json',
  };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  let response: IncomingMessage;
  let clientRequest: ClientRequest;
  try {
    ({ response, clientRequest } = await post(url, JSON.stringify(body), headers, options.localAddress));
  } catch (error) {
    return { status: 0, contentType: '', text: '', payloads: [], unreadable: [`the request failed: ${String(error)}`], waiting: false };
  }
  const status = response.statusCode ?? 0;
  const contentType = response.headers['content-type'] ?? '';
  if (!contentType.includes('text/event-stream')) {
    const text = await readAll(response).catch((error: unknown) => `(the connection dropped while reading the body: ${String(error)})`);
    return { status, contentType, text, ...jsonPayloads(text), waiting: false };
  }
  const { text, waiting } = await readFirstSseMessage(response, options.sseWaitMs ?? 150);
  clientRequest.destroy();
  return { status, contentType, text, ...ssePayloads(text), waiting };
}

function post(url: string, body: string, headers: Record<string, string>, localAddress: string | undefined): Promise<{ response: IncomingMessage; clientRequest: ClientRequest }> {
  return new Promise((resolve, reject) => {
    const clientRequest = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, localAddress, agent: false });
    clientRequest.once('response', (response) => {
      clientRequest.on('error', () => undefined);
      resolve({ response, clientRequest });
    });
    clientRequest.once('error', reject);
    clientRequest.end(body);
  });
}

async function readAll(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether requests can be sent from `address` (every 127.x.y.z is local on Linux; other systems
 * configure 127.0.0.1 only, and sending from another address fails).
 */
export async function canSendFrom(url: string, address: string): Promise<boolean> {
  const answer = await sendGraphQL(url, { query: '{ __typename }' }, { localAddress: address });
  return answer.status !== 0;
}

function jsonPayloads(text: string): { payloads: GraphQLPayload[]; unreadable: string[] } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { payloads: [], unreadable: ['the JSON body is not an object'] };
    return { payloads: [parsed as GraphQLPayload], unreadable: [] };
  } catch {
    return { payloads: [], unreadable: [`the body is not JSON: ${text.slice(0, 200)}`] };
  }
}

/** Blocks of an SSE stream, each `event:`/`data:` lines ended by a blank line. */
function sseBlocks(text: string): string[] {
  return text.replaceAll('\r\n', '\n').split('\n\n').slice(0, -1);
}

function ssePayloads(text: string): { payloads: GraphQLPayload[]; unreadable: string[] } {
  const payloads: GraphQLPayload[] = [];
  const unreadable: string[] = [];
  for (const block of sseBlocks(text)) {
    const lines = block.split('\n');
    const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
    const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
    if (data === '' || event === 'complete') continue;
    const { payloads: parsed, unreadable: problems } = jsonPayloads(data);
    payloads.push(...parsed);
    unreadable.push(...problems.map((problem) => `SSE message: ${problem}`));
    for (const line of lines) {
      if (line !== '' && !/^(data|event|id|retry):|^:/.test(line)) unreadable.push(`SSE line that is not a field: ${line.slice(0, 200)}`);
    }
  }
  return { payloads, unreadable };
}

const hasMessage = (text: string): boolean => sseBlocks(text).some((block) => /^data:\s*\S/m.test(block) || /^event:\s*complete/m.test(block));

/** Reads until the first complete message (or the stream's end, or `waitMs`). */
function readFirstSseMessage(response: IncomingMessage, waitMs: number): Promise<{ text: string; waiting: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const finish = (waiting: boolean): void => {
      clearTimeout(timer);
      response.removeAllListeners('data');
      resolve({ text, waiting });
    };
    const timer = setTimeout(() => finish(true), waitMs);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
      if (hasMessage(text)) finish(false);
    });
    response.once('end', () => finish(false));
    response.once('error', () => finish(false));
  });
}
