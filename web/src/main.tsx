import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from './api/client';
import { SESSION_KEY } from './api/session';
import { createQueryClient } from './app/query-client';
import { routes } from './app/routes';
import { cssVariablesResolver, theme } from './app/theme';
import { locale } from './i18n/i18n';

document.documentElement.lang = locale;
const queryClient = createQueryClient();
const router = createBrowserRouter(routes);

// A 401 anywhere means the session ended (signed out elsewhere, disabled, timed out): forget it,
// and the session guard sends the user to sign in, keeping where they were.
setUnauthorizedHandler(() => {
  if (queryClient.getQueryData(SESSION_KEY)) queryClient.setQueryData(SESSION_KEY, null);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
