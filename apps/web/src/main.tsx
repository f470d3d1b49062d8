import { hydrate } from '@tanstack/react-query';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createQueryClient } from './api/queries';
import type { SsrState } from './entry-server';
import { initI18n, preferredLanguage, setLanguage } from './i18n';
import { PortalTree } from './ssr/tree';
import './styles.css';

const queryClient = createQueryClient();
const root = document.getElementById('root')!;
// A public page the server rendered (entry-server.tsx) comes with the answers it was made from.
const ssr = document.getElementById('ssr-state');
const state = ssr?.textContent ? (JSON.parse(ssr.textContent) as SsrState) : null;
if (state) {
  hydrate(queryClient, state.queries);
  // What the server found missing is shown as it rendered it (no "loading" and refetch on hydration).
  for (const q of state.queries.queries)
    if (q.state.status === 'error') queryClient.setQueryDefaults(q.queryKey, { retryOnMount: false });
}
const i18n = initI18n(state?.lang);
const tree = (
  <PortalTree queryClient={queryClient} i18n={i18n} router={(app) => <BrowserRouter>{app}</BrowserRouter>} />
);

if (state) {
  hydrateRoot(root, tree);
  // Hydrated in the server's language; then in the one this browser chose, if another —
  // unless the address asks for one (`?lang=en`, a link to the English page).
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked !== 'en' && asked !== 'bg' && preferredLanguage() !== state.lang) void setLanguage(preferredLanguage());
} else {
  createRoot(root).render(tree);
}
