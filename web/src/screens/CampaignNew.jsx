// New campaign (/campaigns/new): a name and a description make the draft;
// everything else (number, window, script, contacts) is set on its edit
// page, where the organization's defaults are shown.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { FieldError, fieldError, formError } from '../components/FieldError.jsx';
import { useSubmit } from '../components/useSubmit.js';

const FIELDS = ['name', 'description'];

export function CampaignNew({ org }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  async function create() {
    const c = await api.createCampaign(org.org_id, { name: name.trim(), description: description.trim() });
    navigate(`/campaigns/${c.id}/edit`);
  }
  const { busy, error, submit } = useSubmit(create);

  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href="/campaigns">← Campaigns</Link>
      </nav>
      <PageHeading title="New campaign" />
      <p class="lead">
        Name the campaign to create its draft. Then choose its number, sending window and script, and upload its
        contacts.
      </p>
      <section class="card" aria-labelledby="new-campaign-heading">
        <h2 id="new-campaign-heading">Campaign</h2>
        <form class="form" onSubmit={submit}>
          <ErrorText error={formError(error, FIELDS)} />
          <div class="field">
            <label for="new-campaign-name">Name</label>
            <input
              id="new-campaign-name"
              type="text"
              required
              maxLength={200}
              autoComplete="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              {...fieldError(error, 'name', 'new-campaign-name-error')}
            />
            <FieldError error={error} field="name" id="new-campaign-name-error" />
          </div>
          <div class="field">
            <label for="new-campaign-description">
              Description <span class="optional">(optional)</span>
            </label>
            <textarea
              id="new-campaign-description"
              rows={3}
              maxLength={2000}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
              {...fieldError(error, 'description', 'new-campaign-description-error', 'new-campaign-description-hint')}
            />
            <p class="hint" id="new-campaign-description-hint">
              Texters see it: say what the campaign is about.
            </p>
            <FieldError error={error} field="description" id="new-campaign-description-error" />
          </div>
          <div>
            <button type="submit" class="button" disabled={busy}>
              Create draft
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
