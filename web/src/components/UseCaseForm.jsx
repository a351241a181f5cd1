// "Add use case": a name for the team, the 10DLC campaign's id (Telnyx's
// or the registry's TCR id) and, optionally, its carrier throughput (the
// sender's pace; empty: the platform's default). The new use case is
// pending until the provider has been asked (within seconds).
import { useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { FieldError, fieldError, formError } from './FieldError.jsx';
import { useSubmit } from './useSubmit.js';

const FIELDS = ['name', 'provider_campaign_id', 'messages_per_minute'];

export function UseCaseForm({ org, onCreated }) {
  const [name, setName] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [pace, setPace] = useState('');
  const [done, setDone] = useState('');
  // Only what was sent is cleared on success; typing may go on meanwhile.
  const now = useRef({});
  now.current = { name, campaignId };

  async function create() {
    setDone('');
    const sent = { name, campaignId };
    const perMinute = pace.trim() === '' ? null : Number(pace.trim());
    const uc = await api.createUseCase(org.org_id, name.trim(), campaignId.trim(), perMinute);
    setPace('');
    if (now.current.name === sent.name) setName('');
    if (now.current.campaignId === sent.campaignId) setCampaignId('');
    setDone(`Use case ${uc.name} added; its status comes from the provider in a moment.`);
    onCreated(uc);
  }
  const { busy, error, submit } = useSubmit(create, { again: true });

  return (
    <form class="form" onSubmit={submit} aria-labelledby="add-use-case-heading">
      <h3 id="add-use-case-heading">Add use case</h3>
      <ErrorText error={formError(error, FIELDS)} />
      <div class="form-row">
        <div class="field field-grow">
          <label for="use-case-name">Use case name</label>
          <input
            id="use-case-name"
            type="text"
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...fieldError(error, 'name', 'use-case-name-error')}
          />
          <FieldError error={error} field="name" id="use-case-name-error" />
        </div>
        <div class="field field-grow">
          <label for="use-case-campaign">10DLC campaign id</label>
          <input
            id="use-case-campaign"
            type="text"
            required
            maxLength={64}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={campaignId}
            onInput={(e) => setCampaignId(e.currentTarget.value)}
            {...fieldError(error, 'provider_campaign_id', 'use-case-campaign-error', 'use-case-campaign-hint')}
          />
          <p class="hint" id="use-case-campaign-hint">
            The registry's TCR id (like C4XMF2X) or Telnyx's campaign id: either one; Launchline looks up the other.
          </p>
          <FieldError error={error} field="provider_campaign_id" id="use-case-campaign-error" />
        </div>
        <div class="field">
          <label for="use-case-pace">Messages per minute (optional)</label>
          <input
            id="use-case-pace"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={pace}
            onInput={(e) => setPace(e.currentTarget.value)}
            {...fieldError(error, 'messages_per_minute', 'use-case-pace-error', 'use-case-pace-hint')}
          />
          <p class="hint" id="use-case-pace-hint">
            The campaign's carrier throughput; empty uses the platform default (4,500, the Political class).
          </p>
          <FieldError error={error} field="messages_per_minute" id="use-case-pace-error" />
        </div>
      </div>
      <div>
        <button type="submit" class="button" disabled={busy}>
          Add use case
        </button>
      </div>
      <p class="note" role="status">
        {done}
      </p>
    </form>
  );
}
