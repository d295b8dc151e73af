/**
 * Read-then-write sequences, one at a time per key in this process. n8n starts all of a run's items
 * at once: two items updating the same record would otherwise read the same state, and the second
 * write would refuse (rev) or undo (a replacing PUT) the first; two items creating or updating "the
 * customer with this email" would each look it up, find nothing and create one each. They run in
 * the order they take their turn, which is item order when the turn is taken in the operation's
 * first preSend (RoutingNode calls it for item 0, 1, 2… in turn, before any of them awaits).
 */
const running = new Map<string, Promise<void>>();

export interface Turn {
	/** Settles once every earlier holder of any of the turn's keys is done. */
	ready: Promise<void>;
	/** Lets the next holders go; safe to call more than once, and before `ready` (an item that failed early). */
	done(): void;
}

/**
 * Takes a turn on several keys at once, synchronously: the turn waits for every earlier turn that
 * holds any of its keys, so an item matching two keys that two earlier items each hold waits for
 * both. Turns only wait for earlier ones, so they cannot wait in a circle.
 */
export function takeTurn(keys: string[]): Turn {
	const unique = [...new Set(keys)];
	const ready = Promise.all(unique.map((key) => running.get(key) ?? Promise.resolve())).then(() => undefined);
	let release: () => void = () => undefined;
	const mine = new Promise<void>((resolve) => {
		release = resolve;
	});
	const queue = ready.then(async () => await mine);
	for (const key of unique) running.set(key, queue);
	let released = false;
	return {
		ready,
		done() {
			if (released) return;
			released = true;
			release();
			// A key is forgotten only once its queue has settled: a turn given back early (before
			// `ready`) must still hold later turns behind the earlier ones.
			void queue.then(() => {
				for (const key of unique) if (running.get(key) === queue) running.delete(key);
			});
		},
	};
}

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const turn = takeTurn([key]);
	try {
		await turn.ready;
		return await work();
	} finally {
		turn.done();
	}
}
