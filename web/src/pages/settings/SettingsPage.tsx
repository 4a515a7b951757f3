import { PageHeader } from '../../components/PageHeader';

// Placeholder until the page lands.
export default function SettingsPage() {
  return <PageHeader title="SettingsPage" />;
}
