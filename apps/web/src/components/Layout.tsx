import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useAuth, useUser } from '../auth/AuthContext';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('skipLink')}
    </a>
  );
}

export function Brand() {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true" />
      <span>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </span>
    </div>
  );
}

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t('app.footer')}</p>
    </footer>
  );
}

const NAV = [
  { to: '/', key: 'nav.home', end: true },
  { to: '/rooms/me', key: 'nav.myRoom', end: false },
  { to: '/halls', key: 'nav.halls', end: false },
  { to: '/schedule', key: 'nav.schedule', end: false },
  { to: '/one-on-ones', key: 'nav.oneOnOnes', end: false },
  { to: '/council', key: 'nav.council', end: false },
] as const;

/** The signed-in portal: header with the account, navigation, the page, footer. */
export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const [leaving, setLeaving] = useState(false);
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <Brand />
          <div className="header-tools">
            <ConnectionIndicator />
            <LanguageSwitch />
            <div className="account">
              <p className="account-name">
                <span className="visually-hidden">{t('account.signedInAs')} </span>
                <span data-testid="user-name">{user.displayName}</span>
              </p>
              <button
                type="button"
                className="button button-secondary"
                disabled={leaving}
                onClick={() => {
                  setLeaving(true);
                  void logout().finally(() => setLeaving(false));
                }}
              >
                {leaving ? t('account.signingOut') : t('account.signOut')}
              </button>
            </div>
          </div>
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </>
  );
}

/** Pages without sign-in (the public session view, the sign-in page). */
export function PublicLayout() {
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <Brand />
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </>
  );
}
