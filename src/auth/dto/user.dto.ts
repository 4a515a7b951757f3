/** A user of the business as the users API and the session show it (never a password). */
export class UserDto {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  staffId: string | null;
  staffName: string | null;
  /** invited: has not set a password yet; disabled: cannot sign in, sessions ended */
  status: 'active' | 'invited' | 'disabled';
  lastSignInAt: Date | null;
  createdAt: Date;
}

export class UserListDto {
  items: UserDto[];
}
