module.exports = require('../../webpack.app.js')('audit');
