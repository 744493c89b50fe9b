// The printable timeline's Nunjucks view is read at run time from beside main.js (dist/apps/audit/audit-views).
module.exports = require('../../webpack.app.js')('audit', {
  assets: [{ input: 'libs/audit/http/src/views', glob: '*.njk', output: 'audit-views' }],
});
