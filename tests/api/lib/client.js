// A tiny HTTP client that behaves like one browser: its own cookie jar,
// automatic CSRF handling, and EVERY response checked against
// fcgi/openapi.json (an undocumented or off-schema response throws).
// `address` makes it connect from another loopback address (127.x.y.z),
// so nginx's $remote_addr, the client address Launchline limits by, is
// that one: `new Client('office', { address: loopbackAddress() })`.
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomInt } from 'node:crypto';
import { baseUrl } from './env.js';
import { specValidator } from './openapi.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ContractError extends Error {
  constructor(problems, response) {
    super(`response does not match fcgi/openapi.json:\n  ${problems.join('\n  ')}`);
    this.name = 'ContractError';
    this.problems = problems;
    this.response = response;
  }
}

// "name=value; Path=/; HttpOnly" -> {name, value, attrs:{path:'/', httponly:true}}
export function parseSetCookie(line) {
  const [pair, ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs: {}, raw: line };
  for (const a of rest) {
    const i = a.indexOf('=');
    const key = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (!key) continue;
    cookie.attrs[key] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return cookie;
}

function expired(c) {
  if (c.value === '') return true;
  if (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) return true;
  if (typeof c.attrs.expires === 'string') {
    const t = Date.parse(c.attrs.expires);
    if (!Number.isNaN(t) && t <= Date.now()) return true;
  }
  return false;
}

// A fresh loopback address other than 127.0.0.1 (where every other test
// comes from): its own client address for the per-address limits.
export function loopbackAddress() {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

// fetch() from a chosen local address (node's fetch cannot bind one): the
// same Response, through node:http.
function fetchFrom(localAddress, url, { method, headers, body, signal }) {
  return new Promise((resolve, reject) => {
    const h = body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) };
    const req = http.request(url, { method, headers: h, localAddress, signal }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const empty = [204, 205, 304].includes(res.statusCode);
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status: res.statusCode, headers: h }));
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export class Client {
  constructor(name = 'browser', { base = baseUrl(), validator = specValidator(), address = null } = {}) {
    this.name = name;
    this.base = base;
    this.validator = validator;
    this.address = address; // the local address to connect from, or null
    this.jar = new Map(); // name -> parsed cookie
    this.csrfToken = null; // the session's csrf_token (from Me)
    this.me = null;
  }

  cookie(name) {
    const c = this.jar.get(name);
    return c ? c.value : undefined;
  }

  setCookie(name, value) {
    this.jar.set(name, { name, value, attrs: {} });
  }

  hasSession() {
    return this.jar.has('ll_session');
  }

  cookieHeader() {
    return [...this.jar.values()].map((c) => `${c.name}=${c.value}`).join('; ');
  }

  // The X-CSRF-Token a browser page would send now.
  async currentCsrf() {
    if (this.hasSession() && this.csrfToken) return this.csrfToken;
    if (!this.cookie('ll_csrf')) {
      const r = await this.get('/api/v1/csrf');
      assert.equal(r.status, 200, `${this.name}: GET /api/v1/csrf failed with ${r.status}`);
    }
    return this.cookie('ll_csrf');
  }

  /**
   * request(method, path, {json, body, contentType, headers, csrf})
   *  json: a value sent as application/json; body: a raw string/Buffer (contentType defaults to application/json)
   *  csrf: 'auto' (default: send the right token on POST/PUT/PATCH/DELETE), false (send none), or a string to send.
   * Resolves to {status, headers, text, body (parsed JSON or null), cookies (parsed Set-Cookie list)}.
   * Throws ContractError when the response is not documented in fcgi/openapi.json.
   */
  async request(method, path, { json, body, contentType, headers = {}, csrf = 'auto', timeoutMs = 30000 } = {}) {
    method = method.toUpperCase();
    const h = { Accept: 'application/json', ...headers };
    let payload;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      h['Content-Type'] = 'application/json';
    } else if (body !== undefined) {
      payload = body;
      h['Content-Type'] = contentType || 'application/json';
    }
    if (STATE_CHANGING.has(method)) {
      const token = csrf === 'auto' ? await this.currentCsrf() : csrf;
      if (token) h['X-CSRF-Token'] = token;
    }
    const cookies = this.cookieHeader();
    if (cookies) h.Cookie = cookies;

    const init = { method, headers: h, body: payload, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) };
    const res = this.address ? await fetchFrom(this.address, this.base + path, init) : await fetch(this.base + path, init);
    const text = await res.text();
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const c of setCookies) {
      if (expired(c)) this.jar.delete(c.name);
      else this.jar.set(c.name, c);
    }
    let parsed = null;
    if (text && /json/i.test(res.headers.get('content-type') || '')) {
      try { parsed = JSON.parse(text); } catch { parsed = null; }
    }
    const response = { method, path, status: res.status, headers: res.headers, text, body: parsed, cookies: setCookies };

    const problems = this.validator.check({ method, path, status: res.status, headers: res.headers, text });
    if (problems.length) throw new ContractError(problems, response);

    // Keep the session's CSRF token like the SPA does.
    if (parsed && parsed.user && parsed.csrf_token && res.status < 300) {
      this.csrfToken = parsed.csrf_token;
      this.me = parsed;
    }
    if (method === 'POST' && path === '/api/v1/auth/logout' && res.status === 204) {
      this.csrfToken = null;
      this.me = null;
    }
    return response;
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, json, opts = {}) { return this.request('POST', path, { ...opts, json }); }
  patch(path, json, opts = {}) { return this.request('PATCH', path, { ...opts, json }); }
  put(path, json, opts = {}) { return this.request('PUT', path, { ...opts, json }); }
  delete(path, opts) { return this.request('DELETE', path, opts); }

  async login(email, password) {
    const r = await this.post('/api/v1/auth/login', { email, password });
    assert.equal(r.status, 200, `${this.name}: login of ${email} answered ${r.status} ${r.text}`);
    return r.body;
  }

  // Follows next_cursor through every page of a list endpoint; returns all items.
  async all(path, { limit = 200, maxPages = 50 } = {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const q = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await this.get(path + q);
      assert.equal(r.status, 200, `GET ${path + q} answered ${r.status} ${r.text}`);
      items.push(...r.body.items);
      cursor = r.body.next_cursor;
      if (!cursor) return items;
    }
    throw new Error(`${path}: more than ${maxPages} pages`);
  }
}

// A logged-in client for a {email, password} user.
export async function loggedIn(user, name = user.email, opts = {}) {
  const c = new Client(name, opts);
  await c.login(user.email, user.password);
  return c;
}

// Asserts an error reply: status, error.code and (optionally) error.field.
export function assertError(res, status, code, field) {
  const detail = `${res.method} ${res.path}: ${res.status} ${res.text}`;
  assert.equal(res.status, status, detail);
  assert.ok(res.body && res.body.error, `no error object: ${detail}`);
  assert.equal(res.body.error.code, code, detail);
  if (field !== undefined) assert.equal(res.body.error.field, field, detail);
  assert.ok(res.headers.get('x-request-id'), `error without X-Request-Id: ${detail}`);
}

export function membershipOf(me, orgId) {
  return me.memberships.find((m) => m.org_id === orgId);
}
