// Everything the simulator serves is checked against telnyx-openapi-subset.json
// (the shared subset of Telnyx's OpenAPI document, extended with the further
// operations the simulator serves): this module finds the operation of a
// request (method + path template), checks the request (path parameters;
// query parameters, deepObject filter[...]/page[...] names included, their
// values coerced from strings; required headers; Content-Type and the JSON
// body against the requestBody schema) and checks the simulator's own answers
// (by status code) and webhooks (against the subset's webhook schemas).
//
// ajv 2020 (strict: false) with ajv-formats, from tests/node_modules, the
// document's components added under an $id. Each validator is compiled once,
// on first use, and cached on its operation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SUBSET_FILE = path.join(HERE, 'telnyx-openapi-subset.json');
export const DOC = JSON.parse(fs.readFileSync(SUBSET_FILE, 'utf8'));
const DOC_ID = 'https://launchline.test/telnyx-openapi-subset.json';

function pointAtDoc(node) {
    if (Array.isArray(node)) return node.map(pointAtDoc);
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
        out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : pointAtDoc(v);
    }
    return out;
}

function resolveRef(ref) {
    return ref.slice(2).split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((o, k) => o[k], DOC);
}

const deref = (node) => {
    while (node && node.$ref) node = resolveRef(node.$ref);
    return node;
};

function newAjv(options) {
    const a = new Ajv2020({ strict: false, ...options });
    addFormats(a);
    // "url" (messaging) is not a JSON Schema format: anything passes, as in
    // the tests' validator, which ignores it.
    a.addFormat('url', true);
    a.addSchema({ $id: DOC_ID, components: pointAtDoc(DOC.components) });
    return a;
}

// Bodies: no coercion, every error. Query and path values arrive as strings:
// coerced ("20" -> 20) in place; a value for an array-only parameter is
// gathered into an array ("sms" -> ["sms"]) as it is read, so a parameter that
// is a string or an array (oneOf) stays a string. Answers and webhooks: the
// first error is enough (they are checked on every call, so cheaply).
const ajvBody = newAjv({ allErrors: true });
const ajvParam = newAjv({ allErrors: true, coerceTypes: true });
const ajvAnswer = newAjv({ allErrors: false });

// ---------------------------------------------------------------- operations

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function documented(op, status) {
    const s = String(status);
    return op.responses[s] ?? op.responses[`${s[0]}XX`] ?? op.responses.default;
}

// [{key: "METHOD /template", method, template, re, names, op, ...}]: the
// subset's operations, templates with fewer {parameters} first (so
// /10dlc/campaign matches before /10dlc/campaign/{campaignId} would).
export const OPERATIONS = Object.entries(DOC.paths).flatMap(([template, item]) => {
    const names = [];
    const re = new RegExp(`^${template.split(/(\{[^}]+\})/).map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (!m) return escapeRe(part);
        names.push(m[1]);
        return '([^/]+)';
    }).join('')}$`);
    const shared = (item.parameters ?? []).map(deref);
    return METHODS.filter((m) => item[m]).map((m) => {
        const own = (item[m].parameters ?? []).map(deref);
        const params = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
        const op = item[m];
        return {
            key: `${m.toUpperCase()} ${template}`,
            method: m.toUpperCase(),
            template,
            re,
            names,
            op,
            queryByName: new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p])),
            pathParams: params.filter((p) => p.in === 'path'),
            headerParams: params.filter((p) => p.in === 'header'),
            requestBody: deref(op.requestBody),
            // The status of an answer to a non-conforming request: 422 where
            // the operation documents it (or 4XX), else 400.
            validationStatus: documented(op, 422) ? 422 : 400,
            // Telnyx's general idempotency applies only where declared.
            idempotency: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
            validators: new Map(),
        };
    });
}).sort((a, b) => a.names.length - b.names.length);

// {operation, values} for a request, or {pathKnown} when no operation has
// this method and path (pathKnown: another method has it).
export function findOperation(method, pathname) {
    let pathKnown = false;
    for (const o of OPERATIONS) {
        const m = o.re.exec(pathname);
        if (!m) continue;
        if (o.method !== method) {
            pathKnown = true;
            continue;
        }
        const values = {};
        for (let i = 0; i < o.names.length; i++) values[o.names[i]] = decodeURIComponent(m[i + 1]);
        return { operation: o, values };
    }
    return { operation: null, pathKnown };
}

function cached(o, key, make) {
    let v = o.validators.get(key);
    if (!v) {
        v = make();
        o.validators.set(key, v);
    }
    return v;
}

// ---------------------------------------------------------------- requests

const TITLES = {
    10004: 'Missing required parameter',
    10015: 'Bad Request',
    10023: 'Invalid JSON',
};

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

const arrayOnly = (schema) => schema.type === 'array' ||
    (Array.isArray(schema.type) && schema.type.every((t) => t === 'array' || t === 'null'));

const allowsArray = (schema) => schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')) ||
    (schema.oneOf ?? schema.anyOf ?? []).some((s) => allowsArray(deref(s)));

function put(obj, key, value, asArray) {
    if (asArray) {
        obj[key] = [...(Array.isArray(obj[key]) ? obj[key] : obj[key] === undefined ? [] : [obj[key]]), value];
    } else if (obj[key] !== undefined) {
        obj[key] = [...(Array.isArray(obj[key]) ? obj[key] : [obj[key]]), value];
    } else {
        obj[key] = value;
    }
}

const unescapePointer = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

// An ajv error on the query object -> the query parameter it is about.
function parameterOf(o, err) {
    const segs = err.instancePath.split('/').slice(1).map(unescapePointer);
    if (err.keyword === 'required') segs.push(err.params.missingProperty);
    if (segs.length === 0) return '';
    const [name, ...rest] = segs;
    return o.queryByName.get(name)?.style === 'deepObject' ? name + rest.map((k) => `[${k}]`).join('') : name;
}

function bodyPointer(err) {
    let p = err.instancePath;
    if (err.keyword === 'required') p += `/${err.params.missingProperty}`;
    else if (err.keyword === 'additionalProperties') p += `/${err.params.additionalProperty}`;
    return p || '/';
}

const missing = (err) => err.keyword === 'required';

// Checks one request against its operation: {problems, query, params, body}.
// problems: [{code, detail, source}] (none: it conforms). query maps each
// declared parameter's name to its value (deepObject ones as objects),
// coerced to the schema's types; params the path parameters; body the parsed
// JSON body (or null).
export function checkRequest(o, { searchParams, values, headers, raw }) {
    const problems = [];
    const unknown = (rawName, why) => problems.push({
        code: '10015', detail: `Unknown query parameter ${rawName}${why ? ` (${why})` : ''}.`, source: { parameter: rawName },
    });

    // query parameters, by name
    const query = {};
    for (const [rawName, value] of searchParams) {
        const literal = o.queryByName.get(rawName);
        if (literal && literal.style !== 'deepObject') {
            put(query, rawName, value, arrayOnly(deref(literal.schema ?? {})));
            continue;
        }
        const q = parseQueryName(rawName);
        const p = q && o.queryByName.get(q.name);
        if (!p) {
            unknown(rawName);
            continue;
        }
        if (q.keys.length === 0) {
            if (p.style === 'deepObject') {
                unknown(rawName, `${p.name} takes ${p.name}[key]=value`);
                continue;
            }
            put(query, p.name, value, q.array || arrayOnly(deref(p.schema ?? {})));
            continue;
        }
        if (p.style !== 'deepObject') {
            unknown(rawName, `${p.name} is not a deepObject parameter`);
            continue;
        }
        let schema = deref(p.schema ?? {});
        let bad = false;
        for (const k of q.keys) {
            const next = deref(schema.properties?.[k]);
            if (!next) {
                unknown(rawName, `${p.name} has no property ${k}`);
                bad = true;
                break;
            }
            schema = next;
        }
        if (bad) continue;
        if (q.array && !allowsArray(schema)) {
            unknown(rawName, 'not an array parameter');
            continue;
        }
        let obj = query[p.name];
        if (obj === undefined || typeof obj !== 'object' || Array.isArray(obj)) obj = query[p.name] = {};
        for (const k of q.keys.slice(0, -1)) {
            if (obj[k] === undefined || typeof obj[k] !== 'object' || Array.isArray(obj[k])) obj[k] = {};
            obj = obj[k];
        }
        put(obj, q.keys[q.keys.length - 1], value, q.array || arrayOnly(schema));
    }
    const validateQuery = cached(o, 'query', () => ajvParam.compile({
        type: 'object',
        properties: Object.fromEntries([...o.queryByName.values()].map((p) => [p.name, pointAtDoc(p.schema ?? {})])),
        required: [...o.queryByName.values()].filter((p) => p.required).map((p) => p.name),
    }));
    if (!validateQuery(query)) {
        for (const err of validateQuery.errors) {
            const parameter = parameterOf(o, err);
            problems.push({
                code: missing(err) ? '10004' : '10015',
                detail: missing(err) ? `The query parameter ${parameter} is required.` : `Query parameter ${parameter} ${err.message}.`,
                source: { parameter },
            });
        }
    }

    // path parameters
    const params = { ...values };
    if (o.pathParams.length > 0) {
        const validatePath = cached(o, 'path', () => ajvParam.compile({
            type: 'object',
            properties: Object.fromEntries(o.pathParams.map((p) => [p.name, pointAtDoc(p.schema ?? {})])),
        }));
        if (!validatePath(params)) {
            for (const err of validatePath.errors) {
                const parameter = err.instancePath.slice(1);
                problems.push({ code: '10015', detail: `Path parameter ${parameter} ${err.message}.`, source: { parameter } });
            }
        }
    }

    // headers
    for (const p of o.headerParams) {
        if (p.required && headers[p.name.toLowerCase()] === undefined) {
            problems.push({ code: '10004', detail: `The header ${p.name} is required.`, source: { parameter: p.name } });
        }
    }

    // the body
    let body = null;
    const rb = o.requestBody;
    if (raw.length > 0) {
        const type = headers['content-type'] ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) {
            problems.push({
                code: '10015', detail: `Content-Type must be application/json, not "${type}".`, source: { parameter: 'Content-Type' },
            });
        }
        try {
            body = JSON.parse(raw);
        } catch {
            problems.push({ code: '10023', detail: 'The request body is not valid JSON.', source: { pointer: '/' } });
            return { problems, query, params, body: raw };
        }
        if (!rb) {
            problems.push({ code: '10015', detail: `${o.key} takes no request body.`, source: { pointer: '/' } });
        } else {
            const validateBody = cached(o, 'body', () => ajvBody.compile(pointAtDoc(rb.content['application/json'].schema)));
            if (!validateBody(body)) {
                for (const err of validateBody.errors) {
                    const pointer = bodyPointer(err);
                    problems.push({
                        code: missing(err) ? '10004' : '10015',
                        detail: missing(err) ? `${pointer.slice(1)} is required.`
                            : `${pointer === '/' ? 'The body' : pointer.slice(1)} ${err.message}${
                                err.keyword === 'enum' ? `: ${err.params.allowedValues.join(', ')}` : ''}.`,
                        source: { pointer },
                    });
                }
            }
        }
    } else if (rb?.required) {
        problems.push({ code: '10004', detail: `${o.key} needs a JSON request body.`, source: { pointer: '/' } });
    }
    return { problems, query, params, body };
}

// The answer to a non-conforming request: the operation's 422 (or 400),
// Telnyx's error shape, a line per problem (at most ten).
export function requestError(o, problems) {
    return {
        status: o.validationStatus,
        body: {
            errors: problems.slice(0, 10).map((p) => ({
                code: p.code, title: TITLES[p.code] ?? 'Bad Request', detail: p.detail, source: p.source,
            })),
        },
    };
}

// ---------------------------------------------------------------- answers

const isErrorShape = (b) => b !== null && typeof b === 'object' && Array.isArray(b.errors) && b.errors.length > 0 &&
    b.errors.every((e) => e && typeof e.code === 'string' && typeof e.title === 'string' && typeof e.detail === 'string');

// Checks one of our answers against the operation's documented response for
// its status (the status, then NXX, then default): {problems: [...],
// undocumented}. A status the operation does not document (a 401, 429 or
// 5xx that Telnyx's general API rules allow on any call) is `undocumented`,
// and fine if its body is Telnyx's error shape.
export function checkAnswer(o, status, body) {
    const validate = cached(o, `answer ${status}`, () => {
        let response = documented(o.op, status);
        if (!response) return null;
        response = deref(response);
        const schema = response.content?.['application/json']?.schema;
        return schema ? ajvAnswer.compile(pointAtDoc(schema)) : 'no content';
    });
    if (validate === null) {
        return { undocumented: true, problems: isErrorShape(body) ? [] : [`undocumented status ${status} without an errors[] body`] };
    }
    if (validate === 'no content') {
        return { undocumented: false, problems: body === undefined ? [] : [`status ${status} documents no body`] };
    }
    if (validate(body)) return { undocumented: false, problems: [] };
    return { undocumented: false, problems: [ajvAnswer.errorsText(validate.errors, { dataVar: 'body' })] };
}

// ---------------------------------------------------------------- webhooks

const WEBHOOK_OF = {
    'number_order.complete': 'numberOrderStatusUpdate',
    'message.sent': 'deliveryUpdate',
    'message.finalized': 'deliveryUpdate',
    'message.received': 'inboundMessage',
};
const webhookValidators = new Map();

// Problems of one webhook body (an object, before it is serialized) against
// the subset's schema for its event type; null when the subset has none
// (10dlc.phone_number.update has no published schema).
export function checkWebhook(eventType, body) {
    const name = WEBHOOK_OF[eventType];
    if (!name) return null;
    let v = webhookValidators.get(name);
    if (!v) {
        v = ajvAnswer.compile(pointAtDoc(DOC.webhooks[name].post.requestBody.content['application/json'].schema));
        webhookValidators.set(name, v);
    }
    return v(body) ? [] : [`${name}: ${ajvAnswer.errorsText(v.errors, { dataVar: 'body' })}`];
}
