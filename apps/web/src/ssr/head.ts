import { createContext } from 'react';

/**
 * What a server-rendered page says of itself for the document's <head>: its title and a
 * description (search engines show both). The server provides an object and reads it after
 * rendering; in the browser there is none, and PageTitle writes `document.title` instead.
 */
export interface DocumentHead {
  title?: string;
  description?: string;
}

export const HeadContext = createContext<DocumentHead | null>(null);
