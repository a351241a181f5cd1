// One submission at a time: busy while `action` runs, its error (the API's
// one error shape) kept to show. submit(...args) calls action(...args); a
// leading event (a form's submit, a click) is prevented and not passed on.
// busyWith is the first argument of the submission under way (which item
// or action is busy), null when idle. By default busy stays on after a
// success, since the screen moves on; { again: true } frees the form for
// the next one too. A failure always frees it for another try. An action
// shapes its error by catching and throwing another; setError lets a
// screen clear the error, or show one of its own, outside a submission.
import { useState } from 'preact/hooks';

const isEvent = (x) => Boolean(x) && typeof x.preventDefault === 'function';

export function useSubmit(action, { again = false } = {}) {
  const [busy, setBusy] = useState(false);
  const [busyWith, setBusyWith] = useState(null);
  const [error, setError] = useState(null);

  async function submit(...args) {
    if (isEvent(args[0])) args.shift().preventDefault();
    setBusy(true);
    const what = args.length ? args[0] : null;
    setBusyWith(() => what); // a function too is kept, not called as an updater
    setError(null);
    try {
      await action(...args);
    } catch (err) {
      setError(err);
      setBusy(false);
      setBusyWith(null);
      return;
    }
    if (again) {
      setBusy(false);
      setBusyWith(null);
    }
  }

  return { busy, busyWith, error, setError, submit };
}
