// Checks real HTTP responses against fcgi/openapi.json.
//
// validator.check({method, path, status, headers, text}) returns a list of
// problems (empty when the response is documented and on-schema):
//  - the path (query stripped) is matched against the documented path
//    templates; path parameters must fit their schema (integer ids);
//  - an unknown path may only answer 404 (components/responses/NotFound);
//  - a known path with an undocumented method may only answer 405
//    (components/responses/MethodNotAllowed, with Allow);
//  - otherwise the status must be one of the operation's responses, the
//    content type must be the documented one, the JSON body must validate
//    against its schema, a response without content must have an empty body,
//    and every required response header must be present and fit its schema;
//  - HEAD on a path with a GET (and no HEAD of its own) is checked against
//    the GET operation's status and headers, and must have an empty body;
//  - the statuses the document's `x-front-door-responses` lists (errors
//    nginx raises before a route is known: a malformed path, headers too
//    large) may answer any request, documented there once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const SPEC_PATH = fileURLToPath(new URL('../../../fcgi/openapi.json', import.meta.url));
const DOC_ID = 'launchline-openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function headerValue(headers, name) {
  if (!headers) return null;
  if (typeof headers.get === 'function') return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return null;
  const v = headers[key];
  return Array.isArray(v) ? v.join(', ') : String(v);
}

export class OpenApiValidator {
  constructor(spec) {
    this.spec = spec;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(spec, DOC_ID);
    this.cache = new Map();
    this.basePath = OpenApiValidator.serverPath(spec.servers);
    // Routes match absolute paths: the document's server path (or a path item's own
    // `servers`, e.g. the webhooks at the site root) followed by the template.
    this.routes = Object.entries(spec.paths || {}).map(([template, item]) => this.compileRoute(template, item));
  }

  // "/api/v1" for servers [{url:"/api/v1"}]; "" for "/" or none.
  static serverPath(servers) {
    const server = (servers && servers[0] && servers[0].url) || '/';
    return new URL(server, 'http://x').pathname.replace(/\/$/, '');
  }

  static fromFile(path = SPEC_PATH) {
    return new OpenApiValidator(JSON.parse(readFileSync(path, 'utf8')));
  }

  // Follows a local "$ref" (for responses, parameters, headers).
  deref(obj) {
    let cur = obj;
    for (let i = 0; cur && cur.$ref && i < 10; i++) {
      if (!cur.$ref.startsWith('#/')) throw new Error(`non-local $ref ${cur.$ref}`);
      cur = cur.$ref.slice(2).split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((o, k) => (o == null ? undefined : o[k]), this.spec);
      if (cur === undefined) throw new Error(`unresolvable $ref ${obj.$ref}`);
    }
    return cur;
  }

  // A compiled validator for the schema found at a JSON pointer inside the document.
  validatorAt(pointer) {
    let v = this.cache.get(pointer);
    if (!v) {
      v = this.ajv.getSchema(`${DOC_ID}#${pointer}`);
      if (!v) throw new Error(`no schema at ${pointer}`);
      this.cache.set(pointer, v);
    }
    return v;
  }

  // A validator for an arbitrary schema written against the document (e.g. {$ref: '#/components/schemas/Me'}).
  schemaValidator(name) {
    return this.validatorAt(`/components/schemas/${escapePointer(name)}`);
  }

  compileRoute(template, item) {
    const names = [];
    const base = item.servers ? OpenApiValidator.serverPath(item.servers) : this.basePath;
    const re = new RegExp('^' + (base + template).split('/').map((seg) => {
      const m = /^\{(.+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    }).join('/') + '$');
    const params = {};
    for (const p of (item.parameters || []).map((x) => this.deref(x))) if (p.in === 'path') params[p.name] = p;
    for (const m of METHODS) {
      if (!item[m]) continue;
      for (const p of (item[m].parameters || []).map((x) => this.deref(x))) if (p.in === 'path') params[p.name] = p;
    }
    return { template, item, re, names, params };
  }

  // Does a concrete path parameter value fit its documented schema?
  paramFits(param, value) {
    const schema = param && param.schema ? this.deref(param.schema) : {};
    let decoded;
    try { decoded = decodeURIComponent(value); } catch { return false; }
    if (schema.type === 'integer' || schema.type === 'number') {
      if (!/^-?[0-9]+$/.test(decoded)) return false;
      const n = Number(decoded);
      if (schema.minimum !== undefined && n < schema.minimum) return false;
      if (schema.maximum !== undefined && n > schema.maximum) return false;
      return true;
    }
    return decoded.length > 0;
  }

  // The documented route for a concrete path (without query), or null.
  findRoute(path) {
    for (const r of this.routes) {
      const m = r.re.exec(path);
      if (!m) continue;
      if (r.names.every((name, i) => this.paramFits(r.params[name], m[i + 1]))) return r;
    }
    return null;
  }

  check({ method, path, status, headers, text }) {
    const where = `${method.toUpperCase()} ${path} -> ${status}`;
    const pathname = new URL(path, 'http://x').pathname;
    const route = this.findRoute(pathname);
    const frontDoor = (this.spec['x-front-door-responses'] || {})[String(status)];
    const frontDoorPointer = frontDoor ? `/x-front-door-responses/${String(status)}` : null;
    const headOnly = method.toUpperCase() === 'HEAD';
    // Where the request could go, this response is checked as it would be
    // there; else, if it is a front-door error, as that.
    const routed = this.routedPointer(where, route, pathname, method.toLowerCase(), status);
    if (routed.errors) {
      return frontDoorPointer ? this.checkResponse(where, frontDoorPointer, headers, text, headOnly) : routed.errors;
    }
    const errors = this.checkResponse(where, routed.pointer, headers, text, headOnly);
    if (errors.length && frontDoorPointer) {
      const asFrontDoor = this.checkResponse(where, frontDoorPointer, headers, text, headOnly);
      if (!asFrontDoor.length) return asFrontDoor;
    }
    return errors;
  }

  // {pointer} of the documented response for this request and status, or {errors}.
  routedPointer(where, route, pathname, m, status) {
    if (!route && this.basePath && !(pathname === this.basePath || pathname.startsWith(this.basePath + '/'))) {
      return { errors: [`${where}: path is outside the API base ${this.basePath}`] };
    }
    // HEAD is GET without the body (HTTP semantics; the front door routes it so).
    if (route && m === 'head' && !route.item.head && route.item.get) m = 'get';
    if (!route) {
      if (String(status) !== '404') return { errors: [`${where}: unknown route may only answer 404 not_found`] };
      return { pointer: '/components/responses/NotFound' };
    }
    if (!route.item[m]) {
      if (String(status) !== '405') return { errors: [`${where}: method not documented for ${route.template}; only 405 is allowed`] };
      return { pointer: '/components/responses/MethodNotAllowed' };
    }
    const op = route.item[m];
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses[k]);
    if (!key) return { errors: [`${where}: status not documented for ${m.toUpperCase()} ${route.template} (documented: ${Object.keys(op.responses).join(', ')})`] };
    return { pointer: `/paths/${escapePointer(route.template)}/${m}/responses/${key}` };
  }

  // The problems of one response against the documented response at responsePointer.
  checkResponse(where, responsePointer, headers, text, headOnly) {
    const errors = [];
    let response;
    // Follow a $ref to components/responses so the schema pointer is the resolved one.
    response = this.spec;
    for (const part of responsePointer.slice(1).split('/')) response = response[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    while (response.$ref) {
      responsePointer = response.$ref.slice(1);
      response = this.deref({ $ref: response.$ref });
    }

    // The contract: every response carries X-Request-Id (checked even if a response forgot to document it).
    const rid = headerValue(headers, 'x-request-id');
    if (rid === null || rid === undefined || rid.trim() === '') errors.push(`${where}: X-Request-Id header missing`);

    // Headers
    for (const [name, h0] of Object.entries(response.headers || {})) {
      const h = this.deref(h0);
      const value = headerValue(headers, name);
      if (value === null || value === undefined) {
        if (h.required && name.toLowerCase() !== 'x-request-id') errors.push(`${where}: required header ${name} missing`);
        continue;
      }
      const schema = h.schema ? this.deref(h.schema) : null;
      if (schema && (schema.type === 'integer')) {
        if (!/^[0-9]+$/.test(value.trim())) errors.push(`${where}: header ${name}=${JSON.stringify(value)} is not an integer`);
        else if (schema.minimum !== undefined && Number(value) < schema.minimum) errors.push(`${where}: header ${name}=${value} below ${schema.minimum}`);
      } else if (schema && schema.type === 'string') {
        if (schema.minLength && value.length < schema.minLength) errors.push(`${where}: header ${name} is empty`);
        if (schema.pattern && name.toLowerCase() !== 'set-cookie' && !new RegExp(schema.pattern).test(value)) {
          errors.push(`${where}: header ${name}=${JSON.stringify(value)} does not match ${schema.pattern}`);
        }
      }
      if (name.toLowerCase() === 'set-cookie' && schema && schema.pattern) {
        const cookies = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [value];
        const re = new RegExp(schema.pattern);
        if (h.required && !cookies.some((c) => re.test(c))) errors.push(`${where}: no Set-Cookie matching ${schema.pattern}`);
      }
    }

    // Body
    const contentType = (headerValue(headers, 'content-type') || '').split(';')[0].trim().toLowerCase();
    const content = response.content;
    if (!content) {
      if (text && text.length) errors.push(`${where}: no content is documented but the body has ${text.length} bytes`);
      return errors;
    }
    const mediaTypes = Object.keys(content);
    const mt = mediaTypes.find((t) => t.toLowerCase() === contentType);
    if (!mt) {
      errors.push(`${where}: content-type ${JSON.stringify(contentType)} is not documented (${mediaTypes.join(', ')}); body starts ${JSON.stringify(String(text).slice(0, 120))}`);
      return errors;
    }
    if (headOnly) {
      if (text && text.length) errors.push(`${where}: a HEAD answer has a body of ${text.length} bytes`);
      return errors;
    }
    if (!content[mt].schema) return errors;
    if (!/json/.test(mt)) return errors;
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      errors.push(`${where}: body is not JSON (${e.message}): ${JSON.stringify(String(text).slice(0, 120))}`);
      return errors;
    }
    const validate = this.validatorAt(`${responsePointer}/content/${escapePointer(mt)}/schema`);
    if (!validate(body)) {
      for (const e of validate.errors) {
        errors.push(`${where}: body${e.instancePath} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
      }
      errors.push(`${where}: body was ${JSON.stringify(body).slice(0, 500)}`);
    }
    return errors;
  }
}

let shared;
export function specValidator() {
  if (!shared) shared = OpenApiValidator.fromFile();
  return shared;
}
