#!/usr/bin/env node
// `surveylet-collector`: the reference collector without writing code.
import { runCommand } from './collector/command.js';

process.exitCode = await runCommand(process.argv.slice(2));
