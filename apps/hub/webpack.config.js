module.exports = require('../../webpack.app.js')('hub');
