// The signed-out pages that say how loading went: still loading, or what
// failed (the API's message) with Try again.
import { PlainLayout } from './PlainLayout.jsx';
import { PageHeading } from './PageHeading.jsx';

export function PlainLoading() {
  return (
    <PlainLayout>
      <p role="status">Loading…</p>
    </PlainLayout>
  );
}

export function PlainFailed({ title, error, onRetry }) {
  return (
    <PlainLayout>
      <PageHeading title={title} />
      <p role="alert">{error.message}</p>
      <button type="button" class="button" onClick={onRetry}>
        Try again
      </button>
    </PlainLayout>
  );
}
