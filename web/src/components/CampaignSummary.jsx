// A campaign's settings at a glance, times in its own time zone.
import { formatCount, formatTime, zoneLabel } from './format.js';
import { NUMBER_MODE_LABELS, regionsText } from './campaignFormat.js';

function Fact({ label, children }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const none = <span class="muted">Not set</span>;

export function CampaignSummary({ campaign: c }) {
  return (
    <section class="card" aria-labelledby="campaign-settings-summary-heading">
      <h2 id="campaign-settings-summary-heading">Settings</h2>
      <dl class="facts">
        <Fact label="Description">{c.description || <span class="muted">None</span>}</Fact>
        <Fact label="Time zone">{zoneLabel(c.time_zone)}</Fact>
        <Fact label="Start of initial messages">{c.start_at ? formatTime(c.start_at, c.time_zone) : none}</Fact>
        <Fact label="End of initial messages">{c.end_at ? formatTime(c.end_at, c.time_zone) : none}</Fact>
        <Fact label="Open hours">
          {c.open_from}–{c.open_until} local
        </Fact>
        <Fact label="Number">{NUMBER_MODE_LABELS[c.number_mode] || none}</Fact>
        {c.number_mode === 'single_use' && <Fact label="Regions">{regionsText(c.regions)}</Fact>}
        <Fact label="Organization display name">{c.effective_org_display_name}</Fact>
        <Fact label="Opt-out language">{c.effective_opt_out_language}</Fact>
        <Fact label="Self assign">{c.self_assign ? 'On' : 'Off'}</Fact>
        <Fact label="Batch size">{formatCount(c.batch_size)}</Fact>
        {c.launch_at && c.status === 'draft' && <Fact label="Scheduled launch">{formatTime(c.launch_at, c.time_zone)}</Fact>}
        {c.launched_at && <Fact label="Launched">{formatTime(c.launched_at, c.time_zone)}</Fact>}
        {c.activated_at && <Fact label="Active since">{formatTime(c.activated_at, c.time_zone)}</Fact>}
        {c.archived_at && <Fact label="Archived">{formatTime(c.archived_at, c.time_zone)}</Fact>}
      </dl>
      <h3 class="script-heading">Script</h3>
      {c.script ? <p class="script-text">{c.script}</p> : <p class="muted">No script yet.</p>}
    </section>
  );
}
