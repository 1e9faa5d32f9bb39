// Who gets the model next. One loaded model has a few sequences (KV slots); chat, code actions
// and completions all ask this scheduler for one. Interactive chat outranks a code action, which
// outranks a completion; a newer completion replaces an older one (the user typed on, the old
// suggestion is worthless); and a waiting chat or action takes a slot from a running completion
// rather than wait behind it. Chats and actions are never preempted: the user asked for each. Generic over the slot type so the policy is tested on its own.
//
// Lanes: when slots are tagged with a lane (chat, completion, other: lanes.ts), a request for a
// lane takes only that lane's slots, so callers of different kinds run side by side; the
// priorities above still hold among callers that share slots (one lane, or no lanes at all).
// Affinity: a request naming its conversation gets the slot that conversation used last when it
// is free, else the slot used longest ago, so a conversation's KV-cache prefix stays warm.

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

/** Which slots a request may take, and which conversation it belongs to. */
export interface AcquireOptions {
  /** Take only slots of this lane (when any slot has it; otherwise any slot). */
  lane?: string;
  /** The conversation (or other owner) whose KV cache should be reused: same key, same slot. */
  affinity?: string;
}

interface Waiter<S> {
  priority: Priority;
  lane: string | undefined;
  affinity: string | undefined;
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

interface SlotUse {
  /** The affinity key of the slot's last user (a fresh symbol for a request without one). */
  owner: string | symbol | undefined;
  lastUsed: number;
}

export class Scheduler<S> {
  private readonly free: S[];
  private readonly waiting: Waiter<S>[] = [];
  private readonly running = new Set<Running<S>>();
  private readonly all: readonly S[];
  private readonly uses = new Map<S, SlotUse>();
  private order = 0;
  private closed = false;

  constructor(
    slots: readonly S[],
    /** The lane a slot serves (undefined: any request may take it). */
    private readonly laneOf: (slot: S) => string | undefined = () => undefined,
  ) {
    if (slots.length === 0) throw new Error("A scheduler needs at least one slot.");
    this.all = [...slots];
    this.free = [...slots];
    for (const slot of slots) this.uses.set(slot, { owner: undefined, lastUsed: -1 });
  }

  /** The affinity key of the slot's last user, if it gave one (for logs and tests). */
  lastOwnerOf(slot: S): string | undefined {
    const owner = this.uses.get(slot)?.owner;
    return typeof owner === "string" ? owner : undefined;
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
  acquire(priority: Priority, signal?: AbortSignal, options: AcquireOptions = {}): Promise<Lease<S>> {
    if (this.closed) return Promise.reject(new SchedulerAbort("closed"));
    if (signal?.aborted) return Promise.reject(new SchedulerAbort("cancelled"));
    const lane = options.lane !== undefined && this.all.some((slot) => this.laneOf(slot) === options.lane) ? options.lane : undefined;
    if (priority === "completion") this.supersedeCompletions();

    return new Promise<Lease<S>>((resolve, reject) => {
      const onAbort = () => {
        this.removeWaiter(waiter);
        reject(new SchedulerAbort("cancelled"));
      };
      const waiter: Waiter<S> = {
        priority,
        lane,
        affinity: options.affinity,
        order: this.order++,
        resolve,
        reject,
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      this.waiting.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.order - b.order);
      this.dispatch();
      if (this.waiting.includes(waiter)) this.preemptFor(waiter);
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

  /** A waiting chat or action takes the slot of the newest running completion it could use. */
  private preemptFor(waiter: Waiter<S>): void {
    if (waiter.priority === "completion") return;
    const victims = [...this.running]
      .filter((r) => r.lease.priority === "completion" && !r.controller.signal.aborted && this.usable(waiter, r.lease.slot))
      .sort((a, b) => b.order - a.order);
    victims[0]?.controller.abort(new SchedulerAbort("preempted"));
  }

  private removeWaiter(waiter: Waiter<S>): void {
    const index = this.waiting.indexOf(waiter);
    if (index >= 0) this.waiting.splice(index, 1);
    waiter.detach();
  }

  private usable(waiter: Waiter<S>, slot: S): boolean {
    return waiter.lane === undefined || this.laneOf(slot) === waiter.lane;
  }

  /** Hands free slots to waiters, best priority first; a waiter whose lane is full lets the next one by. */
  private dispatch(): void {
    for (let i = 0; i < this.waiting.length && this.free.length > 0; ) {
      const waiter = this.waiting[i]!;
      const slot = this.pickSlot(waiter);
      if (slot === undefined) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.free.splice(this.free.indexOf(slot), 1);
      waiter.detach();
      const use = this.uses.get(slot)!;
      use.owner = waiter.affinity ?? Symbol("anonymous");
      use.lastUsed = this.order++;
      waiter.resolve(this.lend(slot, waiter.priority));
    }
  }

  /** The waiter's own slot from last time if free, else a never-used one, else the one used longest ago. */
  private pickSlot(waiter: Waiter<S>): S | undefined {
    const candidates = this.free.filter((slot) => this.usable(waiter, slot));
    if (candidates.length === 0) return undefined;
    if (waiter.affinity !== undefined) {
      const own = candidates.find((slot) => this.uses.get(slot)!.owner === waiter.affinity);
      if (own !== undefined) return own;
    }
    return candidates.reduce((best, slot) => (this.uses.get(slot)!.lastUsed < this.uses.get(best)!.lastUsed ? slot : best));
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
