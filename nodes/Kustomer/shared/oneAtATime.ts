/**
 * Read-then-write sequences on one record, one at a time per record in this process. n8n starts all
 * of a run's items at once: two items updating the same record would otherwise read the same state,
 * and the second write would refuse (rev) or undo (a replacing PUT) the first. They run in the order
 * they start, which is item order.
 */
const running = new Map<string, Promise<void>>();

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const before = running.get(key) ?? Promise.resolve();
	let release: () => void = () => undefined;
	const mine = new Promise<void>((resolve) => {
		release = resolve;
	});
	const queue = before.then(async () => await mine);
	running.set(key, queue);
	try {
		await before;
		return await work();
	} finally {
		release();
		if (running.get(key) === queue) running.delete(key);
	}
}
