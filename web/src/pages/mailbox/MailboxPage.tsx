import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function MailboxPage() {
  return <PageHeader title="MailboxPage" />;
}
