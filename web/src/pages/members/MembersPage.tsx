import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function MembersPage() {
  return <PageHeader title="MembersPage" />;
}
