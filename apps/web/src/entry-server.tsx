import { dehydrate, type DehydratedState, type Query } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import { ApiError, setTransport } from './api/client';
import { createQueryClient } from './api/queries';
import type { Language } from './format/datetime';
import { serverI18n } from './i18n';
import { HeadContext, type DocumentHead } from './ssr/head';
import { PortalTree } from './ssr/tree';

/** What the server puts into the page for the browser to hydrate from (`#ssr-state`). */
export interface SsrState {
  lang: Language;
  queries: DehydratedState;
}

export interface RenderedPage {
  /** 404 when the page's record does not exist (or is not public), another 4xx as the API said it, else 200. */
  status: number;
  html: string;
  head: DocumentHead;
  state: SsrState;
}

/** At most this many rounds of "render, fetch what the page asked for": a page that needs more is rendered as it is. */
const ROUNDS = 3;

const waiting = (q: Query) => q.state.status === 'pending' && q.state.fetchStatus === 'idle';

/**
 * Renders a public page of the portal on the server, with its data, as the browser would show
 * it once loaded. `fetchImpl` answers the page's API requests (the server's own API, in
 * process). The page is rendered, the queries it asked for are answered, and it is rendered
 * again until it asks for nothing new; the answers go with the page for hydration.
 */
export async function render(url: string, lang: Language, fetchImpl: typeof fetch): Promise<RenderedPage> {
  setTransport(fetchImpl);
  const queryClient = createQueryClient();
  // A record that was not found is rendered as such (not as "loading" before a retry).
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retryOnMount: false },
  });
  const i18n = serverI18n(lang);
  let status = 200;
  const renderOnce = () => {
    const head: DocumentHead = {};
    const html = renderToString(
      <HeadContext.Provider value={head}>
        <PortalTree
          queryClient={queryClient}
          i18n={i18n}
          router={(app) => <StaticRouter location={url}>{app}</StaticRouter>}
        />
      </HeadContext.Provider>,
    );
    return { html, head };
  };
  let page = renderOnce();
  for (let round = 1; round < ROUNDS; round++) {
    const asked = queryClient.getQueryCache().getAll().filter(waiting);
    if (!asked.length) break;
    await Promise.all(
      asked.map((q) =>
        queryClient
          .fetchQuery({ queryKey: q.queryKey, queryFn: q.options.queryFn, retry: false })
          .catch((err: unknown) => {
            // The page answers as its record did: not found (404), a malformed address (400).
            if (err instanceof ApiError && err.status >= 400 && err.status < 500 && status === 200) status = err.status;
          }),
      ),
    );
    page = renderOnce();
  }
  const queries = dehydrate(queryClient, {
    // A record that does not exist is part of the page too ("not found"), not only the answers.
    shouldDehydrateQuery: (q) => q.state.status === 'success' || q.state.status === 'error',
  });
  queryClient.clear();
  return { status, html: page.html, head: page.head, state: { lang, queries } };
}
