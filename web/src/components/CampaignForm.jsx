// The campaign's settings as one form: name and message parts, sending
// window, sending number, initial message script, texter settings. Save
// sends only what changed (and may still change); the API's refusals show
// at their field, which gets focus, and above the Save button. Leaving
// with unsaved changes (another screen, "Review and launch", closing the
// tab) asks first.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { MessageFields } from './MessageFields.jsx';
import { WindowFields } from './WindowFields.jsx';
import { NumberFields } from './NumberFields.jsx';
import { ScriptEditor } from './ScriptEditor.jsx';
import { TexterFields } from './TexterFields.jsx';
import { changes, isEditable, toForm } from './campaignForm.js';
import { useSubmit } from './useSubmit.js';
import { useLeaveGuard } from '../router.jsx';

const UNSAVED = 'This campaign has changes that are not saved. Leave without saving them?';

// Where focus goes when the API names a field.
const FIELD_INPUTS = {
  name: 'campaign-name',
  description: 'campaign-description',
  org_display_name: 'campaign-display-name',
  opt_out_language: 'campaign-opt-out',
  time_zone: 'campaign-time-zone',
  start_at: 'campaign-start',
  end_at: 'campaign-end',
  open_from: 'campaign-open-from',
  open_until: 'campaign-open-until',
  phone_number_id: 'campaign-number',
  use_case_id: 'campaign-use-case',
  regions: 'region-1-area',
  script: 'campaign-script',
  self_assign: 'campaign-self-assign',
  batch_size: 'campaign-batch-size',
};

export function CampaignForm({ org, me, campaign, contacts, onSaved }) {
  const [f, setF] = useState(() => toForm(campaign));
  const [done, setDone] = useState('');
  const set = (patch) => {
    setF((old) => ({ ...old, ...patch }));
    setDone('');
  };
  const editable = (field) => isEditable(campaign, field);
  const launched = campaign.status !== 'draft';
  const dirty = Object.keys(changes(f, campaign)).length > 0;
  useLeaveGuard(dirty ? UNSAVED : null);

  async function save(body) {
    setDone('');
    try {
      const updated = await api.updateCampaign(org.org_id, campaign.id, body);
      setF(toForm(updated));
      setDone('Saved.');
      onSaved(updated);
    } catch (err) {
      const el = err.field && document.getElementById(FIELD_INPUTS[err.field] || '');
      if (el) el.focus();
      throw err;
    }
  }
  const { busy, error, setError, submit: send } = useSubmit(save, { again: true });

  function submit(e) {
    e.preventDefault();
    const body = changes(f, campaign);
    if (Object.keys(body).length === 0) {
      setError(null);
      setDone('Nothing has changed.');
      return;
    }
    send(body);
  }

  const props = { f, set, error, editable, campaign };
  return (
    <section class="card" aria-labelledby="campaign-settings-heading">
      <h2 id="campaign-settings-heading">Settings</h2>
      <form class="form campaign-form" onSubmit={submit} noValidate>
        <MessageFields {...props} />
        <NumberFields org={org} {...props} />
        <WindowFields {...props} launched={launched} />
        <ScriptEditor org={org} me={me} contacts={contacts} {...props} />
        <TexterFields {...props} />
        <ErrorText error={error && error.field ? new Error(`Not saved: ${error.message}`) : error} />
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            Save changes
          </button>
          <p class="note" role="status">
            {done || (dirty ? 'Unsaved changes.' : '')}
          </p>
        </div>
      </form>
    </section>
  );
}
