// Launch a draft (/campaigns/:id/launch): what launching will do with this
// campaign's number, the checks (the browser's from the saved draft, then
// the server's own, whose refusal names what to fix), the provisioning
// estimate for a single-use number with a warning when the start is too
// close, and an optional scheduled launch ("launch at", carried out by a
// background role).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { LaunchChecklist } from '../components/LaunchChecklist.jsx';
import { LaunchEstimate } from '../components/LaunchEstimate.jsx';
import { CampaignBreadcrumb, campaignPending } from '../components/CampaignFrame.jsx';
import { useCampaign } from '../components/useCampaign.js';
import { incidentMode, usePlatform } from '../components/usePlatform.js';
import { useSubmit } from '../components/useSubmit.js';
import { setFlash } from '../components/flash.js';
import { utcToZoned, zonedToUtc } from '../tz.js';
import { formatTime, numberLabel, zoneLabel } from '../components/format.js';

// What the server's launch_not_ready field means, for the message.
const CHECK_NAMES = {
  script: 'the script',
  contacts: 'the contacts',
  start_at: 'the sending window',
  end_at: 'the sending window',
  use_case_id: 'the use case',
  regions: 'the area-code regions',
  phone_number_id: 'the sending number',
  number_mode: 'the sending number',
};

function WhatHappens({ campaign, incident, wait }) {
  if (incident) {
    return (
      <p>
        Provisioning-based launching is switched off: the campaign becomes <strong>Active at once</strong>
        {campaign.number_mode === 'single_use' ? ' while its new number is still being provisioned' : ''}, and its
        initial messages open {wait} minutes after launch.
      </p>
    );
  }
  if (campaign.number_mode === 'single_use') {
    return (
      <p>
        A new number is ordered from the campaign’s area-code regions. The campaign is <strong>Launching</strong> until the
        carriers confirm the number, then becomes <strong>Active</strong> by itself (or Failed if the number cannot be
        provisioned).
      </p>
    );
  }
  const from = campaign.phone_number ? ` from ${numberLabel(campaign.phone_number)}` : '';
  return (
    <p>
      The number is already provisioned: the campaign becomes <strong>Active at once</strong> and sends{from}.
    </p>
  );
}

export function CampaignLaunch({ org, params }) {
  const { campaign, setCampaign, loadError, reload } = useCampaign(org, params.id);
  const platform = usePlatform();
  const [when, setWhen] = useState('now');
  const [at, setAt] = useState('');
  const [done, setDone] = useState('');
  // Launching and cancelling a scheduled launch share one busy and one error.
  const { busy, error, submit: run } = useSubmit((step) => step(), { again: true });

  const pending = campaignPending({ org, campaign, loadError, reload, title: 'Launch campaign' });
  if (pending) return pending;

  if (campaign.status !== 'draft') {
    return (
      <>
        <CampaignBreadcrumb campaign={campaign} />
        <PageHeading title={`Launch ${campaign.name}`} />
        <p>
          This campaign has already been launched. <Link href={`/campaigns/${campaign.id}`}>See the campaign</Link>.
        </p>
      </>
    );
  }

  const incident = incidentMode(platform);
  const launchAtUtc = when === 'later' ? zonedToUtc(at, campaign.time_zone) : null;

  async function launch() {
    setDone('');
    if (when === 'later') {
      if (!launchAtUtc) throw new api.ApiError(422, 'validation_failed', 'Choose the date and time to launch at.', 'launch_at');
      const updated = await api.updateCampaign(org.org_id, campaign.id, { launch_at: launchAtUtc });
      setCampaign(updated);
      setDone(`Scheduled: the campaign launches at ${formatTime(updated.launch_at, updated.time_zone)}.`);
    } else {
      const launched = await api.campaignAction(org.org_id, campaign.id, 'launch');
      setFlash(
        launched.status === 'launching'
          ? `${launched.name} is launching: its number is being provisioned.`
          : `${launched.name} is active.`,
        { whileStatus: launched.status },
      );
      navigate(`/campaigns/${campaign.id}`);
    }
  }

  async function unschedule() {
    setCampaign(await api.updateCampaign(org.org_id, campaign.id, { launch_at: null }));
    setDone('The scheduled launch is cancelled.');
  }

  const serverCheck = error && error.code === 'launch_not_ready';
  return (
    <>
      <CampaignBreadcrumb campaign={campaign} />
      <PageHeading title={`Launch ${campaign.name}`} />

      <section class="card" aria-labelledby="launch-what-heading">
        <h2 id="launch-what-heading">What happens</h2>
        <WhatHappens campaign={campaign} incident={incident} wait={platform ? platform.incident_wait_minutes : 10} />
        {campaign.number_mode === 'single_use' && !incident && (
          <LaunchEstimate org={org} campaign={campaign} launchAt={launchAtUtc} />
        )}
      </section>

      <section class="card" aria-labelledby="launch-checks-heading">
        <h2 id="launch-checks-heading">Checks</h2>
        <LaunchChecklist campaign={campaign} />
      </section>

      <section class="card" aria-labelledby="launch-when-heading">
        <h2 id="launch-when-heading">When</h2>
        {campaign.launch_error && (
          <p class="error">The last scheduled launch did not happen: {campaign.launch_error}</p>
        )}
        {campaign.launch_at && (
          <div class="notice">
            <p>
              Scheduled to launch at <strong>{formatTime(campaign.launch_at, campaign.time_zone)}</strong>.
            </p>
            <button type="button" class="button button-secondary button-small" disabled={busy} onClick={() => run(unschedule)}>
              Cancel scheduled launch
            </button>
          </div>
        )}
        <form class="form" onSubmit={(e) => run(e, launch)}>
          <div class="radio-row" role="radiogroup" aria-label="When to launch">
            <label class="radio">
              <input type="radio" name="launch-when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} />{' '}
              Launch now
            </label>
            <label class="radio">
              <input
                type="radio"
                name="launch-when"
                value="later"
                checked={when === 'later'}
                onChange={() => {
                  setWhen('later');
                  if (!at) setAt(utcToZoned(campaign.launch_at || new Date(Date.now() + 3600000).toISOString(), campaign.time_zone));
                }}
              />{' '}
              Launch at a set time
            </label>
          </div>
          {when === 'later' && (
            <div class="field">
              <label for="launch-at">Launch at ({zoneLabel(campaign.time_zone)})</label>
              <input
                id="launch-at"
                type="datetime-local"
                required
                value={at}
                onInput={(e) => setAt(e.currentTarget.value)}
                aria-invalid={error && error.field === 'launch_at' ? 'true' : undefined}
              />
            </div>
          )}
          {serverCheck ? (
            <p class="error" role="alert">
              Not launched: {error.message.replace(/\.$/, '')}
              {error.field && CHECK_NAMES[error.field] && ` (${CHECK_NAMES[error.field]})`}.{' '}
              <Link href={`/campaigns/${campaign.id}/edit`}>Fix in settings</Link>
            </p>
          ) : (
            <ErrorText error={error} />
          )}
          <div class="form-actions">
            <button type="submit" class="button" disabled={busy}>
              {when === 'later' ? 'Schedule launch' : 'Launch now'}
            </button>
            <p class="note" role="status">
              {done}
            </p>
          </div>
        </form>
      </section>
    </>
  );
}
