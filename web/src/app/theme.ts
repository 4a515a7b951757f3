import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** Mantine's palette with some shades darkened (index -> colour). */
function darker(name: keyof typeof DEFAULT_THEME.colors, shades: Record<number, string>): MantineColorsTuple {
  return DEFAULT_THEME.colors[name].map((c, i) => shades[i] ?? c) as unknown as MantineColorsTuple;
}

// Teal for the brand; colours chosen so text on light backgrounds passes WCAG AA (axe checks it).
// Filled variants use shade 9 with white text, light variants shade 9 on shade 1, and "dimmed"
// text is gray 6: Mantine's own shades 9 of teal, green and orange, and its gray 6, fall short of
// 4.5:1 there, so they are a little darker here.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'md',
  // no sliding and fading for people who ask their system for less motion
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  colors: {
    // 8 is the filled hover, 2 the light hover: white on 8 and 9 on 2 keep 4.5:1 too
    teal: darker('teal', { 2: '#bcf8e3', 8: '#087f5b', 9: '#077856' }),
    green: darker('green', { 9: '#247534' }),
    orange: darker('orange', { 9: '#b83d0c' }),
    red: darker('red', { 9: '#be2727' }),
    gray: darker('gray', { 6: '#6c757d' }),
  },
});

// A field's error (its message and the text typed into it) is red 6 in Mantine's light scheme,
// about 3.3:1 on white; red 9 keeps 4.5:1.
export const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-error': 'var(--mantine-color-red-9)' }, dark: {} });
