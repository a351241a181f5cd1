// A texter's assignments. Empty until the messenger issue fills it.
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';

export function Assignments() {
  return (
    <>
      <PageHeading title="My assignments" />
      <EmptyState title="No assignments yet">
        When you are added to a campaign, the conversations assigned to you will appear here.
      </EmptyState>
    </>
  );
}
