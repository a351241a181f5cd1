// Why initial messages cannot go out right now, said plainly: before the
// start date, closed for the night, the number still provisioning, the
// wait after a launch in incident mode. Times are the campaign's, with its
// zone (and the texter's own clock when that differs). Counts down live (a
// minute away or less: by the second) and calls onOpen once the time it
// names has come.
import { useEffect, useState } from 'preact/hooks';
import { formatCountdown, formatTime } from '../components/format.js';

const TITLES = {
  before_start: 'Not started yet',
  outside_open_hours: 'Closed for the night',
  number_not_provisioned: 'The phone number is still provisioning',
  number_failed: 'The phone number could not be provisioned',
  incident_wait: 'Sending opens soon',
  after_end: 'The sending window has ended',
  paused: 'The campaign is paused',
  not_launched: 'The campaign has not launched',
  archived: 'The campaign is archived',
  failed: 'The campaign failed',
};

function explain(gate, zone, left) {
  const at = gate.opens_at ? formatTime(gate.opens_at, zone) : null;
  const inLeft = left !== null ? ` (in ${formatCountdown(left)})` : '';
  switch (gate.code) {
    case 'before_start':
      return at ? `Initial messages can be sent from ${at}${inLeft}. You can read your assignment now.` : gate.message;
    case 'outside_open_hours':
      return at ? `Texting opens again at ${at}${inLeft}.` : gate.message;
    case 'number_not_provisioned':
      return 'The carriers are still confirming the campaign\'s number. Sending opens as soon as it is ready; this page will know.';
    case 'incident_wait':
      return at ? `Sending opens in ${formatCountdown(left)}, at ${at}.` : gate.message;
    case 'after_end':
      return 'Initial messages can no longer be sent. You can still answer replies.';
    default:
      return gate.message;
  }
}

// zone: the campaign's time zone.
export function GateNotice({ gate, zone, onOpen }) {
  const [now, setNow] = useState(Date.now());
  const target = gate && gate.opens_at ? Date.parse(gate.opens_at) : null;
  const left = target !== null ? target - now : null;

  useEffect(() => {
    if (target === null) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [target]);

  useEffect(() => {
    if (left !== null && left <= 0 && onOpen) onOpen();
  }, [left !== null && left <= 0]);

  if (!gate) return null;
  return (
    <div class="notice gate" role="status">
      <p class="gate-title">{TITLES[gate.code] || 'Sending is closed'}</p>
      <p>{explain(gate, zone, left)}</p>
    </div>
  );
}
