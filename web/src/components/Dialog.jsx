// A modal dialog, the one focus trap of the SPA: a <dialog> opened with
// showModal while `open`, so focus moves to its first control, Tab stays
// inside and the page behind is inert. Esc asks onCancel (not while busy):
// closing is the caller's to do, through `open`. When it closes, focus goes
// back to where it was when it opened. labelledBy: the id of its title.
import { useEffect, useRef } from 'preact/hooks';

export function Dialog({ open, busy, onCancel, labelledBy, class: className = 'dialog', children }) {
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
    <dialog ref={ref} class={className} aria-labelledby={labelledBy} onCancel={cancel}>
      {children}
    </dialog>
  );
}
