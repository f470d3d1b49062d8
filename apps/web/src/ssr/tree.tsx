import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { StrictMode, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { AnnouncerProvider } from '../components/Announcer';
import { RealtimeProvider } from '../realtime/RealtimeContext';

/**
 * The whole portal around a router: the browser's (main.tsx) or the server's, which renders
 * the public pages (entry-server.tsx). One tree for both, so that hydration finds in the
 * browser exactly what the server wrote.
 */
export function PortalTree({
  queryClient,
  i18n,
  router,
}: {
  queryClient: QueryClient;
  i18n: I18n;
  router: (app: ReactNode) => ReactNode;
}) {
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <AnnouncerProvider>
            <AuthProvider>
              <RealtimeProvider>{router(<App />)}</RealtimeProvider>
            </AuthProvider>
          </AnnouncerProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>
  );
}
