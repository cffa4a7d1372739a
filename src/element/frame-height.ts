/** A growth that follows one of ours this soon is taken as a reaction to it. */
const reactionWindowMs = 500;

/**
 * Sizes the checkout frame to the height its page reports, so there is no inner scrollbar.
 *
 * Heights are rounded up (a 0.4 px remainder would show a scrollbar) and shrinking by a pixel or
 * less is ignored (rounding noise). A page whose height depends on the frame's (`min-height:
 * 100vh` plus a margin) answers every growth with the same growth: when a growth repeats the
 * previous one's size right after it, the frame stops growing there, until the page shrinks.
 * CSS bounds the result (`--waftpay-checkout-min-height`, `--waftpay-checkout-max-height`).
 */
export class FrameHeight {
  readonly #frame: HTMLElement;
  readonly #log?: (message: string) => void;
  #height?: number;
  #lastGrowth = 0;
  #lastChangeAt = -Infinity;
  #capped = false;

  constructor(frame: HTMLElement, log?: (message: string) => void) {
    this.#frame = frame;
    this.#log = log;
  }

  report(reported: number): void {
    const next = Math.ceil(reported);
    const delta = this.#height === undefined ? next : next - this.#height;
    if (delta <= 0 && delta >= -1) return;
    if (delta < 0) {
      this.#capped = false;
    } else if (this.#capped) {
      return;
    } else if (delta === this.#lastGrowth && performance.now() - this.#lastChangeAt < reactionWindowMs) {
      this.#capped = true;
      this.#log?.(`the page grows by ${delta}px whenever the frame does; keeping ${this.#height}px`);
      return;
    }
    this.#lastGrowth = Math.max(delta, 0);
    this.#lastChangeAt = performance.now();
    this.#height = next;
    this.#frame.style.height = `${next}px`;
  }
}
