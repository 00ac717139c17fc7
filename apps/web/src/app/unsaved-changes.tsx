import { useEffect, useRef, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import { Button, ButtonGroup } from '../ui/parts';

/**
 * Warns before unsaved changes are lost: an in-app navigation to another page is held
 * (react-router's blocker) and a warning asks to stay or leave; closing or reloading the tab gets
 * the browser's own prompt. Render `guard` in the page that owns `dirty`; call `release()` just
 * before navigating away on purpose (after a save), so that navigation is not held.
 */
export function useUnsavedChanges(dirty: boolean, what = 'your changes'): { guard: ReactNode; release: () => void } {
  const released = useRef(false);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  if (dirty) released.current = false;
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    dirtyRef.current && !released.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const guard = blocker.state === 'blocked' ? (
    <div className="nhsuk-warning-callout app-unsaved-changes" role="alertdialog" aria-labelledby="unsaved-title" aria-describedby="unsaved-text">
      <h3 className="nhsuk-warning-callout__label" id="unsaved-title">You have unsaved changes</h3>
      <p id="unsaved-text">If you leave this page you will lose {what}.</p>
      <ButtonGroup>
        <Button autoFocus onClick={() => blocker.reset()}>Stay on this page</Button>
        <Button variant="warning" onClick={() => blocker.proceed()}>Leave and lose changes</Button>
      </ButtonGroup>
    </div>
  ) : null;
  return { guard, release: () => { released.current = true; } };
}
