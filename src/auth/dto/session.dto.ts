import { UserDto } from './user.dto';

export class SessionBusinessDto {
  id: string;
  name: string;
  timezone: string;
  currency: string;
}

/** Who is signed in: the user (null for an API key), their business, role and the CSRF token. */
export class SessionDto {
  user: UserDto | null;
  business: SessionBusinessDto;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  staffId: string | null;
  /** send as X-CSRF-Token on every write made with the session cookie; null for an API key */
  csrfToken: string | null;
}
