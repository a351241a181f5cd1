// Incident mode: a campaign launched while provisioning-based launching was
// off may send its initial messages only from its gate's opens_at. This
// shows the time left, ticking every second, and when it has come calls
// onOpen (the page loads the campaign again, whose gate says what holds
// then) instead of claiming anything itself.
import { useEffect, useState } from 'preact/hooks';
import { formatClock, formatTime } from './format.js';

export function SendingCountdown({ opensAt, zone, onOpen }) {
  const at = Date.parse(opensAt);
  const [now, setNow] = useState(Date.now);
  const left = at - now;

  useEffect(() => {
    if (!(left > 0)) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [left > 0]);

  useEffect(() => {
    if (left <= 0 && onOpen) onOpen();
  }, [left <= 0]);

  if (Number.isNaN(at)) return null;
  if (left <= 0) return <p class="countdown">Opening now…</p>;
  return (
    <p class="countdown">
      Incident mode: initial messages open in{' '}
      <span role="timer" aria-label="Time until initial messages open" class="countdown-clock">
        {formatClock(left)}
      </span>{' '}
      <span class="muted">(at {formatTime(opensAt, zone, { seconds: true })})</span>
    </p>
  );
}
