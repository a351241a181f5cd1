// A modal confirmation (a Dialog: focus stays inside, Esc cancels, focus
// goes back on close). Cancel comes first and takes focus, so Enter alone
// never destroys anything. The error of a refused action shows inside.
// `id` names it when a page has more than one.
import { Dialog } from './Dialog.jsx';
import { ErrorText } from './ErrorText.jsx';

export function ConfirmDialog({ id = 'confirm', open, title, confirmLabel, busy, error, onConfirm, onCancel, children }) {
  return (
    <Dialog open={open} busy={busy} onCancel={onCancel} labelledBy={`${id}-title`}>
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
    </Dialog>
  );
}
