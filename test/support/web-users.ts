import { Role } from '../../src/auth/roles.decorator';
import { newUser } from './auth-fixtures';
import { TestApp } from './test-app';

/** A user of the role who can sign in in the browser at once (staff users need staffId). */
export async function seedUser(
  app: TestApp,
  input: { businessId: string; role: Role; staffId?: string | null; email?: string; password?: string; name?: string },
): Promise<{ userId: string; email: string; password: string }> {
  const u = await newUser(app, input);
  return { userId: u.id, email: u.email, password: u.password };
}
