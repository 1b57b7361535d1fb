#!/usr/bin/env node
'use strict';
// The command-line entry point of the package; the code is built from src/cli into dist/cjs/cli.
require('../dist/cjs/cli/main.js').runMain();
