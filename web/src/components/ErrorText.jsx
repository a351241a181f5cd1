// An error from the API, announced to screen readers as it appears.
export function ErrorText({ error, id }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" id={id}>
      {error.message || String(error)}
    </p>
  );
}
