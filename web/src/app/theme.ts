import { createTheme } from '@mantine/core';

// Teal for the brand; colours chosen so text on light backgrounds passes WCAG AA (axe checks it).
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
