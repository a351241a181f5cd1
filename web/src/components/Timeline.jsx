// A number's provisioning timeline, oldest first: when, what kind of step,
// and what happened (the provider's answer or our reason), in words first;
// the provider's raw status or order id below it, for its support.
import { formatTime, humanize } from './format.js';
import { providerText } from './providerWords.js';

// The provider's tokens of a step, as a detail.
export function ProviderTokens({ tokens }) {
  if (tokens.length === 0) return null;
  return (
    <span class="provider-token muted small">
      Provider’s code:{' '}
      {tokens.map((t, i) => (
        <span key={t}>
          {i > 0 && ', '}
          <code>{t}</code>
        </span>
      ))}
    </span>
  );
}

// zone: the campaign's time zone on its page (else the viewer's).
export function Timeline({ events, zone = null }) {
  if (events.length === 0) return <p class="muted">Nothing has happened yet.</p>;
  return (
    <ol class="timeline">
      {events.map((ev, i) => {
        const { words, tokens } = providerText(ev.detail);
        return (
          <li key={i} class="timeline-entry">
            <time dateTime={ev.at} class="timeline-time">
              {formatTime(ev.at, zone, { seconds: true })}
            </time>
            <span class="timeline-kind">{humanize(ev.kind)}</span>
            <span class="timeline-detail">
              <span class="timeline-words">{words}</span>
              <ProviderTokens tokens={tokens} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}
