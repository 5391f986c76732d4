#!/usr/bin/env node
'use strict';

// The CLI is written in TypeScript; tsx compiles it on load, so there is no build step.
// Plain CommonJS on purpose: tsx must be registered before any TypeScript is required.
require('tsx/cjs');
const { main } = require('../hardware/cli');

main(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
