// Organization settings (owner/admin): the organization's tags so far.
import { PageHeading } from '../components/PageHeading.jsx';
import { TagSettings } from '../components/TagSettings.jsx';

export function Settings({ org }) {
  return (
    <>
      <PageHeading title="Settings" />
      <TagSettings org={org} />
    </>
  );
}
