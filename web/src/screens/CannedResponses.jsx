// The organization-wide canned responses (/canned-responses): organizers
// add, edit and delete them here; each campaign includes the ones its
// texters should get (on the campaign's page), and a text's merge fields
// are checked against each campaign that includes it.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { CannedForm, CannedList } from '../components/CannedEditor.jsx';

const STANDARD = ['first_name', 'last_name', 'texter_first_name'];

export function CannedResponses({ org }) {
  const orgId = org.org_id;
  const [items, setItems] = useState(null);
  const [loadError, setLoadError] = useState(null);

  async function load() {
    try {
      setItems((await api.listOrgCanned(orgId)).items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }
  useEffect(() => {
    load();
  }, [orgId]);

  const more = 'and the contact columns of each campaign that includes it';
  return (
    <>
      <PageHeading title="Canned responses" />
      <p class="lead">
        Replies for every campaign of {org.org_name}. A campaign offers one to its texters once it includes it, on the
        campaign&apos;s page.
      </p>
      <ErrorText error={loadError} />
      <section class="card" aria-labelledby="canned-list-heading">
        <h2 id="canned-list-heading">Organization-wide</h2>
        {items && items.length === 0 && <p class="muted">None yet.</p>}
        {items && items.length > 0 && (
          <CannedList
            items={items}
            fields={STANDARD}
            more={more}
            onUpdate={async (c, f) => {
              await api.updateCanned(orgId, c.id, f);
              await load();
            }}
            onDelete={async (c) => {
              await api.deleteCanned(orgId, c.id);
              await load();
            }}
          />
        )}
      </section>
      <section class="card" aria-labelledby="canned-new-heading">
        <h2 id="canned-new-heading">New canned response</h2>
        <CannedForm
          id="canned-org-new"
          fields={STANDARD}
          more={more}
          saveLabel="Add canned response"
          onSave={async (f) => {
            await api.createCanned(orgId, null, f);
            await load();
          }}
        />
      </section>
    </>
  );
}
