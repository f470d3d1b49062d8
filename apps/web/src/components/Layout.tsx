import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth, useUser } from '../auth/AuthContext';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { BrowserNotifications } from '../notifications/BrowserNotifications';

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
  { to: '/people', key: 'nav.people', end: false },
  { to: '/halls', key: 'nav.halls', end: false },
  { to: '/schedule', key: 'nav.schedule', end: false },
  { to: '/one-on-ones', key: 'nav.oneOnOnes', end: false },
  { to: '/council', key: 'nav.council', end: false },
] as const;

/**
 * On a narrow screen (styles.css) the navigation, the language and the account fold behind
 * „Меню“: a disclosure whose opening moves the focus to the first link; Escape closes it and
 * gives the focus back to the button; following a link (or any change of page) closes it.
 * On a wide screen the button is not shown and everything stays in view, whatever the state.
 */
function useMenu() {
  const { pathname } = useLocation();
  // Open on this page only: moving to another page (a link, back, a redirect) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const tools = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) nav.current?.querySelector<HTMLElement>('a')?.focus();
    else if (wasOpen.current) {
      // The focus was in what is now hidden (and the new page did not take it): back to the button.
      const active = document.activeElement;
      const lost = !active || active === document.body;
      if (lost || nav.current?.contains(active) || tools.current?.contains(active)) button.current?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  return {
    open,
    button,
    nav,
    tools,
    toggle: () => setOpenOn(open ? null : pathname),
    close: () => setOpenOn(null),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !open) return;
      event.preventDefault();
      setOpenOn(null);
      button.current?.focus();
    },
  };
}

/** The signed-in portal: header with the account, navigation, the page, footer. */
export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const [leaving, setLeaving] = useState(false);
  const menu = useMenu();
  return (
    <>
      <SkipLink />
      <BrowserNotifications />
      <header className={menu.open ? 'site-header menu-open' : 'site-header'} onKeyDown={menu.onKeyDown}>
        <div className="header-inner">
          <Brand />
          <button
            ref={menu.button}
            type="button"
            className="button button-secondary menu-button"
            aria-expanded={menu.open}
            aria-controls="site-nav site-menu-tools"
            onClick={menu.toggle}
          >
            <span className="menu-icon" aria-hidden="true" />
            {t('nav.menu')}
          </button>
          <div className="header-tools">
            <ConnectionIndicator />
            <div className="header-menu-tools" id="site-menu-tools" ref={menu.tools}>
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
        </div>
        <nav className="site-nav" id="site-nav" ref={menu.nav} aria-label={t('nav.label')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} onClick={menu.close}>
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
  const { t } = useTranslation();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <Brand />
          <nav className="public-nav" aria-label={t('nav.publicLabel')}>
            <NavLink to="/public" end>
              {t('nav.public')}
            </NavLink>
            <NavLink to="/public/register">{t('public.registerLink')}</NavLink>
            <NavLink to="/login">{t('nav.signIn')}</NavLink>
          </nav>
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
