// Phone Numbers (owner/admin): dedicated numbers and their provisioning
// status. Empty until the numbers issue fills it.
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';

export function PhoneNumbers() {
  return (
    <>
      <PageHeading title="Phone Numbers" />
      <EmptyState title="No phone numbers yet">
        Numbers you buy for this organization, and their provisioning status, will appear here.
      </EmptyState>
    </>
  );
}
