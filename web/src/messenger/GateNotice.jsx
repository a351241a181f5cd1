// Why initial messages cannot go out right now, said plainly: before the
// start date, closed for the night, the number still provisioning, the
// incident-mode countdown. Counts down live (a minute away or less: by
// the second) and calls onOpen once the time it names has come.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../components/format.js';

// "2 h 5 min", "4 min 09 s", "37 s"
export function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

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

function explain(gate, left) {
  const at = gate.opens_at ? formatDateTime(gate.opens_at) : null;
  switch (gate.code) {
    case 'before_start':
      return `Initial messages can be sent from ${at}${left !== null ? ` (in ${countdown(left)})` : ''}. You can read your assignment now.`;
    case 'outside_open_hours':
      return at ? `Texting opens again at ${at} (in ${countdown(left)}).` : gate.message;
    case 'number_not_provisioned':
      return 'The carriers are still confirming the campaign\'s number. Sending opens as soon as it is ready; this page will know.';
    case 'incident_wait':
      return `The provider is having an incident. Sending opens in ${countdown(left)}.`;
    case 'after_end':
      return 'Initial messages can no longer be sent. You can still answer replies.';
    default:
      return gate.message;
  }
}

export function GateNotice({ gate, onOpen }) {
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
      <p>{explain(gate, left)}</p>
    </div>
  );
}
