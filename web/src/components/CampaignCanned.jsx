// "Canned responses" on the campaign page: the campaign's own (add, edit,
// delete) and the organization-wide ones it includes (include one, leave
// one out). Merge fields: the three of every script and the columns of
// the campaign's contact file.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { ErrorText } from './ErrorText.jsx';
import { CannedForm, CannedList } from './CannedEditor.jsx';
import { useSubmit } from './useSubmit.js';

const STANDARD = ['first_name', 'last_name', 'texter_first_name'];

export function CampaignCanned({ org, campaign }) {
  const orgId = org.org_id;
  const [items, setItems] = useState(null);
  const [orgWide, setOrgWide] = useState([]);
  const [loadError, setLoadError] = useState(null);
  const [pick, setPick] = useState('');
  const [adding, setAdding] = useState(false);
  const fields = [...STANDARD, ...(campaign.contact_columns || [])];

  async function load() {
    try {
      const [mine, all] = await Promise.all([api.listCampaignCanned(orgId, campaign.id), api.listOrgCanned(orgId)]);
      setItems(mine.items);
      setOrgWide(all.items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }
  useEffect(() => {
    load();
  }, [orgId, campaign.id]);

  const including = useSubmit(
    async () => {
      await api.includeCanned(orgId, campaign.id, Number(pick));
      setPick('');
      await load();
    },
    { again: true },
  );

  const includedIds = new Set((items || []).map((c) => c.id));
  const includable = orgWide.filter((c) => !includedIds.has(c.id));

  return (
    <section class="card" aria-labelledby="campaign-canned-heading">
      <h2 id="campaign-canned-heading">Canned responses</h2>
      <p class="muted">Prepared replies texters put in the reply box with one tap, then edit or send.</p>
      <ErrorText error={loadError} />
      {items && items.length === 0 && <p class="muted">None yet.</p>}
      {items && items.length > 0 && (
        <CannedList
          items={items}
          fields={fields}
          onUpdate={async (c, f) => {
            await api.updateCanned(orgId, c.id, f);
            await load();
          }}
          onDelete={async (c) => {
            await api.deleteCanned(orgId, c.id);
            await load();
          }}
          onLeaveOut={async (c) => {
            await api.excludeCanned(orgId, campaign.id, c.id);
            await load();
          }}
        />
      )}
      {adding ? (
        <CannedForm
          id="canned-new"
          fields={fields}
          saveLabel="Add canned response"
          onSave={async (f) => {
            await api.createCanned(orgId, campaign.id, f);
            await load();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <p>
          <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
            New canned response
          </button>
        </p>
      )}
      {includable.length > 0 && (
        <form class="form form-inline" onSubmit={including.submit}>
          <ErrorText error={including.error} />
          <div class="field field-grow">
            <label for="canned-include">Include an organization-wide one</label>
            <select id="canned-include" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {includable.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button" disabled={!pick || including.busy}>
            Include
          </button>
        </form>
      )}
      <p class="small canned-more">
        <Link href="/canned-responses">Organization-wide canned responses</Link>
      </p>
    </section>
  );
}
