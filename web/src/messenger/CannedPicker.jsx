// Canned responses in a conversation: a button opens the list of its
// campaign's (each text already rendered for this contact); one tap puts
// the text in the reply box, where it can be edited before sending (the
// reply path sends it, with its checks). Past six a filter box narrows
// the list by title and text. Phone first: full-width rows, big targets.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from '../components/ErrorText.jsx';
import { FILTER_AFTER, filterCanned } from './cannedFilter.js';
import './canned.css';

export function CannedPicker({ orgId, conversationId, onPick, disabled }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const filterRef = useRef(null);

  useEffect(() => {
    let live = true;
    api
      .conversationCanned(orgId, conversationId)
      .then((r) => live && setItems(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [orgId, conversationId]);

  useEffect(() => {
    if (open && filterRef.current) filterRef.current.focus();
  }, [open]);

  if (error) return <ErrorText error={error} />;
  if (!items || items.length === 0) return null;

  const shown = filterCanned(items, query);
  function pick(c) {
    setOpen(false);
    setQuery('');
    onPick(c.text);
  }

  return (
    <div class="canned">
      <button
        type="button"
        class="button button-secondary canned-toggle"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="canned-list"
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        Canned responses ({items.length})
      </button>
      {open && (
        <div id="canned-list" class="canned-panel">
          {items.length > FILTER_AFTER && (
            <div class="field">
              <label for="canned-filter">Find a canned response</label>
              <input
                id="canned-filter"
                type="search"
                ref={filterRef}
                value={query}
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
            </div>
          )}
          {shown.length === 0 ? (
            <p class="muted" role="status">
              None match “{query}”.
            </p>
          ) : (
            <ul class="canned-list" aria-label="Canned responses">
              {shown.map((c) => (
                <li key={c.id}>
                  <button type="button" class="canned-item" onClick={() => pick(c)}>
                    <span class="canned-title">{c.title}</span>
                    <span class="canned-text">{c.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
