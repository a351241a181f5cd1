// One submission at a time: busy while `action` runs, its error (the API's
// one error shape) kept to show. Busy stays on after a success, since the
// screen moves on; a failure frees the form for another try.
import { useState } from 'preact/hooks';

export function useSubmit(action) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function submit(e) {
    if (e) e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return { busy, error, submit };
}
