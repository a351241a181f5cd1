// A number's provisioning timeline, oldest first: when, what kind of step,
// and what happened (the provider's answer or our reason).
import { formatTime, humanize } from './format.js';

// zone: the campaign's time zone on its page (else the viewer's).
export function Timeline({ events, zone = null }) {
  if (events.length === 0) return <p class="muted">Nothing has happened yet.</p>;
  return (
    <ol class="timeline">
      {events.map((ev, i) => (
        <li key={i} class="timeline-entry">
          <time dateTime={ev.at} class="timeline-time">
            {formatTime(ev.at, zone, { seconds: true })}
          </time>
          <span class="timeline-kind">{humanize(ev.kind)}</span>
          <span class="timeline-detail">{ev.detail}</span>
        </li>
      ))}
    </ol>
  );
}
