// How long provisioning a single-use number is likely to take if launched
// now (GET launch-estimate: median and 90th percentile from our history by
// hour of the week, or a stated default while history is thin), and a
// warning when the campaign's start is sooner than that.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { formatDuration, formatTime } from './format.js';

export function LaunchEstimate({ org, campaign, launchAt }) {
  const [estimate, setEstimate] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    api.launchEstimate(org.org_id).then(setEstimate, setError);
  }, []);

  if (error) return <p class="muted">The provisioning estimate is not available ({error.message}).</p>;
  if (!estimate) return <p role="status">Estimating how long provisioning takes…</p>;

  const from = launchAt ? Date.parse(launchAt) : Date.now();
  const start = campaign.start_at ? Date.parse(campaign.start_at) : null;
  const lead = start === null ? null : (start - from) / 1000;
  let warning = null;
  if (lead !== null && lead < estimate.median_seconds) {
    warning = 'likely';
  } else if (lead !== null && lead < estimate.p90_seconds) {
    warning = 'possible';
  }

  return (
    <div class="estimate">
      <p>
        Provisioning a number takes about <strong data-testid="estimate-median">{formatDuration(estimate.median_seconds)}</strong>{' '}
        now; 9 in 10 are done within <strong data-testid="estimate-p90">{formatDuration(estimate.p90_seconds)}</strong>.
      </p>
      <p class="hint" data-testid="estimate-basis">
        {estimate.basis === 'history'
          ? `Based on history: ${estimate.samples} provisioning${estimate.samples === 1 ? '' : 's'} at this hour of the week.`
          : 'A default estimate: there is not enough history at this hour of the week yet.'}
      </p>
      {warning && (
        <p class="warning" role="alert">
          {lead <= 0
            ? `The start (${formatTime(campaign.start_at, campaign.time_zone)}) ${launchAt ? 'is before the scheduled launch' : 'has already passed'}.`
            : `The start (${formatTime(campaign.start_at, campaign.time_zone)}) is only ${formatDuration(lead)} ${launchAt ? 'after the scheduled launch' : 'from now'}.`}{' '}
          The number will {warning === 'likely' ? 'probably' : 'possibly'} not be ready by the start, and texters cannot
          send until it is. Launch earlier (the day before is best), or move the start later.
        </p>
      )}
    </div>
  );
}
