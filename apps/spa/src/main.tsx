import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';

// Checked here, not through env.ts, so the bundler drops the mock code from production builds.
if (import.meta.env.MODE === 'mock') {
  const { startMocks } = await import('./features/dev-mocks/start-mocks.ts');
  await startMocks();
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
