const { join } = require('path');

const config = require('../../webpack.app.js')('hub', {
  // The storage thread's script (ADR 0011), started by main.js from beside it.
  additionalEntryPoints: [{ entryName: 'storage-worker', entryPath: 'apps/hub/src/storage-worker.ts' }],
  // The printable timeline's view, read at run time from beside main.js (dist/apps/hub/audit-views).
  assets: [{ input: 'libs/audit/http/src/views', glob: '*.njk', output: 'audit-views' }],
});

// The web pages' Nunjucks views are read at run time from beside main.js (dist/apps/hub/views).
// copy-webpack-plugin is resolved through @nx/webpack, whose dependency it is.
const CopyPlugin = require(require.resolve('copy-webpack-plugin', { paths: [require.resolve('@nx/webpack/package.json')] }));
config.plugins.push(
  new CopyPlugin({ patterns: [{ from: '**/*.njk', context: join(__dirname, '../../libs/web/src/views'), to: 'views' }] }),
);

module.exports = config;
