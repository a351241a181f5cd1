// A screen's <h1>, which also names the browser tab. It can take focus
// (not by Tab) so that moving to a new screen can announce it.
import { useEffect } from 'preact/hooks';

export function PageHeading({ title }) {
  useEffect(() => {
    document.title = `${title} · Launchline`;
  }, [title]);
  return <h1 tabIndex={-1}>{title}</h1>;
}
