module.exports = require('../../webpack.app.js')('decisions');
