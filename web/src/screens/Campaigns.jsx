// Campaigns (owner/admin/supervisor). Empty until the campaigns issue fills it.
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';

export function Campaigns() {
  return (
    <>
      <PageHeading title="Campaigns" />
      <EmptyState title="No campaigns yet">
        Campaigns of this organization, from draft to archived, will appear here.
      </EmptyState>
    </>
  );
}
