/**
 * The replay's controls over the list of steps (log positions): first / previous / next / last, a slider,
 * play at a chosen speed, and the URL's ?position= so a step can be linked to.
 */
export class ReplayPlayer {
  private index = 0;
  private timer: number | undefined;

  constructor(
    private readonly steps: number[],
    private readonly onStep: (position: number, index: number) => Promise<void>,
    private readonly ui: { slider: HTMLInputElement; play: HTMLButtonElement; speed: HTMLSelectElement; link: HTMLAnchorElement; buttons: Record<'first' | 'previous' | 'next' | 'last', HTMLButtonElement> },
  ) {
    ui.slider.max = String(Math.max(0, steps.length - 1));
    ui.slider.addEventListener('input', () => void this.go(Number(ui.slider.value)));
    ui.buttons.first.addEventListener('click', () => void this.go(0));
    ui.buttons.previous.addEventListener('click', () => void this.go(this.index - 1));
    ui.buttons.next.addEventListener('click', () => void this.go(this.index + 1));
    ui.buttons.last.addEventListener('click', () => void this.go(steps.length - 1));
    ui.play.addEventListener('click', () => (this.timer === undefined ? this.play() : this.pause()));
  }

  /** Starts at the linked step (?position=), else at the last one. */
  async start(): Promise<void> {
    const linked = Number(new URLSearchParams(location.search).get('position'));
    const at = this.steps.indexOf(linked);
    await this.go(at >= 0 ? at : this.steps.length - 1);
  }

  async go(index: number): Promise<void> {
    this.index = Math.min(Math.max(0, index), this.steps.length - 1);
    const position = this.steps[this.index];
    this.ui.slider.value = String(this.index);
    const url = new URL(location.href);
    url.searchParams.set('position', String(position));
    this.ui.link.href = url.pathname + url.search;
    history.replaceState(null, '', url.pathname + url.search);
    await this.onStep(position, this.index);
  }

  private play(): void {
    if (this.index >= this.steps.length - 1) void this.go(0);
    this.ui.play.textContent = '⏸ 暂停 / Pause';
    const tick = async () => {
      if (this.index >= this.steps.length - 1) return this.pause();
      await this.go(this.index + 1);
      if (this.timer !== undefined) this.timer = window.setTimeout(tick, Number(this.ui.speed.value));
    };
    this.timer = window.setTimeout(tick, Number(this.ui.speed.value));
  }

  private pause(): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.ui.play.textContent = '▶ 播放 / Play';
  }
}
