// The banner every signed-in page shows while the operator has switched
// provisioning-based launching off (a provider incident).
import { incidentMode } from './usePlatform.js';

export function IncidentBanner({ platform }) {
  if (!incidentMode(platform)) return null;
  const wait = platform.incident_wait_minutes;
  return (
    <div class="incident-banner" role="region" aria-label="Incident mode">
      <p>
        <strong>Provisioning-based launching is switched off</strong> during a provider incident. Launched campaigns
        become Active at once without waiting for their number, and their initial messages open{' '}
        {wait === 1 ? '1 minute' : `${wait} minutes`} after launch.
      </p>
    </div>
  );
}
