'use strict';
// `fs/promises` for the single executable's bundle: see embedded-fs.js.
module.exports = require('./embedded-fs.js').promises;
