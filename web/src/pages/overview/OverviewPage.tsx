import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function OverviewPage() {
  return <PageHeader title="OverviewPage" />;
}
