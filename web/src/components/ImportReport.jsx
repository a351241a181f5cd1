// What a contact upload did: rows imported, duplicates, invalid rows and
// opted-out numbers left out (or, for a removal list, contacts removed and
// phones not found), then the problems with their line numbers (the server
// sends the first 100).
export const REMOVAL_ROWS = [
  ['removed', 'Removed'],
  ['not_found', 'Not found or already messaged'],
  ['invalid', 'Invalid'],
];

const ROWS = [
  ['imported', 'Imported'],
  ['duplicates', 'Duplicates'],
  ['invalid', 'Invalid'],
  ['opted_out', 'Opted out (left out)'],
];

export function ImportReport({ report, fileName, title = 'Import report', rows = ROWS }) {
  const problems = report.problems || [];
  const shownAll = problems.length < 100;
  return (
    <section class="import-report" aria-labelledby="import-report-heading">
      <h3 id="import-report-heading">
        {title}
        {fileName ? `: ${fileName}` : ''}
      </h3>
      <dl class="facts counts">
        {rows.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`import-${key}`}>{Number(report[key] || 0).toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
      {problems.length > 0 && (
        <>
          <table class="table problems">
            <caption class="visually-hidden">Problems by line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td data-label="Line">{p.line}</td>
                  <td data-label="Problem" class="wrap">
                    {p.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!shownAll && <p class="hint">Only the first {problems.length} problems are listed.</p>}
        </>
      )}
    </section>
  );
}
