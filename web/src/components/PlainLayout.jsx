// The frame of the signed-out screens (login, invitation): the product name
// in a banner and one narrow main column.
export function PlainLayout({ children }) {
  return (
    <>
      <header class="site-header">
        <div class="bar">
          <span class="brand">Launchline</span>
        </div>
      </header>
      <main id="main" class="main narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
