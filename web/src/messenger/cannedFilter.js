// Which canned responses a texter's filter shows: pure, unit-tested
// (tests/e2e/canned.unit.test.js). The filter box appears once the list
// is longer than FILTER_AFTER; a query matches a title or a text
// (rendered for the contact) by every word, any case and accents.

export const FILTER_AFTER = 6;

// Lower case, accents gone: "Égalité" -> "egalite".
function fold(s) {
  return String(s || '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function filterCanned(items, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((c) => {
    const hay = `${fold(c.title)} ${fold(c.text)}`;
    return words.every((w) => hay.includes(w));
  });
}
