import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useAuth } from '../../auth/AuthContext';
import { Loading, useErrorMessage } from '../../components/States';
import { PageTitle } from '../../components/PageTitle';

/** Only paths inside the portal are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const [params] = useSearchParams();
  const location = useLocation();
  const errorMessage = useErrorMessage('signIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'restoring') return <Loading />;
  if (state.status === 'signedIn') return <Navigate to={safeNext(params.get('next'))} replace />;

  const notice =
    state.reason === 'signInSessionEnded' || (location.state as { ended?: boolean } | null)?.ended
      ? t('login.signInSessionEnded')
      : state.reason === 'signedOut'
        ? t('login.signedOut')
        : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <div className="card login-card">
        <PageTitle title={t('login.title')}>{t('login.title')}</PageTitle>
        <p>{t('login.intro')}</p>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? 'login-error' : undefined}>
          <div className="field">
            <label htmlFor="username">{t('login.username')}</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              aria-invalid={error ? true : undefined}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={error ? true : undefined}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {/* Always present, so screen readers announce the message when it appears. */}
          <div id="login-error" className="form-error" role="alert" aria-live="assertive">
            {error}
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
      <p className="login-hint">
        {t('login.publicHint')} <Link to="/public">{t('login.publicLink')}</Link>
      </p>
    </div>
  );
}
