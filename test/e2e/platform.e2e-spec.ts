import { TestApp, startApp } from '../support/app';

/** What every route shares: health, docs, headers, CORS, request ids, limits and the error shape. */
describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ CORS_ORIGINS: 'https://shop.sheber.kz' })));
  afterAll(() => t.close());

  it('reports database and Redis health at /health', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const json = await t.http().get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/listings', '/api/v1/auth/login']));
    const ui = await t.http().get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  // Security headers, X-Powered-By and CORS: test/e2e/security/api8-misconfiguration.e2e-spec.ts

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await t.http().get('/api/v1/categories').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http().get('/api/v1/categories').set('X-Request-Id', 'bad id with spaces <script>');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.http().get('/api/v1/categories');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a JSON body over 1 MB with 413 in the error shape', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.kz', password: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'payload_too_large', message: expect.any(String) });
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'malformed_json', message: 'Request body is not valid JSON' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('content-type', 'text/plain').send('email=a@b.kz');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'unsupported_media_type' });
  });

  it('answers a request the HTTP parser rejects (raw UTF-8 in the URL) in the error shape', async () => {
    const { connect } = await import('node:net');
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    const raw = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from('GET /api/v1/listings?q=кілем HTTP/1.1\r\nHost: x\r\n\r\n')));
      socket.on('data', (d) => (data += d)).on('end', () => resolve(data)).on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      statusCode: 400,
      error: 'malformed_request',
      message: expect.any(String),
    });
  });

  it('answers unknown routes and bad ids in the error shape', async () => {
    const missing = await t.http().get('/api/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'not_found', message: expect.any(String) });
    const badId = await t.http().get('/api/v1/listings/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.statusCode).toBe(400);
  });

  it('never leaks internals when the database refuses a query', async () => {
    const { AllExceptionsFilter } = await import('../../src/common/all-exceptions.filter');
    const filter = new AllExceptionsFilter();
    const error = await t.db.query('SELECT * FROM no_such_table').catch((e: Error) => e);
    const body = filter.toBody(error);
    expect(body).toEqual({ statusCode: 500, error: 'internal_error', message: 'Internal server error' });
    expect(JSON.stringify(body)).not.toMatch(/no_such_table|SELECT|QueryFailed/);
  });

  it('lists the category tree with names in kk, ru and en', async () => {
    const res = await t.http().get('/api/v1/categories').set('Accept-Language', 'kk');
    expect(res.status).toBe(200);
    const carpets = res.body.find((c: { slug: string }) => c.slug === 'carpets');
    expect(carpets.name).toEqual({ kk: expect.any(String), ru: 'Ковры и войлочные покрытия', en: expect.any(String) });
    expect(carpets.localizedName).toBe(carpets.name.kk);
    expect(carpets.children.map((c: { slug: string }) => c.slug)).toEqual(expect.arrayContaining(['syrmak', 'tekemet']));
    const slugs = res.body.map((c: { slug: string }) => c.slug);
    expect(slugs).toEqual(expect.arrayContaining(['ceramics', 'jewellery', 'musical-instruments', 'national-costume', 'textiles-felt']));
  });
});
