/**
 * Tells when messages on a pub/sub channel were missed. Every instance numbers what it
 * publishes (`seq` 1, 2, 3, … per process) and also publishes a numbered beat now and then, so a
 * receiver that sees a sender's number jump knows it missed what
 * lay between: its subscriber was reconnecting, ioredis moved it to another Cluster node, or the
 * sender's publish failed. Nothing else can see such a gap on every Redis topology.
 *
 * A sender never heard before counts as a gap only when it did not start at 1 and this receiver
 * has been listening for longer than `graceMs` (a receiver that just started has missed nothing
 * it should know about). Senders not heard for `forgetAfterMs` are forgotten (instances come
 * and go).
 *
 * @example
 * const detector = createMissedMessageDetector({ now: Date.now, graceMs: 4_000, forgetAfterMs: 60_000 });
 * if (detector.seen(message.from, message.seq)) recheckEverything();
 */
export function createMissedMessageDetector(deps: {
  now(): number;
  graceMs: number;
  forgetAfterMs: number;
}) {
  const startedAt = deps.now();
  const senders = new Map<string, { seq: number; at: number }>();
  let lastSweep = startedAt;
  return {
    /** Records message `seq` of `sender`; true when messages of it were missed before this one. */
    seen(sender: string, seq: number): boolean {
      const now = deps.now();
      if (now - lastSweep > deps.forgetAfterMs) {
        lastSweep = now;
        for (const [name, last] of senders) {
          if (now - last.at > deps.forgetAfterMs) senders.delete(name);
        }
      }
      const last = senders.get(sender);
      if (last && seq <= last.seq) return false; // a repeat or out of order: nothing new missed
      senders.set(sender, { seq, at: now });
      if (last) return seq > last.seq + 1;
      return seq > 1 && now - startedAt > deps.graceMs;
    },
  };
}
