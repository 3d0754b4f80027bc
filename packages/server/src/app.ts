/**
 * `createServer`: the fastify app over an engine host. Order matters: the caller's key is resolved
 * first (so rate limits are per key), then limits, then routes. Every error leaves as RFC 9457
 * problem+json; request bodies are decoded by core's JSON decoder and validated by the engine's
 * and core's parsers, so a 400 names the field path and the rule.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { InputError, decodeJson, decodeUtf8, formatPath } from '@margin/core';
import { ACCOUNT_ID_LENGTH_MAX, contractComponents } from '@margin/wire';
import { DurableHost, HostError, type HostOptions } from '@margin/host';
import type { Journal } from '@margin/store';
import { ApiKeyStore, keyIdOf, type Role } from './auth/api-keys.js';
import { presentedKey } from './auth/authorize.js';
import type { ServerContext } from './context.js';
import { CommandGateway } from './command-gateway.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemBody, type ProblemKind } from './problem.js';
import { accountRoutes } from './routes/accounts.js';
import { accountCollateralRoutes } from './routes/account-collateral.js';
import { commandRoutes } from './routes/commands.js';
import { keyRoutes } from './routes/keys.js';
import { marketRoutes } from './routes/market.js';
import { riskRoutes } from './routes/risk.js';
import { stressRoutes } from './routes/stress.js';
import { compareRoutes } from './routes/compare.js';
import { deskRoutes } from './routes/desk.js';
import { AlertFeed } from './ws/alert-feed.js';
import { AlertWebhook } from './ws/alert-webhook.js';
import { errorResponses, healthResponse } from './routes/schemas.js';
import { registerSecurityHeaders, SECURITY_HEADERS } from './security-headers.js';
import { registerSite, DEFAULT_WEB_ROOT } from './site.js';
import { HostGuard } from './host-guard.js';
import { History } from './views/history.js';
import { openJournalAccountHistory } from './views/journal-account-history.js';
import { DemoMarketControl } from './demo-market.js';
import { demoMarketRoutes } from './routes/demo-market.js';
import { RiskBoard } from './views/risk-board.js';
import { StreamHub } from './ws/stream-hub.js';

export const VERSION = '0.1.0';
export const BODY_LIMIT_BYTES_DEFAULT = 1024 * 1024;

/** Requests per minute per key by role, and per IP without a key. */
export interface RateLimits {
  readonly admin: number;
  readonly venue: number;
  readonly account: number;
  readonly anonymous: number;
}

export const RATE_LIMITS_DEFAULT: RateLimits = { admin: 60_000, venue: 60_000, account: 1_200, anonymous: 300 };

export interface StreamLimits {
  /** Open sockets per key (default 32, `--ws-sockets-per-key`). */
  readonly socketsPerKey?: number;
  /** Unsent bytes one socket may hold before it is closed (default 8 MiB, `--ws-buffer-bytes`). */
  readonly bufferedBytesPerSocket?: number;
  /** Unsent bytes of all sockets together; over it the slowest is closed (default 256 MiB, `--ws-buffer-total-bytes`). */
  readonly bufferedBytesTotal?: number;
}

export interface ServerOptions {
  readonly journal: Journal;
  readonly engine?: HostOptions;
  readonly demo?: boolean;
  /** Built dashboard; null serves no dashboard. Default: packages/web/build. */
  readonly webRoot?: string | null;
  readonly bodyLimitBytes?: number;
  readonly rateLimits?: Partial<RateLimits>;
  readonly boardIntervalMs?: number;
  /** Engine time between two history points of every account in the journal history (default one minute; ADR 0027). */
  readonly historyGridMs?: number;
  readonly accountThrottleMs?: number;
  readonly logger?: boolean;
  /** WebSocket limits (docs/api.md, "Stream limits"); messages are rate-limited with `rateLimits`. */
  readonly streamLimits?: StreamLimits;
  /** Extra Host names a loopback server answers (`--allowed-host`; host-guard.ts). */
  readonly allowedHosts?: readonly string[];
  /** Alerts: fund drawdown threshold as a fraction (default "0.1") and an optional webhook URL (alert-feed.ts, alert-webhook.ts). */
  readonly alerts?: { readonly fundDrawdown?: string; readonly webhookUrl?: string };
}

export interface MarginServer {
  readonly app: FastifyInstance;
  readonly ctx: ServerContext;
  readonly hub: StreamHub;
  /** The alert webhook (`alerts.webhookUrl`), null without one. */
  readonly alertWebhook: AlertWebhook | null;
  /** Demo mode: the admin key minted at start (label "demo", replacing the previous one), also given to the page. */
  readonly demoKey: string | null;
  /** Whether the demo page may carry the demo key: only on a loopback address (known after listen). */
  readonly keyInPage: boolean;
  /** Listens and returns the base URL (`http://127.0.0.1:8080`). */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, commits what is pending, snapshots, closes the journal. */
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<MarginServer> {
  const hostGuard = new HostGuard(options.allowedHosts ?? []);
  const host = await DurableHost.open(options.journal, options.engine ?? {});
  const keys = await ApiKeyStore.open(options.journal);
  const catalog = host.catalog;
  let demoKey: string | null = null;
  if (options.demo === true) {
    await keys.revokeLabel('demo');
    demoKey = (await keys.create({ role: 'admin', label: 'demo' })).key;
  }
  const history = new History();
  await history.warm(options.journal, host.lastSeq);
  const board = new RiskBoard(host, options.boardIntervalMs);
  const journalHistory = await openJournalAccountHistory(options.journal, options.historyGridMs);
  const ctx: ServerContext = {
    host,
    gateway: new CommandGateway(host),
    keys,
    history,
    board,
    journalHistory,
    catalog,
    startedAtMs: Date.now(),
    demo: options.demo === true,
    demoMarket: new DemoMarketControl(),
  };
  const limits: RateLimits = { ...RATE_LIMITS_DEFAULT, ...options.rateLimits };
  const stream = options.streamLimits ?? {};
  const hub = new StreamHub(host, (key) => keys.verify(key), {
    ...(options.accountThrottleMs === undefined ? {} : { accountThrottleMs: options.accountThrottleMs }),
    isKeyLive: (keyId) => keys.has(keyId),
    // The HTTP limits, per key (per IP before auth), counted apart from requests.
    messagesPerMinute: (principal) => (principal === null ? limits.anonymous : (principal.rateLimitPerMinute ?? limits[principal.role])),
    ...(stream.socketsPerKey === undefined ? {} : { maxSocketsPerKey: stream.socketsPerKey }),
    ...(stream.bufferedBytesPerSocket === undefined ? {} : { maxBufferedBytes: stream.bufferedBytesPerSocket }),
    ...(stream.bufferedBytesTotal === undefined ? {} : { maxTotalBufferedBytes: stream.bufferedBytesTotal }),
  });
  // A durable revocation closes the key's sockets before the DELETE is answered.
  keys.onRevoke((keyId) => hub.closeKey(keyId));
  host.subscribe(history.onBatch);
  host.subscribe(board.markDirty);
  // Rebuilt from the journal in the background from the first request for it (a server nobody asks
  // pays nothing), then follows each commit (read back from the journal).
  host.subscribe(() => {
    if (journalHistory.started) void journalHistory.catchUp();
  });
  host.subscribe(hub.onBatch);
  const alertFeed = new AlertFeed(options.alerts?.fundDrawdown);
  for (const [asset, byFund] of history.funds) for (const [fund, ring] of byFund) alertFeed.seed(ring.toArray().map((p) => ({ asset, fund, balance: p.balance })));
  const webhook = options.alerts?.webhookUrl === undefined ? null : new AlertWebhook(options.alerts.webhookUrl);
  host.subscribe((batch) => {
    const alerts = alertFeed.alertsOf(batch);
    hub.publishAlerts(batch.lastSeq, alerts);
    webhook?.post(batch.lastSeq, alerts);
  });

  const app = Fastify({
    logger: options.logger === true,
    bodyLimit: options.bodyLimitBytes ?? BODY_LIMIT_BYTES_DEFAULT,
    // Route params arrive percent-encoded: up to 9 characters per UTF-16 code unit (3 UTF-8
    // bytes as %XX), so every account id the wire contract accepts can be routed; the routes
    // check the decoded length (ACCOUNT_ID_LENGTH_MAX).
    maxParamLength: ACCOUNT_ID_LENGTH_MAX * 9,
    // The server validates with the engine's own parsers; route schemas document only.
    ajv: { customOptions: { strict: false } },
    // Errors raised before routing (a bad percent-escape, an over-long param) answer problem+json
    // with the security headers like every other error, not fastify's default body.
    frameworkErrors: (error, request, reply) => {
      const instance = request.url.split('?')[0];
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const detail = error.code === 'FST_ERR_BAD_URL' ? 'the URL path holds an invalid percent-escape (each % needs two hex digits forming UTF-8)' : tooLong ? 'a URL path segment is too long' : error.message;
      (reply as FastifyReply).headers(SECURITY_HEADERS).code(status).type(PROBLEM_CONTENT_TYPE).send(problemBody(status, 'invalid-request', detail, instance));
    },
  });
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeAllContentTypeParsers();
  // Bytes in, so invalid UTF-8 is refused rather than read as U+FFFD, and a charset other than
  // UTF-8 is refused rather than read as UTF-8; decodeJson refuses a key twice in one object.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        throw new HttpProblem(415, 'unsupported-media-type', `charset "${charset}" is not supported: send UTF-8 JSON (charset=utf-8 or none)`);
      }
      done(null, decodeJson(decodeUtf8(body as Buffer, 'body'), 'body'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  registerSecurityHeaders(app);
  // Before the key lookup: a rebound name gets nothing, not even a 401 (WebSocket upgrades too).
  app.addHook('onRequest', async (request) => {
    const refusal = hostGuard.refusal(request.headers.host);
    if (refusal !== null) throw new HttpProblem(421, 'misdirected-request', refusal);
  });
  // An upgrade refused before @fastify/websocket's own onRequest hook ran (Host guard, rate limit)
  // got an HTTP answer on the raw socket; the plugin destroys only the sockets it marked, so end
  // this one, or it stays open and `close()` waits on it forever.
  app.addHook('onResponse', async (request) => {
    if (request.raw.headers.upgrade !== undefined && (request as { ws?: boolean }).ws !== true) request.raw.socket?.destroy();
  });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const key = presentedKey(request);
    request.principal = key === null ? null : keys.verify(key);
  });

  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (request) => {
      const principal = request.principal;
      if (principal === null) return limits.anonymous;
      return principal.rateLimitPerMinute ?? limits[principal.role as Role];
    },
    keyGenerator: (request) => (request.principal !== null ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
    allowList: (request) => !request.url.startsWith('/v1/'),
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(429, 'rate-limited', `rate limit of ${context.max} requests per ${context.after} reached for this key; retry after ${context.after}`),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'margin engine API',
        version: VERSION,
        description:
          'Accounts, risk (the `margin risk --json` shape), what-if, commands, funding, events. Every number is a decimal string; errors are RFC 9457 problem+json naming the field and the rule. Auth: `Authorization: Bearer <key>`; roles admin, venue, account.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key `mk_<id>_<secret>`' } },
        // Every command, every event (and the Command and EngineEvent unions), Problem, RiskJson.
        schemas: contractComponents(),
      },
      tags: [
        { name: 'accounts' },
        { name: 'risk' },
        { name: 'commands' },
        { name: 'market' },
        { name: 'events' },
        { name: 'parameters' },
        { name: 'keys' },
        { name: 'service' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.setErrorHandler((error: FastifyError | HttpProblem | InputError | HostError, request, reply) => {
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
    } else if (error instanceof HostError) {
      // The journal or the engine failed: the state may be ahead of the journal; say so plainly.
      status = 503;
      kind = 'unavailable';
      detail = `the engine stopped accepting commands: ${error.message}; restart the server to recover from the journal`;
    } else if (error instanceof InputError) {
      status = 400;
      kind = 'invalid-request';
      const path = formatPath(error.path[0] === 'body' || error.path[0] === 'query' || error.path[0] === 'params' ? error.path : ['body', ...error.path]);
      detail = `${path}: ${error.rule}`;
      errors = [{ path, rule: error.rule }];
    } else {
      const code = (error as FastifyError).code;
      status = (error as FastifyError).statusCode ?? 500;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
        status = 413;
        kind = 'payload-too-large';
        detail = `the request body exceeds ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes`;
      } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
        status = 415;
        kind = 'unsupported-media-type';
        detail = 'send JSON with "Content-Type: application/json"';
      } else if (status === 429) {
        kind = 'rate-limited';
        detail = error.message;
      } else if (status >= 400 && status < 500) {
        kind = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : 'invalid-request';
        detail = error.message;
      } else {
        status = 500;
        kind = 'internal';
        detail = 'internal error; the server log has the details';
        request.log.error(error);
        if (options.logger !== true) process.stderr.write(`error: ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}\n`);
      }
    }
    if (error instanceof HttpProblem) for (const [k, v] of Object.entries(error.extensions)) reply.header(`x-problem-${k}`, String(v));
    reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problemBody(status, kind, detail, instance, errors));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problemBody(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`, request.url.split('?')[0]));
  });

  app.get('/v1/health', {
    schema: { tags: ['service'], summary: 'Liveness, no key needed', response: { 200: healthResponse, ...errorResponses } },
  }, async () => {
    // After a failed commit the service is not healthy, whatever it can still read: say why.
    const failed = host.failed;
    if (failed !== null) {
      throw new HttpProblem(503, 'unavailable', `the journal failed, no command is taken until a restart: ${failed.message}; reads serve the committed state up to seq ${host.lastSeq}`);
    }
    return { status: 'ok', version: VERSION, profile: host.profile, lastSeq: host.lastSeq, journal: options.journal.kind };
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/v1/stream', { websocket: true, schema: { tags: ['service'], summary: 'WebSocket streams: account, marks, funding, events (see docs/api.md)', response: { ...errorResponses } } }, (socket, request) => {
    hub.attach(socket, request.principal, request.ip);
  });

  await accountRoutes(app, ctx);
  await accountCollateralRoutes(app, ctx);
  await riskRoutes(app, ctx);
  await stressRoutes(app, ctx);
  await compareRoutes(app, ctx);
  await deskRoutes(app, ctx);
  await demoMarketRoutes(app, ctx);
  await marketRoutes(app, ctx);
  await commandRoutes(app, ctx);
  await keyRoutes(app, ctx);
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  await registerSite(app, webRoot, demoKey, (hostHeader) => hostGuard.mayEmbedKey(hostHeader));

  board.start();
  let closed = false;
  return {
    app,
    ctx,
    hub,
    alertWebhook: webhook,
    demoKey,
    get keyInPage(): boolean {
      return demoKey !== null && hostGuard.active;
    },
    async listen(port: number, hostName: string): Promise<string> {
      await app.listen({ port, host: hostName });
      const address = app.server.address();
      const boundPort = address !== null && typeof address === 'object' ? address.port : port;
      hostGuard.bound(hostName, boundPort);
      const shown = hostName.includes(':') ? `[${hostName}]` : hostName;
      return `http://${shown}:${boundPort}`;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      board.stop();
      hub.close();
      await app.close();
      await journalHistory.stop();
      await host.close();
    },
  };
}

export { keyIdOf };
