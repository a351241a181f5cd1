// A file's upload as a progress bar with its percentage; once every byte
// is sent, the server is still importing: the bar then shows no value
// (indeterminate) and says so.
export function UploadProgress({ id, label, sent, total }) {
  const done = total > 0 && sent >= total;
  const pct = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  return (
    <div class="upload-progress">
      <label for={id}>{done ? `${label}: importing…` : `${label}: ${pct}%`}</label>
      {done ? <progress id={id} /> : <progress id={id} max={100} value={pct} />}
    </div>
  );
}
