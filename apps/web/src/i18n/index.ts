import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../format/datetime';
import { bg } from './bg';
import { en } from './en';

export const LANGUAGES: Language[] = ['bg', 'en'];
export const DEFAULT_LANGUAGE: Language = 'bg';
const STORAGE_KEY = 'egov-box.language';
/** The same choice as a cookie, so that the server renders public pages in it too. */
export const LANGUAGE_COOKIE = 'egov_lang';

export const resources = { bg: { translation: bg }, en: { translation: en } } as const;

/** The saved choice if any, else Bulgarian (the portal's language, whatever the browser says). */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  const saved = storage?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'bg' ? saved : DEFAULT_LANGUAGE;
}

function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'bg';
}

/** Switches the language, remembers it and keeps <html lang> in step. */
export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
  try {
    safeStorage()?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}

/** The language this browser asked for (saved), or Bulgarian. */
export function preferredLanguage(): Language {
  return initialLanguage(safeStorage());
}

/** `lng`: the language the server rendered the page in (hydration must start from it). */
export function initI18n(lng: Language = initialLanguage(safeStorage())): typeof i18next {
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** A translator of its own for one page rendered on the server (requests never share one). */
export function serverI18n(lng: Language): typeof i18next {
  // Given to the page through I18nextProvider (not registered globally).
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
