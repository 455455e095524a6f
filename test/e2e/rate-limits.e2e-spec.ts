import { TestApp, startApp } from '../support/app';
import { PASSWORD, register } from '../support/api';

// Addresses of our own, so that other suites' requests (from 127.0.0.1) never share a counter.
let octet = 0;
const stamp = Date.now() % 250;
const newIp = () => `10.${stamp}.${process.pid % 250}.${++octet}`;

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ LOGIN_THROTTLE_LIMIT: '3', SEARCH_THROTTLE_LIMIT: '5', TRUST_PROXY: 'true' })));
  afterAll(() => t.close());

  const login = (ip: string, email: string, password = 'wrong-password') =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('throttles login per account, from whatever address, even with the right password', async () => {
    const user = await register(t);
    for (let i = 0; i < 3; i++) expect((await login(newIp(), user.email)).status).toBe(401);
    const blocked = await login(newIp(), user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'too_many_requests' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles login per address across accounts', async () => {
    const ip = newIp();
    const users = await Promise.all([1, 2, 3, 4].map(() => register(t)));
    for (const user of users.slice(0, 3)) expect((await login(ip, user.email)).status).toBe(401);
    expect((await login(ip, users[3].email, PASSWORD)).status).toBe(429);
    // Another address is not affected.
    expect((await login(newIp(), users[3].email, PASSWORD)).status).toBe(200);
  });

  it('throttles catalogue search per address', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', ip)).status).toBe(200);
    const blocked = await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', ip);
    expect(blocked.status).toBe(429);
    expect((await t.http().get('/api/v1/listings').set('X-Forwarded-For', newIp())).status).toBe(200);
  });
});
