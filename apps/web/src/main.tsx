import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import { createQueryClient } from './api/query-client';
import { createRouter } from './app/router';
import { SessionProvider } from './app/session';
import './styles.css';

const queryClient = createQueryClient();
const router = createRouter();

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
