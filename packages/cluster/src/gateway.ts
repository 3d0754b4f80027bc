/**
 * `margin gateway`: the HTTP/WebSocket API over the cluster. Commands are parsed with the host's
 * own parser (the same field paths and rules as `margin serve`; a bad one is a 400 problem+json and
 * nothing of the request is published), role-checked with the server's rules, published to
 * JetStream and answered after the owning partition committed (a shared input: after every
 * partition did). Account reads go to the owning partition's worker; health lists every
 * partition's lag; committed events of every partition fan out to WebSocket subscribers through
 * the server's stream hub. The risk board's population views, the market views and the dashboard
 * are served as `margin serve` serves them (gateway-board.ts, gateway-history.ts, ADR 0034).
 * API keys live in the gateway's own journal (the server's key store), as in `margin serve`.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import { InputError, decodeJson, decodeUtf8, formatPath } from '@margin/core';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import { parseSubmitted, type SubmittedCommand } from '@margin/host';
import { DEFAULT_WEB_ROOT, RATE_LIMITS_DEFAULT, StreamHub, type RateLimits, marketRoutes, registerSecurityHeaders, registerSite, riskRoutes } from '@margin/server';
import type { RiskJson } from '@margin/engine';
import type { EngineEvent } from '@margin/wire';
import { ApiKeyStore, HttpProblem, PROBLEM_CONTENT_TYPE, accountNotFound, assetNotFound, assertCanReadAccount, canSubmitCommand, commandsOfBody, fieldProblem, presentedKey, problemBody, type Principal, type ProblemKind } from '@margin/server';
import type { Journal } from '@margin/store';
import type { Subscription } from '@nats-io/transport-node';
import { ClusterClient } from './cluster-client.js';
import { registerGatewayAccountViews } from './gateway-account-views.js';
import { ClusterBoard } from './gateway-board.js';
import { registerGatewayDeskViews } from './gateway-desk-views.js';
import { ClusterHistory } from './gateway-history.js';
import { registerGatewayKeys } from './gateway-keys.js';
import { registerGatewayViews } from './gateway-views.js';
import { partitionOf } from './partition-map.js';

export interface GatewayOptions {
  readonly natsUrl: string;
  readonly partitions: number;
  /** Journal holding the API keys (the server's key store). */
  readonly keysJournal: Journal;
  readonly bodyLimitBytes?: number;
  readonly timeoutMs?: number;
  /** Pause between risk board passes (default 1500 ms, as `margin serve`). */
  readonly boardIntervalMs?: number;
  /** Built dashboard; null serves no dashboard. Default: packages/web/build, as `margin serve`. */
  readonly webRoot?: string | null;
  /** Requests (and stream messages) per minute per key by role, per IP without a key: `margin serve`'s defaults. */
  readonly rateLimits?: Partial<RateLimits>;
}

export interface MarginGateway {
  readonly app: FastifyInstance;
  readonly client: ClusterClient;
  readonly keys: ApiKeyStore;
  /** The risk board merged over the partitions (gateway-board.ts). */
  readonly board: ClusterBoard;
  /** Marks, funding and the event feed of the partitions (gateway-history.ts). */
  readonly history: ClusterHistory;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const decoder = new TextDecoder();

function principalOf(keys: ApiKeyStore, headers: Record<string, string | string[] | undefined>): Principal | null {
  const key = presentedKey({ headers } as never);
  return key === null ? null : keys.verify(key);
}

function requireRole(principal: Principal | null, presented: boolean, ...roles: string[]): Principal {
  if (principal === null) throw new HttpProblem(401, 'unauthenticated', presented ? 'the API key is not valid' : 'send an API key as "Authorization: Bearer <key>"');
  if (roles.length > 0 && !roles.includes(principal.role)) throw new HttpProblem(403, 'forbidden', `this endpoint needs a key with role ${roles.map((r) => `"${r}"`).join(' or ')}; the key has role "${principal.role}"`);
  return principal;
}

export async function createGateway(options: GatewayOptions): Promise<MarginGateway> {
  const keys = await ApiKeyStore.open(options.keysJournal);
  const client = await ClusterClient.connect(options.natsUrl, options.partitions, options.timeoutMs);
  const startedAtMs = Date.now();
  const board = new ClusterBoard(client, options.boardIntervalMs);
  const history = new ClusterHistory();
  await history.warm(client);
  const app = Fastify({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024, routerOptions: { maxParamLength: ACCOUNT_ID_LENGTH_MAX * 9 } });
  // As `margin serve`: the routes validate with the engine's parsers; route schemas document only.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeJson(decodeUtf8(body as Buffer, 'body'), 'body'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error: FastifyError | HttpProblem | InputError, request, reply) => {
    const instance = request.url.split('?')[0];
    let status: number;
    let kind: ProblemKind;
    let detail: string;
    let errors: { path: string; rule: string }[] | undefined;
    if (error instanceof HttpProblem) {
      status = error.status;
      kind = error.kind;
      detail = error.message;
      errors = error.errors;
    } else if (error instanceof InputError) {
      status = 400;
      kind = 'invalid-request';
      const path = formatPath(error.path[0] === 'body' || error.path[0] === 'params' ? error.path : ['body', ...error.path]);
      detail = `${path}: ${error.rule}`;
      errors = [{ path, rule: error.rule }];
    } else if ((error as FastifyError).statusCode === 413) {
      status = 413;
      kind = 'payload-too-large';
      detail = `the request body exceeds ${app.initialConfig.bodyLimit} bytes`;
    } else if ((error as FastifyError).statusCode === 415) {
      status = 415;
      kind = 'unsupported-media-type';
      detail = 'send JSON with "Content-Type: application/json"';
    } else if ((error as FastifyError).statusCode !== undefined && (error as FastifyError).statusCode! >= 400 && (error as FastifyError).statusCode! < 500) {
      // Fastify's own 4xx (a route schema's validation): the status and message as margin serve sends them.
      status = (error as FastifyError).statusCode as number;
      kind = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : 'invalid-request';
      detail = error.message;
    } else {
      // NATS down or a partition not answering: the command may still commit; retry with the same id.
      status = 503;
      kind = 'unavailable';
      detail = `the cluster did not answer: ${(error as Error).message}; retry with the same command id (it is applied at most once)`;
    }
    reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problemBody(status, kind, detail, instance, errors));
  });
  app.setNotFoundHandler((request, reply) => {
    const instance = request.url.split('?')[0];
    reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problemBody(404, 'not-found', `no route ${request.method} ${instance}`, instance));
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // The calling key on every request, as `margin serve` sets it (the server's key routes read it).
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = principalOf(keys, request.headers);
  });
  // Rate limits as `margin serve` sets them: per key (per IP without one), on /v1/ only.
  const limits: RateLimits = { ...RATE_LIMITS_DEFAULT, ...options.rateLimits };
  const perMinute = (principal: Principal | null): number => (principal === null ? limits.anonymous : (principal.rateLimitPerMinute ?? limits[principal.role]));
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (request) => perMinute(request.principal),
    keyGenerator: (request) => (request.principal !== null ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
    allowList: (request) => !request.url.startsWith('/v1/'),
    errorResponseBuilder: (_request, context) => new HttpProblem(429, 'rate-limited', `rate limit of ${context.max} requests per ${context.after} reached for this key; retry after ${context.after}`),
  });
  registerSecurityHeaders(app);
  registerGatewayKeys(app, keys);
  registerGatewayViews(app, client);
  // The server's own risk and market routes over the merged board, the history and partition 0's catalogue.
  await riskRoutes(app, {
    board,
    history: history.history,
    host: { get profile() { return board.profile; }, get lastSeq() { return board.lastSeq; } },
    startedAtMs,
    demo: false,
  });
  await marketRoutes(app, { history: history.history, catalog: board.catalog, host: { get profile() { return board.profile; } } });
  registerGatewayDeskViews(app, client, board, history.history, startedAtMs);
  registerGatewayAccountViews(app, client, board);

  app.get('/v1/health', async () => {
    const partitions = [];
    for (let p = 0; p < options.partitions; p++) {
      const health = await client.health(p).catch((error: Error) => ({ partition: p, down: error.message }));
      partitions.push(health);
    }
    const up = partitions.every((health) => !('down' in health));
    // `lastSeq`: the sum of the partitions' journal seqs (grows with every commit anywhere; the dashboard shows it).
    const lastSeq = partitions.reduce((sum, health) => sum + ('lastSeq' in health ? health.lastSeq : 0), 0);
    return { status: up ? 'ok' : 'degraded', lastSeq, partitions };
  });

  app.post('/v1/commands', async (request, reply) => {
    const principal = requireRole(principalOf(keys, request.headers), presentedKey(request) !== null, 'admin', 'venue');
    const body = request.body as unknown;
    const { commands, basePath, indexed } = commandsOfBody(body);
    commands.forEach((command, index) => {
      const type = command !== null && typeof command === 'object' ? (command as Record<string, unknown>)['type'] : undefined;
      // Transfer legs are the risk partition's (fund-float.ts): a lone leg would strand money in flight.
      if (type === 'insuranceTransfer' && principal.role !== 'admin') {
        throw new HttpProblem(403, 'forbidden', `${formatPath(indexed ? [...basePath, index, 'type'] : [...basePath, 'type'])}: "insuranceTransfer" legs are sent by the cluster's fund coordinator (an admin key); a key with role "${principal.role}" may not submit them`);
      }
      if (!canSubmitCommand(principal, type)) {
        throw new HttpProblem(403, 'forbidden', `${formatPath(indexed ? [...basePath, index, 'type'] : [...basePath, 'type'])}: a key with role "${principal.role}" may not submit "${String(type)}" commands`);
      }
    });
    // Every command is checked before any is published: a bad one means nothing of the request applies.
    const submitted: SubmittedCommand[] = parseSubmitted(commands, basePath, indexed);
    const results: string[] = [];
    let lastSeq = 0;
    // In order, each after the previous one's commit: the request's commands keep their order across partitions.
    for (const command of submitted) {
      const answer = await client.submit(command);
      results.push(`${answer.outcomeText.slice(0, -1)},"partition":${answer.partition}}`);
      lastSeq = Math.max(lastSeq, Number(/"seq":(\d+)/.exec(answer.outcomeText)?.[1] ?? 0));
    }
    return reply.type('application/json').send(`{"lastSeq":${lastSeq},"results":[${results.join(',')}]}`);
  });

  app.get<{ Params: { account: string }; Querystring: { asset?: string } }>('/v1/accounts/:account/risk', async (request) => {
    const principal = requireRole(principalOf(keys, request.headers), presentedKey(request) !== null);
    const account = request.params.account;
    if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
    assertCanReadAccount(principal, account);
    const asset = typeof request.query.asset === 'string' ? request.query.asset : undefined;
    const answer = (await client.read(partitionOf(account, options.partitions), { op: 'risk', account, ...(asset === undefined ? {} : { asset }) })) as { found: boolean; asset?: boolean; risk?: unknown };
    if (!answer.found) throw accountNotFound(account);
    if (answer.asset === false) throw assetNotFound(asset as string);
    return answer.risk;
  });

  // The server's stream hub: `marks`, `funding`, `events` and `account` channels over the
  // partitions' committed events (gateway-history.ts picks each partition's share), account risk
  // read from the owning partition.
  const hub = new StreamHub(async (accounts) => {
    const reads = [];
    for (const account of accounts) {
      const answer = (await client.read(partitionOf(account, options.partitions), { op: 'risk', account })) as { found: boolean; seq?: number; risk?: RiskJson };
      reads.push({ seq: answer.seq ?? 0, risk: answer.found ? (answer.risk ?? null) : null });
    }
    return reads;
  }, (key) => keys.verify(key), { isKeyLive: (keyId) => keys.has(keyId), messagesPerMinute: perMinute });
  keys.onRevoke((keyId) => hub.closeKey(keyId));
  const eventSubs: Subscription[] = [];
  for (let p = 0; p < options.partitions; p++) {
    eventSubs.push(client.nc.subscribe(`margin.events.p.${p}`, { callback: (error, msg) => {
      if (error !== null) return;
      const committedAtMs = Date.now();
      const raw = JSON.parse(decoder.decode(msg.data)) as EngineEvent[];
      const events = history.onEvents(p, raw, committedAtMs);
      board.markDirty();
      if (events.length > 0) hub.onBatch({ events, eventTexts: events.map((event) => JSON.stringify(event)), lastSeq: events.reduce((seq, event) => Math.max(seq, event.seq), 0), committedAtMs });
      // Shared inputs count once (partition 0's) in the batch above; a market-wide event (one
      // without an account) makes each partition's own subscribed holders due once it committed it.
      if (p !== 0 && raw.some((event) => typeof event['account'] !== 'string')) hub.markAccountsDue((account) => partitionOf(account, options.partitions) === p);
    } }));
  }
  app.get('/v1/stream', { websocket: true }, (socket, request) => {
    hub.attach(socket, request.principal, request.ip);
  });

  await registerSite(app, options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot, null);
  board.start();

  return {
    app,
    client,
    keys,
    board,
    history,
    async listen(port: number, host: string): Promise<string> {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = address !== null && typeof address === 'object' ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    },
    async close(): Promise<void> {
      board.stop();
      hub.close();
      for (const sub of eventSubs) sub.unsubscribe();
      await app.close();
      await client.close();
      await options.keysJournal.close();
    },
  };
}
