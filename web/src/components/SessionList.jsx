// "Where you are signed in" on Profile: each session of the signed-in
// person (the device it signed in from, when, when it was last used),
// "This device" first. Sign out one, every other one, or everywhere (the
// others, then this one: back to the login page). A signed-out session
// stops working at once.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { navigate } from '../router.jsx';
import { ErrorText } from './ErrorText.jsx';
import { formatTime } from './format.js';
import { useList } from './useList.js';

export function SessionList({ refreshMe }) {
  const sessions = useList((cursor) => api.listSessions(cursor));
  const [busy, setBusy] = useState(null); // a session's id, 'others' or 'all'
  const [error, setError] = useState(null);
  const [note, setNote] = useState('');
  const items = sessions.items && [...sessions.items].sort((a, b) => Number(b.current) - Number(a.current));
  const others = items ? items.filter((s) => !s.current).length : 0;

  async function run(what, action) {
    setBusy(what);
    setError(null);
    setNote('');
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const endOne = (s) =>
    run(s.id, async () => {
      await api.endSession(s.id);
      await sessions.reload();
      setNote(`Signed out ${s.device} (signed in ${formatTime(s.created_at)}).`);
    });

  const endOthers = () =>
    run('others', async () => {
      const { ended } = await api.endOtherSessions();
      await sessions.reload();
      setNote(ended === 1 ? 'Signed out 1 other session.' : `Signed out ${ended} other sessions.`);
    });

  const endAll = () =>
    run('all', async () => {
      await api.endOtherSessions();
      await api.logout();
      navigate('/login');
      await refreshMe();
    });

  return (
    <section class="card" aria-labelledby="profile-sessions-heading">
      <h2 id="profile-sessions-heading">Where you are signed in</h2>
      <p class="hint">
        Every browser or device signed in to your account. Sign out any you do not recognise or no longer use: it stops
        working at once.
      </p>
      <ErrorText error={sessions.error || error} />
      {items === null ? (
        sessions.loading && <p role="status">Loading sessions…</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td data-label="Device" class="wrap">
                  {s.device} {s.current && <span class="tag tag-accepted">This device</span>}
                </td>
                <td data-label="Signed in">{formatTime(s.created_at)}</td>
                <td data-label="Last used">{s.current ? 'Now' : formatTime(s.last_seen_at)}</td>
                <td class="actions">
                  {!s.current && (
                    <button type="button" class="button button-small button-danger" disabled={busy !== null} onClick={() => endOne(s)}>
                      Sign out<span class="visually-hidden"> {s.device}, signed in {formatTime(s.created_at)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sessions.hasMore && (
        <button type="button" class="button button-secondary" disabled={sessions.loading} onClick={sessions.loadMore}>
          Show more sessions
        </button>
      )}
      <div class="actions-bar">
        <button type="button" class="button button-secondary" disabled={busy !== null || others === 0} onClick={endOthers}>
          Sign out all other sessions
        </button>
        <button type="button" class="button button-danger" disabled={busy !== null} onClick={endAll}>
          Sign out everywhere
        </button>
      </div>
      <p class="note" role="status">
        {note}
      </p>
    </section>
  );
}
