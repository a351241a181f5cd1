// The banner every signed-in page shows organizers (owners, admins,
// supervisors) while the operator has switched provisioning-based
// launching off (a provider incident): it explains what launching does
// meanwhile. Texters are not shown it: what holds for their sending is in
// their assignments (the gate's wait, with when it opens).
import { incidentMode, usePlatform } from './usePlatform.js';

export function IncidentBanner() {
  const platform = usePlatform();
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
