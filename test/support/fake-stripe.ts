import { randomBytes } from 'node:crypto';
import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import qs from 'qs';
import Stripe from 'stripe';

/**
 * A local stand-in for api.stripe.com that the real `stripe` SDK talks to over HTTP
 * (its host/port/protocol options), so tests exercise the SDK's own encoding, retries,
 * idempotency keys and error classes instead of a mock of them. State lives in memory.
 */

// Stripe objects are loosely shaped JSON; the typed getters below cast to the SDK's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /v1/payment_intents/pi_123/cancel */
  path: string;
  /** qs-parsed form body for POST, qs-parsed query string otherwise */
  body: Obj;
  idempotencyKey?: string;
  headers: IncomingHttpHeaders;
  at: Date;
  /** Status the client received; unset for 'timeout' and 'reset' */
  status?: number;
  /** An injected failure (failNext) answered this request */
  failed?: true;
  /** Answered from the idempotency store, not executed */
  replayed?: true;
}

/**
 * How failNext breaks a request. A status answers with that error before doing anything
 * (nothing stored under the idempotency key, so a retry executes afresh); `afterProcessing`
 * executes and stores the result first, then answers with the error: "Stripe did it but the
 * answer was lost". `shouldRetry` sets the stripe-should-retry header (default true for 409/5xx;
 * real Stripe sends false on most 500s since it stores and would only replay them).
 */
export type Failure = { status: number; code?: string; afterProcessing?: boolean; shouldRetry?: boolean } | 'timeout' | 'reset';
export interface FailureMatch {
  method?: string;
  pathPrefix?: string;
}

/** An error as Stripe's API reports it. `keep`: stored under the idempotency key (Stripe stores
 * results once an endpoint started executing, but not parameter validation failures). */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: Obj,
    readonly keep = true,
  ) {
    super(error.message);
  }
}
const invalid = (message: string, code?: string, extra: Obj = {}) =>
  new ApiError(400, { type: 'invalid_request_error', code, message, ...extra });
const badParam = (param: string, code: string, message: string) =>
  new ApiError(400, { type: 'invalid_request_error', code, param, message }, false);

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const rand = (n = 24) => Array.from(randomBytes(n), (b) => ALPHABET[b % 62]).join('');
const newId = (prefix: string) => `${prefix}_${rand()}`;
const now = () => Math.floor(Date.now() / 1000);
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'];

/** Form encoding loses types: Stripe echoes booleans as booleans but metadata values as strings. */
function typed(v: unknown, key = ''): unknown {
  if (key === 'metadata') return structuredClone(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (Array.isArray(v)) return v.map((x) => typed(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x, k)]));
  return v;
}

function positiveInt(p: Obj, param: string, required: true): number;
function positiveInt(p: Obj, param: string, required: false): number | undefined;
function positiveInt(p: Obj, param: string, required: boolean): number | undefined {
  const v = p[param];
  if (v === undefined || v === '') {
    if (required) throw badParam(param, 'parameter_missing', `Missing required param: ${param}.`);
    return undefined;
  }
  if (!/^\d+$/.test(String(v)) || Number(v) < 1) throw badParam(param, 'parameter_invalid_integer', `Invalid positive integer: ${v}`);
  return Number(v);
}

function str(p: Obj, param: string): string {
  if (typeof p[param] !== 'string' || p[param] === '') throw badParam(param, 'parameter_missing', `Missing required param: ${param}.`);
  return p[param];
}

const matches = (match: FailureMatch, method: string, path: string) =>
  (!match.method || match.method.toUpperCase() === method) && path.startsWith(match.pathPrefix ?? '');

export class FakeStripe {
  readonly host = '127.0.0.1';
  port = 0;
  apiBase = '';
  readonly secretKey = 'sk_test_fake';
  readonly webhookSecret = 'whsec_test_fake';
  readonly requests: RecordedRequest[] = [];
  /** Status given to refunds created from now on; settleRefund() moves pending ones on. */
  refundStatus: 'succeeded' | 'pending' = 'succeeded';

  /** The environment that points the app's Stripe SDK here (quick timeouts, one retry). */
  appEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_WEBHOOK_SECRET: this.webhookSecret,
      STRIPE_API_BASE: this.apiBase,
      STRIPE_MAX_NETWORK_RETRIES: '1',
      STRIPE_TIMEOUT_MS: '1500',
      ...overrides,
    };
  }

  /** Every object by id; its `object` field says what it is. */
  private readonly objects = new Map<string, Obj>();
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; json: string }>();
  private failures: { left: number; how: Failure; match: FailureMatch }[] = [];
  private delays: { ms: number; match: FailureMatch }[] = [];
  private readonly sockets = new Set<Socket>();

  private readonly routes: [string, RegExp, (p: Obj, id: string) => Obj][] = [
    ['POST', /^\/v1\/payment_intents$/, (p) => this.createPaymentIntent(p)],
    ['GET', /^\/v1\/payment_intents\/([^/]+)$/, (_, id) => this.get(id, 'payment_intent')],
    ['POST', /^\/v1\/payment_intents\/([^/]+)\/cancel$/, (p, id) => this.cancelPaymentIntent(id, p)],
    ['GET', /^\/v1\/charges\/([^/]+)$/, (_, id) => this.get(id, 'charge')],
    ['POST', /^\/v1\/refunds$/, (p) => this.createRefund(p)],
    ['GET', /^\/v1\/refunds\/([^/]+)$/, (_, id) => this.get(id, 'refund')],
    ['POST', /^\/v1\/transfers$/, (p) => this.createTransfer(p)],
    ['GET', /^\/v1\/transfers\/([^/]+)$/, (_, id) => this.get(id, 'transfer')],
    ['POST', /^\/v1\/transfers\/([^/]+)\/reversals$/, (p, id) => this.reverseTransfer(id, p)],
    ['POST', /^\/v1\/accounts$/, (p) => this.createAccount(p)],
    ['GET', /^\/v1\/accounts\/([^/]+)$/, (_, id) => this.get(id, 'account')],
    ['POST', /^\/v1\/account_links$/, (p) => this.createAccountLink(p)],
    ['GET', /^\/v1\/events\/([^/]+)$/, (_, id) => this.get(id, 'event')],
  ];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe(createServer());
    // Tracked so stop() can cut keep-alive and held ('timeout') connections instead of waiting on them.
    fake.server.on('connection', (s: Socket) => {
      fake.sockets.add(s);
      s.on('close', () => fake.sockets.delete(s));
    });
    fake.server.on('request', (req: IncomingMessage, res: ServerResponse) => fake.onRequest(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, fake.host, resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    fake.apiBase = `http://${fake.host}:${fake.port}`;
    return fake;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A real SDK client pointed at this server. */
  client(config: Stripe.StripeConfig = {}): Stripe {
    return new Stripe(this.secretKey, { host: this.host, port: this.port, protocol: 'http', ...config });
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path.startsWith(pathPrefix));
  }

  /** Clears recorded requests and failure rules and restores refundStatus; objects stay. */
  reset(): void {
    this.requests.length = 0;
    this.failures = [];
    this.delays = [];
    this.refundStatus = 'succeeded';
  }

  /**
   * A slow Stripe: requests matching `match` are executed (and stored under their
   * idempotency key) at once, but answered only `ms` later, until reset(). A client that
   * dies or gives up meanwhile never learns that Stripe did it.
   */
  delay(ms: number, match: FailureMatch = {}): void {
    this.delays.push({ ms, match });
  }

  /** Stripe answers at once again (recorded requests and failure rules stay). */
  clearDelays(): void {
    this.delays = [];
  }

  /** The next `count` requests matching `match` fail as `how` (see Failure). Rules queue in order. */
  failNext(count: number, how: Failure, match: FailureMatch = {}): void {
    this.failures.push({ left: count, how, match });
  }

  // ---- test controls: what happens on Stripe's side without an API call ----

  succeedPaymentIntent(id: string, chargeOverrides: Obj = {}): Stripe.PaymentIntent {
    const pi = this.get(id, 'payment_intent');
    if (pi.status === 'canceled' || pi.status === 'succeeded') throw new Error(`FakeStripe: ${id} is already ${pi.status}`);
    const charge = this.put({
      id: newId('ch'), object: 'charge', amount: pi.amount, amount_captured: pi.amount, amount_refunded: 0,
      balance_transaction: newId('txn'), captured: true, created: now(), currency: pi.currency,
      description: pi.description, livemode: false, metadata: { ...pi.metadata }, paid: true, payment_intent: pi.id,
      payment_method: newId('pm'), receipt_email: pi.receipt_email, refunded: false, status: 'succeeded',
      transfer_group: pi.transfer_group, ...chargeOverrides,
    });
    Object.assign(pi, { status: 'succeeded', amount_received: pi.amount, latest_charge: charge.id, last_payment_error: null, payment_method: charge.payment_method });
    return structuredClone(pi) as Stripe.PaymentIntent;
  }

  failPaymentIntent(id: string, message = 'Your card was declined.'): Stripe.PaymentIntent {
    const pi = this.get(id, 'payment_intent');
    if (pi.status === 'canceled' || pi.status === 'succeeded') throw new Error(`FakeStripe: ${id} is already ${pi.status}`);
    pi.status = 'requires_payment_method';
    pi.last_payment_error = { code: 'card_declined', decline_code: 'generic_decline', message, type: 'card_error' };
    return structuredClone(pi) as Stripe.PaymentIntent;
  }

  /** Arbitrary changes, e.g. {status: 'processing'}. */
  updatePaymentIntent(id: string, patch: Obj): Stripe.PaymentIntent {
    return structuredClone(Object.assign(this.get(id, 'payment_intent'), patch)) as Stripe.PaymentIntent;
  }

  /** Moves a pending refund on; a failed or canceled refund gives the amount back to the charge. */
  settleRefund(id: string, status: 'succeeded' | 'failed' | 'canceled'): Stripe.Refund {
    const refund = this.get(id, 'refund');
    if (refund.status !== 'pending') throw new Error(`FakeStripe: ${id} is ${refund.status}, not pending`);
    refund.status = status;
    if (status !== 'succeeded') {
      const charge = this.get(refund.charge, 'charge');
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
      if (status === 'failed') refund.failure_reason = 'unknown';
    }
    return structuredClone(refund) as Stripe.Refund;
  }

  updateAccount(id: string, patch: { charges_enabled?: boolean; payouts_enabled?: boolean; details_submitted?: boolean } & Obj): Stripe.Account {
    const account = Object.assign(this.get(id, 'account'), patch);
    if (account.charges_enabled && account.payouts_enabled && account.details_submitted && !patch.capabilities) {
      // An onboarded account: nothing more due, requested capabilities active.
      for (const c of Object.keys(account.capabilities)) account.capabilities[c] = 'active';
      account.requirements = { ...account.requirements, currently_due: [], eventually_due: [], disabled_reason: null };
    }
    return structuredClone(account) as Stripe.Account;
  }

  paymentIntent = (id: string) => this.snapshot<Stripe.PaymentIntent>(id, 'payment_intent');
  charge = (id: string) => this.snapshot<Stripe.Charge>(id, 'charge');
  refund = (id: string) => this.snapshot<Stripe.Refund>(id, 'refund');
  transfer = (id: string) => this.snapshot<Stripe.Transfer>(id, 'transfer');
  account = (id: string) => this.snapshot<Stripe.Account>(id, 'account');

  /** All objects of a kind ('payment_intent', 'refund', ...), oldest first. */
  list<T = Obj>(objectType: string): T[] {
    return [...this.objects.values()].filter((o) => o.object === objectType).map((o) => structuredClone(o) as T);
  }

  /** A Stripe event as it would be delivered (also retrievable at GET /v1/events/:id). */
  event(type: Stripe.Event['type'], object: Obj, overrides: Obj = {}): Stripe.Event {
    const event = this.put({
      id: newId('evt'), object: 'event', api_version: Stripe.API_VERSION, created: now(),
      data: { object: structuredClone(object) }, livemode: false, pending_webhooks: 1,
      request: { id: null, idempotency_key: null }, type, ...overrides,
    });
    return structuredClone(event) as Stripe.Event;
  }

  /** Body and Stripe-Signature header for a webhook delivery, signed by the SDK's own helper. */
  signedWebhook(event: Obj | string, opts: { secret?: string; timestamp?: number } = {}): { payload: string; signature: string } {
    const payload = typeof event === 'string' ? event : JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? this.webhookSecret, timestamp: opts.timestamp });
    return { payload, signature };
  }

  // ---- HTTP ----

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        // A bug in the fake should surface as an error in the test, not as a hang.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message: `FakeStripe: ${e}` } }));
      }
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const method = req.method ?? 'GET';
    const [path, query = ''] = (req.url ?? '/').split('?');
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const rec: RecordedRequest = { method, path, body: qs.parse(method === 'POST' ? raw : query), headers: req.headers, at: new Date() };
    if (key) rec.idempotencyKey = key;
    this.requests.push(rec);

    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': `req_${rand(14)}`,
      'stripe-version': String(req.headers['stripe-version'] ?? Stripe.API_VERSION),
    };
    if (key) headers['idempotency-key'] = key;
    const delayMs = this.delays.find((d) => matches(d.match, method, path))?.ms ?? 0;
    const reply = (status: number, json: string, extra: Record<string, string> = {}) => {
      const send = () => {
        if (res.destroyed) return; // the client went away while Stripe was slow
        rec.status = status;
        res.writeHead(status, { ...headers, ...extra, 'content-length': String(Buffer.byteLength(json)) }).end(json);
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    };

    const failure = this.takeFailure(method, path);
    if (failure) rec.failed = true;
    if (failure === 'timeout') return; // never answer: the SDK's timeout fires, or stop() cuts the socket
    if (failure === 'reset') return void req.socket.destroy();
    const result = failure && !failure.afterProcessing ? undefined : this.execute(method, path, rec.body, raw, key, req.headers.authorization);
    if (failure) {
      const error = failure.status >= 500
        ? { type: 'api_error', message: 'An unknown error occurred (injected by FakeStripe).' }
        : { type: 'invalid_request_error', code: failure.code, message: `Injected ${failure.status} ${failure.code ?? ''} (FakeStripe).` };
      const retry = failure.shouldRetry ?? (failure.status === 409 || failure.status >= 500);
      return reply(failure.status, JSON.stringify({ error }), { 'stripe-should-retry': String(retry) });
    }
    if (result!.replayed) rec.replayed = true;
    reply(result!.status, result!.json, result!.replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  private takeFailure(method: string, path: string): Failure | undefined {
    const rule = this.failures.find((f) => f.left > 0 && matches(f.match, method, path));
    if (!rule) return undefined;
    rule.left--;
    this.failures = this.failures.filter((f) => f.left > 0);
    return rule.how;
  }

  /** Auth, idempotency, routing: what Stripe does with a request that reached it. */
  private execute(method: string, path: string, params: Obj, raw: string, key: string | undefined, auth: string | undefined): { status: number; json: string; replayed?: boolean } {
    if (!/^Bearer sk_\S+$/.test(auth ?? '')) {
      const message = 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.';
      return { status: 401, json: JSON.stringify({ error: { type: 'invalid_request_error', message } }) };
    }
    const idempotent = method === 'POST' && key !== undefined;
    const fingerprint = `${method} ${path} ${raw}`;
    const stored = idempotent ? this.idempotent.get(key) : undefined;
    if (stored && stored.fingerprint === fingerprint) return { ...stored, replayed: true };
    if (stored) {
      const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
      return { status: 400, json: JSON.stringify({ error: { type: 'idempotency_error', message } }) };
    }

    let status = 200;
    let body: Obj;
    let keep = true;
    try {
      body = this.route(method, path, params);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      ({ status, keep } = e);
      body = { error: e.error };
    }
    const json = JSON.stringify(body); // serialised now: a replay returns this snapshot, as Stripe does
    if (idempotent && keep) this.idempotent.set(key, { fingerprint, status, json });
    return { status, json };
  }

  private route(method: string, path: string, params: Obj): Obj {
    const { expand, ...rest } = params;
    for (const [m, pattern, handler] of this.routes) {
      const match = m === method && pattern.exec(path);
      if (!match) continue;
      const result = { ...handler(typed(rest) as Obj, decodeURIComponent(match[1] ?? '')) };
      // expand[]=latest_charge etc.: top-level ids only, enough for what the app asks for.
      for (const field of ([] as string[]).concat(expand ?? [])) {
        if (typeof result[field] === 'string' && this.objects.has(result[field])) result[field] = this.objects.get(result[field]);
      }
      return result;
    }
    throw new ApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    }, false);
  }

  private get(id: string, objectType: string, param = 'id'): Obj {
    const o = this.objects.get(id);
    if (!o || o.object !== objectType) {
      throw new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${objectType}: '${id}'` });
    }
    return o;
  }

  private snapshot<T>(id: string, objectType: string): T {
    return structuredClone(this.get(id, objectType)) as T;
  }

  private put(o: Obj): Obj {
    this.objects.set(o.id, o);
    return o;
  }

  // ---- resources ----

  private createPaymentIntent(p: Obj): Obj {
    const amount = positiveInt(p, 'amount', true);
    const currency = str(p, 'currency').toLowerCase();
    const id = newId('pi');
    return this.put({
      id, object: 'payment_intent', amount_capturable: 0, amount_received: 0, canceled_at: null, cancellation_reason: null,
      capture_method: 'automatic', client_secret: `${id}_secret_${rand(25)}`, confirmation_method: 'automatic', created: now(),
      description: null, last_payment_error: null, latest_charge: null, livemode: false, metadata: {}, payment_method: null,
      payment_method_types: ['card'], receipt_email: null, status: 'requires_payment_method', transfer_group: null,
      ...p, amount, currency,
    });
  }

  private cancelPaymentIntent(id: string, p: Obj): Obj {
    const pi = this.get(id, 'payment_intent');
    if (!CANCELABLE.includes(pi.status)) {
      const message = `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`;
      throw invalid(message, 'payment_intent_unexpected_state', { payment_intent: structuredClone(pi) });
    }
    return Object.assign(pi, { status: 'canceled', canceled_at: now(), cancellation_reason: p.cancellation_reason ?? null });
  }

  private createRefund(p: Obj): Obj {
    let charge: Obj;
    if (p.payment_intent) {
      const pi = this.get(p.payment_intent, 'payment_intent', 'payment_intent');
      if (!pi.latest_charge) throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'charge_not_refundable', { param: 'payment_intent' });
      charge = this.get(pi.latest_charge, 'charge');
    } else if (p.charge) {
      charge = this.get(p.charge, 'charge', 'charge');
    } else {
      throw badParam('charge', 'parameter_missing', 'One of the following params should be provided for this request: payment_intent or charge.');
    }
    // Pending refunds count too: Stripe reserves the amount until they settle.
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const amount = positiveInt(p, 'amount', false) ?? remaining;
    if (amount > remaining) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount_too_large', { param: 'amount' });
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    return this.put({
      id: newId('re'), object: 'refund', balance_transaction: newId('txn'), created: now(), currency: charge.currency,
      failure_reason: null, metadata: {}, reason: null, status: this.refundStatus,
      ...p, amount, charge: charge.id, payment_intent: charge.payment_intent,
    });
  }

  private createTransfer(p: Obj): Obj {
    const amount = positiveInt(p, 'amount', true);
    const currency = str(p, 'currency').toLowerCase();
    this.get(str(p, 'destination'), 'account', 'destination');
    if (p.source_transaction) this.get(p.source_transaction, 'charge', 'source_transaction');
    const id = newId('tr');
    return this.put({
      id, object: 'transfer', amount_reversed: 0, balance_transaction: newId('txn'), created: now(), description: null,
      destination_payment: newId('py'), livemode: false, metadata: {}, reversed: false, source_transaction: null,
      source_type: 'card', transfer_group: null,
      reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
      ...p, amount, currency,
    });
  }

  private reverseTransfer(id: string, p: Obj): Obj {
    const transfer = this.get(id, 'transfer');
    const remaining = transfer.amount - transfer.amount_reversed;
    if (remaining === 0) throw invalid(`Transfer ${id} has already been fully reversed.`, 'transfer_already_reversed');
    const amount = positiveInt(p, 'amount', false) ?? remaining;
    if (amount > remaining) throw invalid(`Reversal amount (${amount}) is greater than the transfer's unreversed amount (${remaining}).`, 'amount_too_large', { param: 'amount' });
    const reversal = this.put({
      id: newId('trr'), object: 'transfer_reversal', balance_transaction: newId('txn'), created: now(), currency: transfer.currency,
      destination_payment_refund: newId('pyr'), metadata: {}, source_refund: null, ...p, amount, transfer: id,
    });
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    transfer.reversals.data.unshift(reversal);
    transfer.reversals.total_count++;
    return reversal;
  }

  private createAccount(p: Obj): Obj {
    const due = ['business_profile.url', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'];
    return this.put({
      id: newId('acct'), object: 'account', type: 'express', business_type: null, country: 'US', created: now(),
      default_currency: 'usd', email: null, metadata: {}, ...p,
      // Requested capabilities start inactive until onboarding is done (updateAccount).
      capabilities: Object.fromEntries(Object.keys(p.capabilities ?? {}).map((c) => [c, 'inactive'])),
      charges_enabled: false, payouts_enabled: false, details_submitted: false,
      requirements: { currently_due: due, eventually_due: due, past_due: [], disabled_reason: 'requirements.past_due' },
    });
  }

  private createAccountLink(p: Obj): Obj {
    const account = this.get(str(p, 'account'), 'account', 'account');
    return { object: 'account_link', created: now(), expires_at: now() + 300, url: `${this.apiBase}/onboarding/${account.id}` };
  }
}
