import { useEffect } from 'react';

/** Runs `fn` each time a dialog opens (and when it mounts open): a fresh form, no error left from the last attempt. */
export function useOnOpen(opened: boolean, fn: () => void): void {
  useEffect(() => {
    if (opened) fn();
    // on opening only: fn is a new function on every render
  }, [opened]);
}
