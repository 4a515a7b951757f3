// GET /api/v1/staff

export class StaffDto {
  id: string;
  externalId: string;
  /** First and last name; null when the source gives neither. */
  name: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export class StaffListDto {
  items: StaffDto[];
}
