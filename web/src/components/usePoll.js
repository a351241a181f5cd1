// Calls tick() every `delay` ms while delay is a number; null stops it.
// The next call is planned only when the previous one has settled, so
// slow answers never pile up. Polling rests while the tab is hidden and
// catches up at once when it is shown again; it ends with the component.
import { useEffect, useRef } from 'preact/hooks';

export function usePoll(tick, delay) {
  const latest = useRef(tick);
  latest.current = tick;

  useEffect(() => {
    if (delay === null || delay === undefined) return undefined;
    let timer = null;
    let running = false;
    let stopped = false;

    function plan() {
      if (!stopped && !running && timer === null && !document.hidden) timer = setTimeout(run, delay);
    }

    async function run() {
      timer = null;
      running = true;
      try {
        await latest.current();
      } catch {
        // tick() shows its own errors; polling goes on.
      } finally {
        running = false;
        plan();
      }
    }

    function visibility() {
      if (document.hidden) {
        clearTimeout(timer);
        timer = null;
      } else if (!running && timer === null && !stopped) {
        run();
      }
    }

    plan();
    document.addEventListener('visibilitychange', visibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [delay]);
}
