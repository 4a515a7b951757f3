import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function TaskInboxPage() {
  return <PageHeader title="TaskInboxPage" />;
}
