import { useTranslation } from 'react-i18next';
import type { Language } from '../format/datetime';
import { LANGUAGES, setLanguage } from '../i18n';

/** Both languages as buttons, each named in its own language (and marked so with lang). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as Language;
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="language-button"
          aria-pressed={current === lang}
          onClick={() => void setLanguage(lang)}
        >
          {t(`language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
