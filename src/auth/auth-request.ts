import { Request } from 'express';
import { Principal } from './principal';

/** What the auth guard leaves on the request. */
export interface AuthRequest extends Request {
  principal?: Principal;
  /** the session behind the cookie, when the request came with one that is live */
  authSession?: { id: string; token: string };
}
