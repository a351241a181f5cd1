// The contacts of a campaign on its edit page. A draft (not a followup,
// whose audience is its original's contacts) adds contacts from a CSV
// file; any campaign still able to send takes contacts out with a removal
// list (a CSV of phones; only those still waiting for their initial
// message and unassigned go). Each upload ends in its report.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { CsvUploadForm } from './CsvUploadForm.jsx';
import { ImportReport, REMOVAL_ROWS } from './ImportReport.jsx';

const REMOVABLE = ['draft', 'launching', 'active', 'paused'];

export function ContactsUpload({ org, campaign, onImported }) {
  const [report, setReport] = useState(null); // {kind, report, fileName}
  const canImport = campaign.status === 'draft' && campaign.number_mode !== 'followup';
  const canRemove = REMOVABLE.includes(campaign.status);

  function done(kind) {
    return (r, file) => {
      setReport({ kind, report: r, fileName: file.name });
      onImported(r);
    };
  }

  return (
    <section class="card" aria-labelledby="contacts-upload-heading">
      <h2 id="contacts-upload-heading">Contacts</h2>
      <p>
        {campaign.contact_count.toLocaleString('en-US')} contact{campaign.contact_count === 1 ? '' : 's'} so far.
        {campaign.number_mode === 'followup' && ' A followup’s audience is its original campaign’s contacts, less its targeting.'}
      </p>
      {canImport && (
        <CsvUploadForm
          id="contacts-file"
          label="CSV file"
          hint="A header row, then one contact per row: a phone column (US numbers in any usual format), first_name, last_name, and any other columns, which become merge fields. Duplicates, invalid rows and opted-out numbers are left out and reported."
          buttonLabel="Upload contacts"
          upload={(file, progress) => api.uploadContacts(org.org_id, campaign.id, file, progress)}
          onDone={done('import')}
        />
      )}
      {canRemove && (
        <details class="removals" open={campaign.number_mode === 'followup'}>
          <summary>Remove contacts with a list</summary>
          <CsvUploadForm
            id="removals-file"
            label="Removal list"
            hint="A CSV with a phone column. Those contacts are taken out if they are still waiting for their initial message and unassigned."
            buttonLabel="Remove contacts"
            upload={(file, progress) => api.uploadRemovals(org.org_id, campaign.id, file, progress)}
            onDone={done('removal')}
          />
        </details>
      )}
      {!canImport && !canRemove && <p class="muted">This campaign’s contacts can no longer change.</p>}
      {report && (
        <ImportReport
          key={report.fileName + report.kind}
          report={report.report}
          fileName={report.fileName}
          title={report.kind === 'removal' ? 'Removal report' : 'Import report'}
          rows={report.kind === 'removal' ? REMOVAL_ROWS : undefined}
        />
      )}
    </section>
  );
}
