// Runs the warroom CLI from source (tests spawn it as a real process: `node --import tsx …`).
import { runCli } from '../../src/cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
