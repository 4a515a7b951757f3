import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function MemberProfilePage() {
  return <PageHeader title="MemberProfilePage" />;
}
