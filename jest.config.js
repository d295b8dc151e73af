/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The suites that exist to stress run apart: npm run test:stress (jest.stress.config.js).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/stress/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	// Builds dist/ first when a source is newer: the node tests load the package from dist/ as n8n does.
	globalSetup: '<rootDir>/test/freshBuild.js',
	testTimeout: 60000,
};
