import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/AuthContext';
import { Layout, PublicLayout } from './components/Layout';
import { CouncilPage } from './pages/council/CouncilPage';
import { CouncilSessionPage } from './pages/council/CouncilSessionPage';
import { EditSittingPage, NewSittingPage } from './pages/council/SittingEditor';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { EmbedCouncilPage, EmbedLayout, EmbedSittingPage } from './pages/embed/EmbedPages';
import { ChamberDisplayPage } from './pages/council/ChamberDisplay';
import { LoginPage } from './pages/login/LoginPage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { OneOnOnesPage } from './pages/one-on-ones/OneOnOnesPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { PublicHomePage } from './pages/public/PublicHomePage';
import { PublicDecisionPage, PublicRegisterPage } from './pages/public/PublicRegisterPage';
import { PublicSittingPage } from './pages/public/PublicSittingPage';
import { RoomPage } from './pages/room/RoomPage';
import { SchedulePage } from './pages/schedule/SchedulePage';
import { Loading } from './components/States';

// FullCalendar is large: load it with the halls page only.
const HallsPage = lazy(() => import('./pages/halls/HallsPage').then((m) => ({ default: m.HallsPage })));

/** While the session is restored from the refresh cookie, then sign-in or the page. */
function RequireAuth() {
  const { state } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'restoring') {
    return (
      <main id="main" className="splash">
        <p role="status">{t('app.loading')}</p>
      </main>
    );
  }
  if (state.status === 'signedOut') {
    const here = location.pathname + location.search;
    // The portal's address, for someone not signed in: the council's public front door — unless
    // they have just signed out or their session ended (the sign-in page says so).
    if (here === '/' && !state.reason) return <Navigate to="/public" replace />;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return <Outlet />;
}

export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/public" element={<PublicHomePage />} />
        <Route path="/public/register" element={<PublicRegisterPage />} />
        <Route path="/public/decisions/:id" element={<PublicDecisionPage />} />
        <Route path="/public/sessions/:id" element={<PublicSittingPage />} />
      </Route>
      {/* The chamber's screen: opened with a display token (after '#'), no account. */}
      <Route path="/display" element={<ChamberDisplayPage />} />
      {/* For an <iframe> on the municipality's website: no header; framing as EMBED_ORIGINS allows. */}
      <Route element={<EmbedLayout />}>
        <Route path="/embed/council" element={<EmbedCouncilPage />} />
        <Route path="/embed/council/sessions/:id" element={<EmbedSittingPage />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<Layout />}>
          <Route index element={<DashboardPage />} />
          <Route path="/rooms/:id" element={<RoomPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route
            path="/halls"
            element={
              <Suspense fallback={<Loading />}>
                <HallsPage />
              </Suspense>
            }
          />
          <Route path="/schedule" element={<SchedulePage />} />
          <Route path="/one-on-ones" element={<OneOnOnesPage />} />
          <Route path="/council" element={<CouncilPage />} />
          <Route path="/council/new" element={<NewSittingPage />} />
          <Route path="/council/:id" element={<CouncilSessionPage />} />
          <Route path="/council/:id/edit" element={<EditSittingPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
