// A modal confirmation (<dialog> with showModal: focus stays inside, Esc
// cancels). Cancel comes first and takes focus, so Enter alone never
// destroys anything. The error of a refused action shows inside; focus
// goes back to where it was when the dialog closes. `id` names it when a
// page has more than one.
import { useEffect, useRef } from 'preact/hooks';
import { ErrorText } from './ErrorText.jsx';

export function ConfirmDialog({ id = 'confirm', open, title, confirmLabel, busy, error, onConfirm, onCancel, children }) {
  const ref = useRef(null);
  const opener = useRef(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
      if (opener.current && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  function cancel(e) {
    e.preventDefault(); // Esc: closing is ours to do, through onCancel.
    if (!busy) onCancel();
  }

  return (
    <dialog ref={ref} class="dialog" aria-labelledby={`${id}-title`} onCancel={cancel}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <ErrorText error={error} />
      <div class="dialog-actions">
        <button type="button" class="button button-secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="button button-danger-solid" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
