// Who gets the model next. One loaded model has a few sequences (KV slots); chat, code actions
// and completions all ask this scheduler for one. Interactive chat outranks a code action, which
// outranks a completion; a newer completion replaces an older one (the user typed on, the old
// suggestion is worthless); and a waiting chat or action takes a slot from a running completion
// rather than wait behind it. Chats and actions are never preempted: the user asked for each. Generic over the slot type so the policy is tested on its own.

export type Priority = "chat" | "action" | "completion";

const RANK: Record<Priority, number> = { chat: 0, action: 1, completion: 2 };

/** Why a lease's signal was aborted or a request refused. */
export type PreemptReason = "superseded" | "preempted" | "cancelled" | "closed";

export class SchedulerAbort extends Error {
  override readonly name = "SchedulerAbort";
  constructor(readonly reason: PreemptReason) {
    super(
      {
        superseded: "A newer completion request replaced this one.",
        preempted: "A chat or code action needed the model; this completion was stopped.",
        cancelled: "The request was cancelled.",
        closed: "The model was unloaded.",
      }[reason],
    );
  }
}

/** A slot on loan. Generation must watch `signal` and call `release()` when done, whatever happens. */
export interface Lease<S> {
  readonly slot: S;
  readonly priority: Priority;
  /** Aborted when the scheduler takes the slot back (preempted, superseded, closed). */
  readonly signal: AbortSignal;
  release(): void;
}

interface Waiter<S> {
  priority: Priority;
  order: number;
  resolve(lease: Lease<S>): void;
  reject(error: SchedulerAbort): void;
  detach(): void;
}

interface Running<S> {
  lease: Lease<S>;
  controller: AbortController;
  order: number;
}

export class Scheduler<S> {
  private readonly free: S[];
  private readonly waiting: Waiter<S>[] = [];
  private readonly running = new Set<Running<S>>();
  private order = 0;
  private closed = false;

  constructor(slots: readonly S[]) {
    if (slots.length === 0) throw new Error("A scheduler needs at least one slot.");
    this.free = [...slots];
  }

  /** Slots on loan now, by priority (for the status bar and logs). */
  get busy(): Priority[] {
    return [...this.running].map((r) => r.lease.priority);
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a slot once one is free for this priority. Rejects with SchedulerAbort when
   * `signal` aborts first, a newer completion supersedes this one, or the scheduler closes.
   */
  acquire(priority: Priority, signal?: AbortSignal): Promise<Lease<S>> {
    if (this.closed) return Promise.reject(new SchedulerAbort("closed"));
    if (signal?.aborted) return Promise.reject(new SchedulerAbort("cancelled"));
    if (priority === "completion") this.supersedeCompletions();

    return new Promise<Lease<S>>((resolve, reject) => {
      const onAbort = () => {
        this.removeWaiter(waiter);
        reject(new SchedulerAbort("cancelled"));
      };
      const waiter: Waiter<S> = {
        priority,
        order: this.order++,
        resolve,
        reject,
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      this.waiting.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.order - b.order);
      this.dispatch();
      if (this.waiting.includes(waiter)) this.preemptFor(priority);
    });
  }

  /** Refuses new requests and aborts every lease and waiter (the model is being unloaded). */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) {
      waiter.detach();
      waiter.reject(new SchedulerAbort("closed"));
    }
    for (const running of this.running) running.controller.abort(new SchedulerAbort("closed"));
  }

  /** Resolves once every lease has been released (after close(), before disposing the slots). */
  async drained(): Promise<void> {
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private supersedeCompletions(): void {
    for (const waiter of this.waiting.filter((w) => w.priority === "completion")) {
      this.removeWaiter(waiter);
      waiter.reject(new SchedulerAbort("superseded"));
    }
    for (const running of this.running) {
      if (running.lease.priority === "completion") running.controller.abort(new SchedulerAbort("superseded"));
    }
  }

  /** A waiting chat or action takes the slot of the newest running completion. */
  private preemptFor(priority: Priority): void {
    if (priority === "completion") return;
    const victims = [...this.running]
      .filter((r) => r.lease.priority === "completion" && !r.controller.signal.aborted)
      .sort((a, b) => b.order - a.order);
    victims[0]?.controller.abort(new SchedulerAbort("preempted"));
  }

  private removeWaiter(waiter: Waiter<S>): void {
    const index = this.waiting.indexOf(waiter);
    if (index >= 0) this.waiting.splice(index, 1);
    waiter.detach();
  }

  private dispatch(): void {
    while (this.free.length > 0 && this.waiting.length > 0) {
      const waiter = this.waiting.shift()!;
      waiter.detach();
      waiter.resolve(this.lend(this.free.shift()!, waiter.priority));
    }
  }

  private lend(slot: S, priority: Priority): Lease<S> {
    const controller = new AbortController();
    let released = false;
    const running: Running<S> = {
      controller,
      order: this.order++,
      lease: {
        slot,
        priority,
        signal: controller.signal,
        release: () => {
          if (released) return;
          released = true;
          this.running.delete(running);
          this.free.push(slot);
          if (!this.closed) this.dispatch();
        },
      },
    };
    this.running.add(running);
    return running.lease;
  }
}
