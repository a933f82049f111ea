#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// The single-file bundle loads several times faster than the module graph it is built from.
const bundle = path.join(__dirname, '..', 'dist', 'celery-lint.bundle.js');
const entry = fs.existsSync(bundle) ? bundle : path.join(__dirname, '..', 'dist', 'src', 'entry.js');
require(entry).run(process.argv.slice(2));
