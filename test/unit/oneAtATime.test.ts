import { oneAtATime, takeTurn } from '../../nodes/Kustomer/shared/oneAtATime';

/** Turns on keys: later turns wait for every earlier turn sharing a key, in the order taken. */

/** Lets every pending promise callback run. */
const settle = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('takeTurn', () => {
	it('runs turns sharing a key in the order they were taken, and others at once', async () => {
		const log: string[] = [];
		const first = takeTurn(['a']);
		const second = takeTurn(['a']);
		const other = takeTurn(['b']);
		void second.ready.then(() => log.push('second'));
		void other.ready.then(() => log.push('other'));
		await first.ready;
		await settle();
		expect(log).toEqual(['other']);
		first.done();
		await settle();
		expect(log).toEqual(['other', 'second']);
		second.done();
		other.done();
	});

	it('makes a turn on two keys wait for both earlier holders', async () => {
		const log: string[] = [];
		const email = takeTurn(['email ada']);
		const externalId = takeTurn(['externalId crm-1']);
		const both = takeTurn(['email ada', 'externalId crm-1']);
		const after = takeTurn(['externalId crm-1']);
		void both.ready.then(() => log.push('both'));
		void after.ready.then(() => log.push('after'));
		email.done();
		await settle();
		expect(log).toEqual([]);
		externalId.done();
		await settle();
		expect(log).toEqual(['both']);
		both.done();
		await settle();
		expect(log).toEqual(['both', 'after']);
		after.done();
	});

	it('keeps later turns behind earlier ones when a turn is given back before its own wait ended', async () => {
		const log: string[] = [];
		const running = takeTurn(['k']);
		const failedEarly = takeTurn(['k']);
		failedEarly.done();
		failedEarly.done();
		const next = takeTurn(['k']);
		void next.ready.then(() => log.push('next'));
		await settle();
		expect(log).toEqual([]);
		running.done();
		await settle();
		expect(log).toEqual(['next']);
		next.done();
	});

	it('oneAtATime runs work one after another per key and passes errors on', async () => {
		const order: number[] = [];
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		const first = oneAtATime('x', async () => {
			await gate;
			order.push(1);
		});
		const second = oneAtATime('x', async () => {
			order.push(2);
			throw new Error('boom');
		});
		await settle();
		expect(order).toEqual([]);
		release();
		await first;
		await expect(second).rejects.toThrow('boom');
		expect(order).toEqual([1, 2]);
		await expect(oneAtATime('x', async () => 'free again')).resolves.toBe('free again');
	});
});
