/** Mindbody's client status is its membership status; the sync and the webhooks read it alike. */
export function isMemberFromStatus(status: string | null | undefined): boolean | undefined {
  switch (status?.toLowerCase()) {
    case 'active':
    case 'suspended':
      return true;
    case 'non-member':
    case 'expired':
    case 'terminated':
    case 'declined':
      return false;
    default:
      return undefined;
  }
}
