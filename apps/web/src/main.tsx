import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { createQueryClient } from './api/queries';
import { AuthProvider } from './auth/AuthContext';
import { AnnouncerProvider } from './components/Announcer';
import { initI18n } from './i18n';
import { RealtimeProvider } from './realtime/RealtimeContext';
import './styles.css';

initI18n();
const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <AuthProvider>
          <RealtimeProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </RealtimeProvider>
        </AuthProvider>
      </AnnouncerProvider>
    </QueryClientProvider>
  </StrictMode>,
);
