/** GET /api/v1/auth/links/:token: what the set-password page is about to do. */
export class LinkDto {
  kind: 'invite' | 'reset';
  email: string;
}
