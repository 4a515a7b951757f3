import { Select } from '@mantine/core';
import { useStaffList } from '../../api/members';

/** Who a new task goes to: any active staff member, or nobody chosen (then `placeholder` says who gets it). */
export function AssigneeSelect({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string | null; onChange: (staffId: string | null) => void }) {
  const staff = useStaffList();
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={(staff.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name ?? s.email ?? s.externalId }))}
      value={value}
      onChange={onChange}
      clearable
      searchable
    />
  );
}
