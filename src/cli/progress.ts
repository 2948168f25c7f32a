// Progress for slow steps: a step is shown on stderr only once it has taken more than a second,
// so quick commands stay quiet and scripts reading stdout are never disturbed.
import { mark } from '../util/trace';

export interface Progress {
  step(message: string): void;
  done(): void;
}

export function progress(enabled: boolean, delayMs = 1000): Progress {
  let timer: NodeJS.Timeout | undefined;
  let shown = false;
  const tty = !!process.stderr.isTTY;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return {
    step(message: string) {
      mark(message);
      clear();
      if (!enabled) return;
      const started = Date.now();
      timer = setTimeout(() => {
        shown = true;
        process.stderr.write(tty ? `\r\x1b[K… ${message}` : `… ${message}\n`);
        if (tty) {
          timer = setInterval(() => process.stderr.write(`\r\x1b[K… ${message} (${Math.round((Date.now() - started) / 1000)}s)`), 1000);
        }
      }, delayMs);
      timer.unref();
    },
    done() {
      clear();
      if (shown && tty) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
