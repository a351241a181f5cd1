// Export jobs (owners and admins): buttons that start an export of each
// kind, the progress of those under way ("12,000 of 40,000 rows", polled
// every second and a half), and the recent ones (kept a day after they
// finished) with a Download link and their expiry. The server writes the
// file in the background, so the page may be left and found again.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { isLive as live, progressText as progress } from './exportProgress.js';
import { formatCount, formatDateTime } from './format.js';
import { useSubmit } from './useSubmit.js';

const POLL_MS = 1500;
const LABELS = { conversations: 'Conversations', messages: 'Messages', opt_outs: 'Opt-outs' };
function ExportRow({ x }) {
  return (
    <li class="export-row" data-export-id={x.id}>
      <strong>{LABELS[x.kind]}</strong>{' '}
      <span class="muted">started {formatDateTime(x.created_at)}</span>
      <div>
        {live(x) && (
          <>
            <progress max={x.rows_total || 1} value={x.status === 'queued' ? 0 : x.rows_done} aria-label={`${LABELS[x.kind]} export`} />{' '}
            <span role="status">{progress(x)}</span>
          </>
        )}
        {x.status === 'done' && (
          <>
            <a class="button button-secondary" href={x.download_url} download>
              Download {LABELS[x.kind].toLowerCase()} (CSV)
            </a>{' '}
            <span class="muted">
              {formatCount(x.rows_done)} rows · kept until {formatDateTime(x.expires_at)}
            </span>
          </>
        )}
        {x.status === 'failed' && <span class="error-text">Failed: {x.error || 'the export could not be written.'} Start it again.</span>}
      </div>
    </li>
  );
}

// kinds: which exports this place offers; campaign: whose (null: the
// organization's opt-outs).
export function ExportJobs({ org, campaign = null, kinds }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const timer = useRef(null);
  const campaignId = campaign ? campaign.id : null;

  async function load() {
    try {
      // One kind: that kind's newest; several: the campaign's.
      const r = await api.listExports(org.org_id, { campaign_id: campaignId, kind: kinds.length === 1 ? kinds[0] : null });
      setItems(r.items.filter((x) => kinds.includes(x.kind)));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, [org.org_id, campaignId]);

  // While one is under way, look again every POLL_MS.
  const running = items ? items.some(live) : false;
  useEffect(() => {
    if (!running) return undefined;
    timer.current = setTimeout(load, POLL_MS);
    return () => clearTimeout(timer.current);
  }, [items]);

  const start = useSubmit(
    async (kind) => {
      await api.startExport(org.org_id, campaignId ? { kind, campaign_id: campaignId } : { kind });
      await load();
    },
    { again: true },
  );

  return (
    <div class="export-jobs">
      <div class="actions-bar">
        {kinds.map((kind) => (
          <button key={kind} type="button" class="button button-secondary" disabled={start.busy} onClick={() => start.submit(kind)}>
            Export {LABELS[kind].toLowerCase()} (CSV)
          </button>
        ))}
      </div>
      <ErrorText error={start.error || error} />
      {items && items.length > 0 && (
        <>
          <h3>Recent exports</h3>
          <p class="muted">Each file can be downloaded for a day after it is ready.</p>
          <ul class="export-list">
            {items.map((x) => (
              <ExportRow key={x.id} x={x} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
