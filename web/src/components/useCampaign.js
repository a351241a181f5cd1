// One campaign (GET .../campaigns/:id) for a screen: {campaign, setCampaign,
// loadError, reload}. campaign is null while the first answer is awaited.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';

export function useCampaign(org, id) {
  const [campaign, setCampaign] = useState(null);
  const [loadError, setLoadError] = useState(null);

  async function reload() {
    setLoadError(null);
    try {
      const c = await api.getCampaign(org.org_id, id);
      setCampaign(c);
      return c;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }

  useEffect(() => {
    reload();
  }, [id]);

  return { campaign, setCampaign, loadError, reload };
}
