// What a list page shows while it has nothing in it yet.
export function EmptyState({ title, children }) {
  return (
    <section class="empty" aria-label={title}>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
    </section>
  );
}
