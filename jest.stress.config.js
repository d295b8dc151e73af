/** The suites that exist to stress (thousands of requests, fuzz, 25,000 records): `npm run test:stress`. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/stress'],
	testPathIgnorePatterns: ['/node_modules/'],
};
