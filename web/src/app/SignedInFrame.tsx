import { AppLayout } from './AppLayout';
import { RequireSession } from './RequireSession';

/** Every signed-in page: the session check, then the shell around the page. */
export default function SignedInFrame() {
  return (
    <RequireSession>
      <AppLayout />
    </RequireSession>
  );
}
