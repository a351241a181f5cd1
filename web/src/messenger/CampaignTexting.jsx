// A campaign's texting, for organizers: conversation counts per status and
// per texter, the sending queue (waiting, how long until sent, unknown
// messages), the texters (add, remove), moving conversations (distribute
// Unassigned equally, unassign, reassign equally; some or all texters,
// some or all statuses), and the campaign invite link (self assign only).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { usePoll } from '../components/usePoll.js';
import { countsAsOf, formatCount } from '../components/format.js';
import { COUNT_LABELS } from '../components/campaignFormat.js';
import { CampaignBreadcrumb, CampaignTabs } from '../components/CampaignFrame.jsx';
import { SendingQueue } from '../components/SendingQueue.jsx';
import { useSubmit } from '../components/useSubmit.js';
import './messenger.css';

// The conversation statuses, named as on the campaign page.
const STATUSES = COUNT_LABELS.filter(([k]) => k !== 'opted_out' && k !== 'unassigned');

function CountsTable({ summary }) {
  const rows = [
    ['All conversations', summary.counts],
    ['Unassigned', summary.unassigned],
    ...summary.texters.map((t) => [t.name, t.counts]),
  ];
  return (
    <table class="table">
      <caption class="visually-hidden">Conversations per status and per texter</caption>
      <thead>
        <tr>
          <th scope="col">Who</th>
          {STATUSES.map(([, label]) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
          <th scope="col">Opted out</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([who, c]) => (
          <tr key={who}>
            <th scope="row" class="wrap">
              {who}
            </th>
            {STATUSES.map(([k, label]) => (
              <td key={k} data-label={label}>
                {formatCount(c[k])}
              </td>
            ))}
            <td data-label="Opted out">{formatCount(c.opted_out)}</td>
            <td data-label="Total">{formatCount(c.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Checkboxes for some texters; value is an array of user ids.
function TexterPicks({ legend, texters, value, onChange, name }) {
  function toggle(id) {
    onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id]);
  }
  return (
    <fieldset class="texter-picks">
      <legend>{legend}</legend>
      {texters.map((t) => (
        <label key={t.user_id} class="check">
          <input type="checkbox" name={name} checked={value.includes(t.user_id)} onChange={() => toggle(t.user_id)} />{' '}
          {t.name}
        </label>
      ))}
    </fieldset>
  );
}

function StatusPicks({ value, onChange }) {
  function toggle(k) {
    onChange(value.includes(k) ? value.filter((x) => x !== k) : [...value, k]);
  }
  return (
    <fieldset class="texter-picks">
      <legend>Statuses (none chosen: all)</legend>
      {STATUSES.map(([k, label]) => (
        <label key={k} class="check">
          <input type="checkbox" checked={value.includes(k)} onChange={() => toggle(k)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

function Moves({ org, campaignId, texters, onMoved }) {
  const [pick, setPick] = useState([]);
  const [to, setTo] = useState([]);
  const [statuses, setStatuses] = useState([]);
  const [status, setStatus] = useState('needs_message');
  const [done, setDone] = useState(null);

  async function move(kind, body, what) {
    setDone(null);
    const r = await api.moveConversations(org.org_id, campaignId, kind, body);
    setDone(`${formatCount(r.moved)} ${r.moved === 1 ? 'conversation' : 'conversations'} ${what}.`);
    onMoved();
  }
  const { busy, error, submit: run } = useSubmit(move, { again: true });
  const statusBody = statuses.length ? { statuses } : {};
  return (
    <section class="card" aria-labelledby="moves-heading">
      <h2 id="moves-heading">Assign conversations</h2>
      <ErrorText error={error} />
      <p role="status">{done}</p>
      <TexterPicks legend="Texters" texters={texters} value={pick} onChange={setPick} name="pick" />
      <div class="form form-inline">
        <div class="field">
          <label for="distribute-status">Unassigned conversations</label>
          <select id="distribute-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {STATUSES.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          class="button"
          disabled={busy || pick.length === 0}
          onClick={() => run('distribute', { texter_ids: pick, status }, 'distributed')}
        >
          Distribute equally to the chosen texters
        </button>
      </div>
      <StatusPicks value={statuses} onChange={setStatuses} />
      <p class="assignment-actions">
        <button
          type="button"
          class="button button-secondary"
          disabled={busy}
          onClick={() => run('unassign', { ...(pick.length ? { texter_ids: pick } : {}), ...statusBody }, 'unassigned')}
        >
          Unassign {pick.length ? 'from the chosen texters' : 'from everyone'}
        </button>
      </p>
      <TexterPicks legend="Reassign to" texters={texters} value={to} onChange={setTo} name="to" />
      <p class="assignment-actions">
        <button
          type="button"
          class="button button-secondary"
          disabled={busy || to.length === 0}
          onClick={() =>
            run('reassign', { ...(pick.length ? { from_texter_ids: pick } : {}), to_texter_ids: to, ...statusBody }, 'reassigned')
          }
        >
          Reassign {pick.length ? 'from the chosen texters' : 'from everyone'}
        </button>
      </p>
    </section>
  );
}

function InviteLink({ org, campaign }) {
  const [link, setLink] = useState(null);
  const [error, setError] = useState(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    api.getInviteLink(org.org_id, campaign.id).then(setLink, setError);
  }, [campaign.id, campaign.self_assign]);

  async function change(enable) {
    setError(null);
    setCopied(false);
    try {
      if (enable) setLink(await api.enableInviteLink(org.org_id, campaign.id));
      else {
        await api.disableInviteLink(org.org_id, campaign.id);
        setLink({ invite_token: null, invite_url: null });
      }
    } catch (e) {
      setError(e);
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(link.invite_url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section class="card" aria-labelledby="invite-link-heading">
      <h2 id="invite-link-heading">Campaign invite link</h2>
      <ErrorText error={error} />
      {!campaign.self_assign && <p>Turn on self assign for this campaign to make an invite link.</p>}
      {campaign.self_assign && link && link.invite_url && (
        <>
          <div class="copy-row">
            <div class="field field-grow">
              <label for="campaign-invite-link">Invite link</label>
              <input id="campaign-invite-link" readOnly value={link.invite_url} />
            </div>
            <button type="button" class="button" onClick={copy}>
              Copy link
            </button>
          </div>
          <p role="status">{copied ? 'Copied.' : ''}</p>
          <p class="hint">Anyone with the link can join as a texter and request conversations.</p>
          <p class="assignment-actions">
            <button type="button" class="button button-danger" onClick={() => change(false)}>
              Disable link
            </button>
            <button type="button" class="button button-secondary" onClick={() => change(true)}>
              Make a new link
            </button>
          </p>
        </>
      )}
      {campaign.self_assign && link && !link.invite_url && (
        <button type="button" class="button" onClick={() => change(true)}>
          Make an invite link
        </button>
      )}
    </section>
  );
}

function Texters({ org, campaignId, texters, onChanged }) {
  const [people, setPeople] = useState([]);
  const [userId, setUserId] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    api.listPeople(org.org_id).then((b) => setPeople(b.items), setError);
  }, [org.org_id]);

  const on = new Set(texters.map((t) => t.user_id));
  const candidates = people.filter((p) => !on.has(p.user_id));

  async function add(e) {
    e.preventDefault();
    setError(null);
    try {
      await api.addTexter(org.org_id, campaignId, Number(userId));
      setUserId('');
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function remove(id) {
    setError(null);
    try {
      await api.removeTexter(org.org_id, campaignId, id);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="card" aria-labelledby="texters-heading">
      <h2 id="texters-heading">Texters</h2>
      <ErrorText error={error} />
      {texters.length === 0 && <p class="muted">No texters yet: every conversation stays Unassigned (pre-loading).</p>}
      {texters.length > 0 && (
        <ul>
          {texters.map((t) => (
            <li key={t.user_id}>
              {t.name}{' '}
              <button type="button" class="button button-danger button-small" onClick={() => remove(t.user_id)}>
                Remove<span class="visually-hidden"> {t.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="form form-inline" onSubmit={add}>
        <div class="field field-grow">
          <label for="add-texter">Add a member of {org.org_name}</label>
          <select id="add-texter" value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {candidates.map((p) => (
              <option key={p.user_id} value={String(p.user_id)}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button" disabled={!userId}>
          Add texter
        </button>
      </form>
    </section>
  );
}

export function CampaignTexting({ org, params }) {
  const campaignId = Number(params.id);
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);

  async function load() {
    try {
      setSummary(await api.assignmentSummary(org.org_id, campaignId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id, campaignId]);
  usePoll(load, 5000);

  const campaign = summary ? summary.campaign : null;
  return (
    <>
      <CampaignBreadcrumb campaign={campaign} />
      <PageHeading title={campaign ? `Texting: ${campaign.name}` : 'Texting'} />
      {campaign && <CampaignTabs campaign={campaign} current={`/campaigns/${campaign.id}/texting`} />}
      <ErrorText error={error} />
      {!summary && !error && <p role="status">Loading…</p>}
      {summary && (
        <>
          <section class="card" aria-labelledby="counts-heading">
            <h2 id="counts-heading">Conversations</h2>
            <CountsTable summary={summary} />
            <p class="muted" data-testid="counts-at">
              {countsAsOf(summary.counts_at)}
            </p>
          </section>
          <SendingQueue org={org} campaignId={campaignId} zone={campaign.time_zone} queue={summary.queue} onResent={load} />
          <Texters org={org} campaignId={campaignId} texters={summary.texters} onChanged={load} />
          {summary.texters.length > 0 && <Moves org={org} campaignId={campaignId} texters={summary.texters} onMoved={load} />}
          <InviteLink org={org} campaign={summary.campaign} />
        </>
      )}
    </>
  );
}
