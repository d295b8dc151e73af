/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	// Builds dist/ first when a source is newer: the node tests load the package from dist/ as n8n does.
	globalSetup: '<rootDir>/test/freshBuild.js',
	testTimeout: 60000,
	forceExit: true,
};
