// An independent check of requests sent to the provider: each recorded call
// ({method, path (decoded), query, body}) against the operation of the Telnyx
// OpenAPI subset (tests/provider-sim/telnyx-openapi-subset.json) found by
// method + path template: path parameters, query parameters (deepObject
// `filter[...]` / `page[...]` names compared by parameter name, literal names
// such as "filter[name][eq]" first, values against their schemas), and JSON
// request bodies against the requestBody schema (ajv 2020 + ajv-formats).
// The simulator checks what it receives too; this is the second opinion,
// used by provider-requests.test.js and provider-conformance.test.js.
import { DOC, newAjv, pointAtDoc, resolveRef } from './telnyx-openapi.js';

// ---------------------------------------------------------------- the OpenAPI subset

const deref = (node) => {
  while (node && node.$ref) node = resolveRef(node.$ref);
  return node;
};

// Bodies: no coercion. Query and path values arrive as strings: a second
// instance coerces them ("20" -> 20, "sms" -> ["sms"]) before validating.
const ajvBody = newAjv({});
const ajvParam = newAjv({ coerceTypes: 'array' });
// ajv-formats' "url" refuses loopback hosts (http://127.0.0.1:18080/...), which
// every local stack's webhook URL is: a URL is what WHATWG's parser takes.
const isUrl = (s) => { try { return Boolean(new URL(s)); } catch { return false; } };
for (const a of [ajvBody, ajvParam]) a.addFormat('url', isUrl);

const compiled = new Map();
function validatorFor(a, key, schema) {
  let v = compiled.get(key);
  if (!v) {
    v = a.compile(pointAtDoc(schema));
    compiled.set(key, v);
  }
  return v;
}

// ---------------------------------------------------------------- the checker

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// [{method, template, re, names, op, params}], literal templates before templated ones.
const OPERATIONS = Object.entries(DOC.paths).flatMap(([template, item]) => {
  const names = [];
  const re = new RegExp('^' + template.split(/(\{[^}]+\})/).map((part) => {
    const m = /^\{([^}]+)\}$/.exec(part);
    if (!m) return escapeRe(part);
    names.push(m[1]);
    return '([^/]+)';
  }).join('') + '/?$');
  const shared = (item.parameters ?? []).map(deref);
  return METHODS.filter((m) => item[m]).map((m) => {
    const own = (item[m].parameters ?? []).map(deref);
    const params = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
    return { method: m.toUpperCase(), template, re, names, op: item[m], params };
  });
}).sort((a, b) => a.names.length - b.names.length);

export function findOperation(method, path) {
  for (const o of OPERATIONS) {
    if (o.method !== method.toUpperCase()) continue;
    const m = o.re.exec(path);
    if (m) return { ...o, values: Object.fromEntries(o.names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}

// "filter[phone_number][starts_with]" -> {name: "filter", keys: ["phone_number", "starts_with"], array: false};
// a trailing "[]" marks an array item.
function parseQueryName(raw) {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(raw);
  if (!m) return null;
  const keys = [...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]);
  const array = keys.length > 0 && keys[keys.length - 1] === '';
  if (array) keys.pop();
  if (keys.includes('')) return null;
  return { name: m[1], keys, array };
}

function checkValue(key, schema, value, what) {
  const v = validatorFor(ajvParam, `param ${key}`, { type: 'object', properties: { value: schema } });
  const data = { value };
  if (v(data)) return null;
  return `${what}=${JSON.stringify(value)}: ${ajvParam.errorsText(v.errors, { dataVar: what })}`;
}

// The problems of one recorded call ({method, path (decoded), query, body}): [] when it conforms.
export function requestProblems(call) {
  const where = `${call.method} ${call.path}`;
  const found = findOperation(call.method, call.path);
  if (!found) return [`${where}: no operation of the subset has this method and path`];
  const { template, op, params, values } = found;
  const label = `${call.method} ${template}`;
  const out = [];

  // path parameters
  for (const p of params.filter((x) => x.in === 'path')) {
    const value = values[p.name];
    if (value === undefined || value === '') { out.push(`${label}: path parameter ${p.name} is empty`); continue; }
    const why = checkValue(`${label} path ${p.name}`, p.schema ?? {}, value, p.name);
    if (why) out.push(`${label}: path parameter ${why}`);
  }

  // query parameters, by name
  const query = call.query ?? {};
  const queryParams = params.filter((x) => x.in === 'query');
  const sent = new Set();
  for (const [raw, value] of Object.entries(query)) {
    // A parameter declared under its literal name ("filter[name][eq]") first.
    const literal = queryParams.find((x) => x.name === raw);
    if (literal) {
      sent.add(literal.name);
      const why = checkValue(`${label} query ${raw}`, deref(literal.schema ?? {}), value, raw);
      if (why) out.push(`${label}: query parameter ${why}`);
      continue;
    }
    const q = parseQueryName(raw);
    const p = q && queryParams.find((x) => x.name === q.name);
    if (!p) { out.push(`${label}: unknown query parameter ${raw}`); continue; }
    sent.add(p.name);
    let schema = deref(p.schema ?? {});
    if (q.keys.length > 0 && p.style !== 'deepObject') { out.push(`${label}: ${raw}: ${p.name} is not a deepObject parameter`); continue; }
    let bad = false;
    for (const k of q.keys) {
      const next = deref(schema.properties?.[k]);
      if (!next) { out.push(`${label}: unknown query parameter ${raw} (${p.name} has no property ${k})`); bad = true; break; }
      schema = next;
    }
    if (bad) continue;
    if (q.array && schema.type !== 'array') { out.push(`${label}: ${raw}: not an array parameter`); continue; }
    const why = checkValue(`${label} query ${p.name}[${q.keys.join('][')}]`, schema, value, raw);
    if (why) out.push(`${label}: query parameter ${why}`);
  }
  for (const p of queryParams.filter((x) => x.required)) {
    if (!sent.has(p.name)) out.push(`${label}: required query parameter ${p.name} is missing`);
  }

  // the body
  const hasBody = call.body !== null && call.body !== undefined && call.body !== '';
  const rb = deref(op.requestBody);
  if (!rb) {
    if (hasBody) out.push(`${label}: takes no request body, got ${JSON.stringify(call.body).slice(0, 200)}`);
  } else if (!hasBody) {
    if (rb.required) out.push(`${label}: the request body is required`);
  } else if (typeof call.body === 'string') {
    out.push(`${label}: the request body is not JSON: ${call.body.slice(0, 200)}`);
  } else {
    const schema = rb.content?.['application/json']?.schema;
    if (!schema) {
      out.push(`${label}: no application/json request body documented`);
    } else {
      const v = validatorFor(ajvBody, `body ${label}`, schema);
      if (!v(call.body)) {
        out.push(`${label}: request body is off-schema: ${ajvBody.errorsText(v.errors)}; body: ${JSON.stringify(call.body).slice(0, 800)}`);
      }
    }
  }
  return out;
}
