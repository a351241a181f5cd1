// One CSV upload: a file input, a button, a progress bar while the file
// goes up (XMLHttpRequest upload events), then onDone(report, file). The
// file is sent as it is; the server streams it.
import { useState } from 'preact/hooks';
import { ErrorText } from './ErrorText.jsx';
import { UploadProgress } from './UploadProgress.jsx';
import { useSubmit } from './useSubmit.js';

export function CsvUploadForm({ id, label, hint, buttonLabel, upload, onDone }) {
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null); // {sent, total} while uploading
  const [inputKey, setInputKey] = useState(0);

  async function send() {
    setProgress({ sent: 0, total: file.size });
    try {
      const report = await upload(file, (sent, total) => setProgress({ sent, total }));
      setFile(null);
      setInputKey((k) => k + 1);
      onDone(report, file);
    } catch (err) {
      throw new Error(`${file.name} was not taken: ${err.message}`);
    } finally {
      setProgress(null);
    }
  }
  const { busy, error, setError, submit: start } = useSubmit(send, { again: true });

  function submit(e) {
    e.preventDefault();
    if (!file) {
      setError(new Error('Choose a CSV file first.'));
      return;
    }
    start();
  }

  return (
    <form class="form" onSubmit={submit}>
      <div class="field">
        <label for={id}>{label}</label>
        <input
          key={inputKey}
          id={id}
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => setFile(e.currentTarget.files[0] || null)}
          aria-describedby={`${id}-hint`}
        />
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      </div>
      <ErrorText error={error} />
      {progress && <UploadProgress id={`${id}-progress`} label={`Uploading ${file.name}`} {...progress} />}
      <div>
        <button type="submit" class="button" disabled={busy}>
          {buttonLabel}
        </button>
      </div>
    </form>
  );
}
