// What a launch needs, checked in the browser from the campaign as saved:
// a script, contacts, a valid window, and a number (a complete dedicated
// one, or an approved use case and regions for a single-use one). The
// server checks the same again (and the use case's room) when launching.
import { Link } from '../router.jsx';

export function launchChecks(c) {
  const now = Date.now();
  const start = c.start_at ? Date.parse(c.start_at) : null;
  const end = c.end_at ? Date.parse(c.end_at) : null;
  let number;
  if (c.number_mode === 'dedicated') {
    number = {
      ok: Boolean(c.phone_number && c.phone_number.provisioning_status === 'complete'),
      text: c.phone_number ? 'A dedicated number with provisioning complete' : 'Choose a dedicated number',
    };
  } else if (c.number_mode === 'single_use') {
    number = {
      ok: Boolean(c.use_case_id && c.regions && c.regions.length),
      text: !c.use_case_id ? 'Choose an approved use case for the new number' : c.regions && c.regions.length ? 'A use case and area-code regions for the new number' : 'Add at least one area-code region',
    };
  } else if (c.number_mode === 'followup') {
    number = {
      ok: Boolean(c.phone_number && c.phone_number.provisioning_status === 'complete'),
      text: 'The original campaign’s number is complete',
    };
  } else {
    number = { ok: false, text: 'Choose a dedicated or a single-use number' };
  }
  return [
    { field: 'script', ok: Boolean(c.script && c.script.trim()), text: c.script && c.script.trim() ? 'A script' : 'Write the script' },
    {
      field: 'contacts',
      ok: c.contact_count > 0,
      text: c.contact_count > 0 ? `${c.contact_count.toLocaleString('en-US')} contacts` : 'Upload at least one contact',
    },
    {
      field: 'start_at',
      ok: start !== null && end !== null && end > start && end > now,
      text:
        start === null || end === null
          ? 'Set the start and end of initial messages'
          : end <= start
            ? 'The end must come after the start'
            : end <= now
              ? 'The end has already passed'
              : 'A sending window',
    },
    { field: 'number', ...number },
  ];
}

export function LaunchChecklist({ campaign }) {
  const checks = launchChecks(campaign);
  return (
    <ul class="checklist" aria-label="Ready to launch">
      {checks.map((c) => (
        <li key={c.field} class={c.ok ? 'check-ok' : 'check-missing'}>
          <span class="check-mark" aria-hidden="true">
            {c.ok ? '✓' : '✗'}
          </span>{' '}
          <span class="visually-hidden">{c.ok ? 'Done: ' : 'Missing: '}</span>
          {c.text}
          {!c.ok && (
            <>
              {' '}
              <Link href={`/campaigns/${campaign.id}/edit`}>Fix in settings</Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
