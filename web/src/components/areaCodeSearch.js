// Searching the US area codes ({code, state, places}) the way people look
// for one: by digits ("415"), by state ("CA", "California") or by place
// ("San Fran"). Every word of the query must match; better matches come
// first (the code itself, then the state, then the start of a place name,
// then anywhere in it), then by code.

export const STATES = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky',
  LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
  MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota',
  OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island',
  SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont',
  VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  AS: 'American Samoa', GU: 'Guam', MP: 'Northern Mariana Islands', PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
};

// "415 — CA — San Francisco, Oakland"; "202 — DC" when no places are known.
export function areaCodeLabel(ac) {
  return [ac.code, ac.state, ac.places].filter(Boolean).join(' — ');
}

const words = (s) => s.toLowerCase().split(/[^a-z0-9']+/).filter(Boolean);

// Lower-case text to search in, prepared once per list.
function prepare(ac) {
  const stateName = (STATES[ac.state] || '').toLowerCase();
  const places = (ac.places || '').toLowerCase();
  return {
    ac,
    state: (ac.state || '').toLowerCase(),
    stateWords: words(stateName),
    placeWords: words(places),
    text: `${stateName} ${places}`,
  };
}

const prepared = new WeakMap();

// 0 (best) .. 3 for one query word, or -1 when it does not match.
function scoreWord(p, w) {
  if (/^\d+$/.test(w)) return p.ac.code.startsWith(w) ? 0 : -1;
  if (w === p.state) return 1;
  if (p.stateWords.some((x) => x.startsWith(w))) return w.length >= 3 ? 1 : 2;
  if (p.placeWords.some((x) => x.startsWith(w))) return 2;
  if (w.length >= 3 && p.text.includes(w)) return 3;
  return -1;
}

// The area codes matching `query`, best first; all of them, by code, for an
// empty query.
export function searchAreaCodes(list, query) {
  let all = prepared.get(list);
  if (!all) {
    all = list.map(prepare);
    prepared.set(list, all);
  }
  const q = words(query.replace(/—/g, ' '));
  if (q.length === 0) return list;
  const hits = [];
  for (const p of all) {
    let score = 0;
    for (const w of q) {
      const s = scoreWord(p, w);
      if (s < 0) {
        score = -1;
        break;
      }
      score += s;
    }
    if (score >= 0) hits.push([score, p.ac]);
  }
  hits.sort((a, b) => a[0] - b[0] || a[1].code.localeCompare(b[1].code));
  return hits.map((h) => h[1]);
}
