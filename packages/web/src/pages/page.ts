/** A page of the dashboard: mounted into the main element, unmounted when the route changes. */
export interface Page {
  mount(root: HTMLElement, params: readonly string[]): void;
  unmount(): void;
}

/** Runs `task` now and every `ms` until stopped; errors are shown in `onError`, not thrown. */
export function every(ms: number, task: () => Promise<void>, onError: (error: Error) => void): () => void {
  let stopped = false;
  let timer: number | undefined;
  const run = async (): Promise<void> => {
    try {
      await task();
    } catch (error) {
      onError(error as Error);
    }
    if (!stopped) timer = window.setTimeout(() => void run(), ms);
  };
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
  };
}

export function $(root: ParentNode, selector: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (element === null) throw new Error(`missing element ${selector}`);
  return element;
}

/** Shows an error line in the page's error slot (fixed height, so nothing moves). */
export function showError(root: HTMLElement, error: Error | null): void {
  const slot = root.querySelector<HTMLElement>('.error-slot');
  if (slot === null) return;
  slot.textContent = error === null ? '' : error.message;
}
