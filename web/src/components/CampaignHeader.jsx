// The top of a campaign's page: its status, the number it sends from with
// the number's provisioning tag, what the status means now, and whether
// initial messages may go out (in incident mode with the countdown to when
// they open). Every sentence here is read from the campaign as it is now
// (the page polls it), never from what was done to it: no "is launching"
// beside an Active tag.
import { CampaignStatusTag } from './CampaignStatusTag.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { SendingCountdown } from './SendingCountdown.jsx';
import { Link } from '../router.jsx';
import { formatTime, numberLabel } from './format.js';
import { NUMBER_MODE_LABELS } from './campaignFormat.js';
import { providerText } from './providerWords.js';

function meaning(c) {
  switch (c.status) {
    case 'draft':
      return c.launch_at
        ? `A draft, scheduled to launch at ${formatTime(c.launch_at, c.time_zone)}.`
        : 'A draft: nothing is sent until it is launched.';
    case 'launching':
      return 'Its number is being provisioned with the carriers; the campaign becomes Active by itself when it is complete.';
    case 'active':
      return 'Texters can send within the sending window and open hours.';
    case 'paused':
      return 'Paused: no initial messages go out until it is resumed.';
    case 'failed':
      return 'Its number could not be provisioned. Retry with a new number, or archive it.';
    case 'archived':
      return 'Archived: it can no longer send.';
    default:
      return '';
  }
}

// Whether initial messages may go out now, and if not why and until when
// (the server's sending gate); only once launched. The incident wait
// counts down, and its end (onOpen) asks for the campaign again, whose
// gate then says what holds now.
function SendingState({ gate, timeZone, onOpen }) {
  if (!gate) return null;
  const incident = !gate.open && gate.code === 'incident_wait' && gate.opens_at;
  return (
    <div class={gate.open ? 'gate gate-open' : 'gate'} data-testid="sending-gate">
      <p>
        <strong>Initial messages: {gate.open ? 'open now' : 'closed'}.</strong>
        {!gate.open && ` ${gate.message}`}
        {!gate.open && gate.opens_at && !incident && ` They open ${formatTime(gate.opens_at, timeZone)}.`}
      </p>
      {incident && <SendingCountdown opensAt={gate.opens_at} zone={timeZone} onOpen={onOpen} />}
    </div>
  );
}

// canOpenNumber: the viewer may open the number's own page (owner, admin);
// onStale: the campaign changed by the clock (a wait ended): load it again.
export function CampaignHeader({ campaign: c, canOpenNumber, onStale }) {
  const n = c.phone_number;
  const launched = !['draft', 'failed', 'archived'].includes(c.status);
  return (
    <section class="card campaign-header" aria-labelledby="campaign-status-heading">
      <h2 id="campaign-status-heading" class="visually-hidden">
        Status
      </h2>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="campaign-status">
            <CampaignStatusTag status={c.status} />
          </dd>
        </div>
        <div>
          <dt>Sending number</dt>
          <dd data-testid="campaign-number">
            {n ? (
              <span class="status status-stack">
                {canOpenNumber ? (
                  <Link href={`/numbers/${n.id}`} class="number-link">
                    {numberLabel(n)}
                  </Link>
                ) : (
                  <span class="number-link">{numberLabel(n)}</span>
                )}
                <ProvisioningTag number={n} />
                {n.released && <span class="muted small">Released</span>}
                {n.use_case && n.use_case.status && n.use_case.status !== 'approved' && (
                  <span class="failure-reason" data-testid="use-case-warning">
                    Its use case “{n.use_case.name}” is {n.use_case.status} at the provider
                    {n.use_case.status_detail ? ` (${providerText(n.use_case.status_detail).words.toLowerCase()})` : ''}.
                  </span>
                )}
              </span>
            ) : c.number_mode === 'single_use' ? (
              <span class="muted">Single-use, ordered at launch</span>
            ) : (
              <span class="muted">{NUMBER_MODE_LABELS[c.number_mode] ? 'Not chosen yet' : 'Not chosen'}</span>
            )}
          </dd>
        </div>
      </dl>
      <p class="campaign-meaning">{meaning(c)}</p>
      {c.status === 'draft' && c.launch_error && (
        <p class="error" role="alert">
          The scheduled launch did not happen: {c.launch_error}
        </p>
      )}
      {launched && <SendingState gate={c.sending} timeZone={c.time_zone} onOpen={onStale} />}
    </section>
  );
}
