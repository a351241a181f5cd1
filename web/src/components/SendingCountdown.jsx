// Incident mode: a campaign launched while provisioning-based launching was
// off may send its initial messages only from sending_opens_at. This shows
// the time left, ticking every second, and says when it has come.
import { useEffect, useState } from 'preact/hooks';
import { formatClock } from '../tz.js';
import { formatDateTime } from './format.js';

export function SendingCountdown({ opensAt }) {
  const at = Date.parse(opensAt);
  const [now, setNow] = useState(Date.now);
  const left = at - now;

  useEffect(() => {
    if (!(left > 0)) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [left > 0]);

  if (Number.isNaN(at)) return null;
  if (left <= 0) {
    return (
      <p class="countdown countdown-open" role="status">
        Initial messages are open (since {formatDateTime(opensAt)}).
      </p>
    );
  }
  return (
    <p class="countdown">
      Incident mode: initial messages open in{' '}
      <span role="timer" aria-label="Time until initial messages open" class="countdown-clock">
        {formatClock(left)}
      </span>{' '}
      <span class="muted">(at {formatDateTime(opensAt, { seconds: true })})</span>
    </p>
  );
}
