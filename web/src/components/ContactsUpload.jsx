// Contacts of a draft: a CSV file sent as it is (the server streams it, so
// a million rows work), with a progress bar while it uploads, then the
// import report. Each upload adds to the contacts already there.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { ImportReport } from './ImportReport.jsx';
import { UploadProgress } from './UploadProgress.jsx';

export function ContactsUpload({ org, campaign, onImported }) {
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null); // {sent, total} while uploading
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [inputKey, setInputKey] = useState(0);

  async function upload(e) {
    e.preventDefault();
    if (!file) {
      setError(new Error('Choose a CSV file first.'));
      return;
    }
    setError(null);
    setReport(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const r = await api.uploadContacts(org.org_id, campaign.id, file, (sent, total) => setProgress({ sent, total }));
      setReport({ ...r, fileName: file.name });
      setFile(null);
      setInputKey((k) => k + 1);
      onImported(r);
    } catch (err) {
      setError(new Error(`${file.name} was not imported: ${err.message}`));
    } finally {
      setProgress(null);
    }
  }

  return (
    <section class="card" aria-labelledby="contacts-upload-heading">
      <h2 id="contacts-upload-heading">Contacts</h2>
      <p>
        {campaign.contact_count.toLocaleString('en-US')} contact{campaign.contact_count === 1 ? '' : 's'} so far.
      </p>
      {campaign.status === 'draft' ? (
        <form class="form" onSubmit={upload}>
          <div class="field">
            <label for="contacts-file">CSV file</label>
            <input
              key={inputKey}
              id="contacts-file"
              type="file"
              accept=".csv,text/csv"
              disabled={progress !== null}
              onChange={(e) => setFile(e.currentTarget.files[0] || null)}
              aria-describedby="contacts-file-hint"
            />
            <p class="hint" id="contacts-file-hint">
              A header row, then one contact per row: a phone column (US numbers in any usual format), first_name,
              last_name, and any other columns, which become merge fields. Duplicates, invalid rows and opted-out
              numbers are left out and reported.
            </p>
          </div>
          <ErrorText error={error} />
          {progress && <UploadProgress id="contacts-progress" label={`Uploading ${file.name}`} {...progress} />}
          <div>
            <button type="submit" class="button" disabled={progress !== null}>
              Upload contacts
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">Contacts can be uploaded only while the campaign is a draft.</p>
      )}
      {report && <ImportReport report={report} fileName={report.fileName} />}
    </section>
  );
}
