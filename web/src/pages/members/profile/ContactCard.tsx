import { Anchor, Stack } from '@mantine/core';
import { useLocations, useStaffList, type ClientDetail } from '../../../api/members';
import { formatDay } from '../../../format';
import { t } from '../../../i18n/i18n';
import { formatInstantDay } from '../dates';
import { Field, Section } from './Section';

/** How to reach the member, where they train, who looks after them, where the record comes from. */
export function ContactCard({ c }: { c: ClientDetail }) {
  const staff = useStaffList();
  const locations = useLocations();
  const owner = staff.data?.items.find((s) => s.id === c.ownerStaffId);
  const location = locations.data?.items.find((l) => l.id === c.homeLocationId);
  return (
    <Section title={t('members.profile.contact')} testId="contact">
      <Stack gap={6}>
        <Field label={t('members.profile.email')}>{c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : '–'}</Field>
        <Field label={t('members.profile.phone')}>{c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : '–'}</Field>
        <Field label={t('members.profile.birthDate')}>{formatDay(c.birthDate)}</Field>
        <Field label={t('members.profile.location')}>{location?.name ?? '–'}</Field>
        <Field label={t('members.profile.owner')}>{c.ownerStaffId ? (owner?.name ?? owner?.email ?? '…') : t('members.profile.noOwner')}</Field>
        <Field label={t('members.profile.joined')}>{c.registeredAt ? formatInstantDay(c.registeredAt) : '–'}</Field>
        <Field label={t('members.profile.source')}>{t('members.profile.externalId', { source: c.source, id: c.externalId })}</Field>
      </Stack>
    </Section>
  );
}
