// Organization settings (owner/admin). Empty until the settings issue fills it.
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';

export function Settings({ org }) {
  return (
    <>
      <PageHeading title="Settings" />
      <EmptyState title="No settings yet">
        Settings of {org.org_name}, such as its display name and opt-out language, will appear here.
      </EmptyState>
    </>
  );
}
