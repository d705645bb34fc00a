// A user's own Vite React app built with @cloakroom/react from the installed tarball.
import { createRoot } from 'react-dom/client';
import { CloakroomProvider, useSession } from '@cloakroom/react';

function Who() {
  const session = useSession();
  if (session.status !== 'authenticated' || !session.user) {
    return <button onClick={() => session.login('/')}>Log in</button>;
  }
  return <p>Signed in as {session.user.sub}</p>;
}

createRoot(document.getElementById('root')!).render(
  <CloakroomProvider>
    <Who />
  </CloakroomProvider>,
);
