import { useContext, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setPageTitle } from '../notifications/title';
import { HeadContext } from '../ssr/head';

/**
 * Where in the history this document was loaded (react-router keeps `idx` in history.state,
 * also across a reload): a page shown at another position was reached by an in-app navigation.
 */
const LOADED_AT = typeof window === 'undefined' ? 0 : (window.history.state?.idx ?? 0);

/**
 * The page's one <h1>. It names the document (the title bar and screen readers' tab list)
 * and takes the focus after a navigation, so a screen reader user hears where they are.
 */
export function PageTitle({
  children,
  title,
  description,
}: {
  children: ReactNode;
  title: string;
  /** What the page holds, in a sentence (the document's description, for search engines). */
  description?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  // Rendered on the server: the <head> gets the page's own title and description.
  const head = useContext(HeadContext);
  if (head) {
    head.title = `${title} — ${t('app.name')}`;
    if (description) head.description = description;
  }
  useEffect(() => {
    setPageTitle(`${title} — ${t('app.name')}`);
  }, [title, t]);
  useEffect(() => {
    if (!description) return;
    document.querySelector('meta[name="description"]')?.setAttribute('content', description);
  }, [description]);
  useEffect(() => {
    // Only after an in-app navigation, not on the first load (the skip link comes first then):
    // from the menu link that was followed (or from nowhere) to the new page's heading. Focus
    // already inside the page's content (a form the page kept) stays where it is.
    // (A reload keeps the position: the first page of a reloaded document is a first load too.)
    if ((window.history.state?.idx ?? 0) === LOADED_AT) return;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('header, nav')) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
