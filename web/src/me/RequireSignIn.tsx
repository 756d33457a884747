/** Pages of a signed-in person: a sign-in prompt (or the reason there is none) until someone is. */
import type { ReactNode } from 'react';
import { signInHref, useSession } from '../session/useSession.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';

export function RequireSignIn({ permission, what, children }: { permission: string; what: string; children: ReactNode }) {
  const session = useSession();
  if (session.loading) return <Loading what="who you are" />;
  if (session.error) return <ErrorNotice error={session.error} />;
  if (session.via !== 'session') {
    return (
      <Empty title={`Sign in to see ${what}.`}>
        {session.signInAvailable ? (
          <p>
            <a href={signInHref()}>Sign in</a> with your company account.
          </p>
        ) : (
          <p>Company sign-in is not configured on this Toolshed, so there are no personal {what} here.</p>
        )}
      </Empty>
    );
  }
  if (!session.can(permission)) {
    return <Empty title={`Your roles do not let you manage ${what} (the ${permission} permission).`} />;
  }
  return <>{children}</>;
}
