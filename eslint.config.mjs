// Lint = n8n's community-node verification rules (@n8n/eslint-plugin-community-nodes, recommended set)
// plus eslint-plugin-n8n-nodes-base's community/credentials/nodes rule sets, on TypeScript sources.
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import communityNodes from '@n8n/eslint-plugin-community-nodes';

const base = n8nNodesBase.configs;

export default tseslint.config(
	{
		ignores: ['dist/**', '.build/**', 'node_modules/**', 'coverage/**', 'artifacts/**', 'test/harness/fixture/**', 'e2e/**/node_modules/**'],
	},
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		...communityNodes.configs.recommended,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: {
			...base.community.rules,
			'@n8n/community-nodes/no-runtime-dependencies': 'error',
			'@n8n/community-nodes/valid-peer-dependencies': 'error',
			'@n8n/community-nodes/no-forbidden-lifecycle-scripts': 'error',
			'@n8n/community-nodes/package-name-convention': 'error',
			'@n8n/community-nodes/valid-author': 'error',
			'@n8n/community-nodes/require-files-array': 'error',
			'@n8n/community-nodes/require-homepage': 'error',
			'@n8n/community-nodes/no-overrides-field': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.credentials.rules,
			// Built-in nodes use doc slugs; community packages must give a full URL (community rule).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.nodes.rules,
			// n8n 2.x wants NodeConnectionTypes constants (community rule node-connection-type-literal).
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'sandbox/**/*.ts', 'scripts/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
);
