// Copies the node and credential icons next to the compiled code (tsc copies no SVGs).
const { src, dest, task } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

task('build:icons', copyIcons);
