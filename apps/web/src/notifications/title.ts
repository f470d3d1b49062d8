import { titleWithCount } from './alerts';

/**
 * The document's title is written here only: the page names it (PageTitle), the background
 * alerts put their count in front of it, and neither undoes the other.
 */
let pageTitle = typeof document === 'undefined' ? '' : document.title;
let unseen = 0;

function apply(): void {
  if (typeof document !== 'undefined') document.title = titleWithCount(pageTitle, unseen);
}

/** The page's own title ("Начало — eGov Box"). */
export function setPageTitle(title: string): void {
  pageTitle = title;
  apply();
}

/** How many alerts arrived while the tab was in the background (0 clears the count). */
export function setUnseenCount(count: number): void {
  unseen = count;
  apply();
}
