/**
 * The demo market's pause switch (`PUT /v1/demo/market`): `margin serve --demo` attaches its
 * driver; without one (no --demo) the route answers 404. Pausing waits until the driver's tick in
 * flight is committed, so after the answer no demo command comes until it is resumed.
 */
export type DemoMarketSwitch = (paused: boolean) => Promise<void>;

export class DemoMarketControl {
  private paused = false;
  private switchTo: DemoMarketSwitch | null = null;
  private changing: Promise<void> = Promise.resolve();

  /** Called by `margin serve --demo` with a function that stops or starts its driver. */
  attach(switchTo: DemoMarketSwitch): void {
    this.switchTo = switchTo;
  }

  get attached(): boolean {
    return this.switchTo !== null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pauses or resumes; calls are serialised, a repeat of the current setting changes nothing. */
  set(paused: boolean): Promise<void> {
    this.changing = this.changing.then(async () => {
      if (this.switchTo === null || paused === this.paused) return;
      await this.switchTo(paused);
      this.paused = paused;
    });
    return this.changing;
  }
}
