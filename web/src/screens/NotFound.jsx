// A signed-in path that matches no screen.
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';

export function NotFound({ home }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        There is nothing at this address. <Link href={home}>Go to your start page</Link>.
      </p>
    </>
  );
}
