// The platform switches (GET /platform): {provisioning_launch,
// incident_wait_minutes}, or null until known. Fetched on mount and again
// every 30 s, so the incident banner comes and goes without a reload. A
// failure keeps what was known: the banner is a notice, not a gate.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { usePoll } from './usePoll.js';

export function usePlatform() {
  const [platform, setPlatform] = useState(null);

  async function load() {
    try {
      setPlatform(await api.platform());
    } catch {
      // Keep the last answer.
    }
  }

  useEffect(() => {
    load();
  }, []);
  usePoll(load, 30000);
  return platform;
}

// True while provisioning-based launching is switched off.
export const incidentMode = (platform) => Boolean(platform && platform.provisioning_launch === false);
