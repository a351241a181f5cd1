// The Telnyx OpenAPI subset (a copy of ../shared/provider's, checked equal by
// provider-sim.test.js), loaded for ajv: the document's components sit under
// DOC_ID and its local "#/components/..." references are pointed there.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const SUBSET_FILE = fileURLToPath(new URL('../../provider-sim/telnyx-openapi-subset.json', import.meta.url));
export const DOC = JSON.parse(readFileSync(SUBSET_FILE, 'utf8'));
export const DOC_ID = 'https://launchline.test/telnyx-openapi-subset.json';

// A deep copy whose local "#/components/..." references point at DOC_ID.
export function pointAtDoc(node) {
  if (Array.isArray(node)) return node.map(pointAtDoc);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : pointAtDoc(v);
  }
  return out;
}

// The node a "#/..." reference names in DOC.
export function resolveRef(ref) {
  return ref.slice(2).split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o, k) => o[k], DOC);
}

// An ajv 2020 instance (strict off, all errors, formats) holding DOC's components.
export function newAjv(options = {}) {
  const a = new Ajv2020({ strict: false, allErrors: true, ...options });
  addFormats(a);
  a.addSchema({ $id: DOC_ID, components: pointAtDoc(DOC.components) });
  return a;
}
